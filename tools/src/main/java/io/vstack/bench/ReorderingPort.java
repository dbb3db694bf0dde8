package io.vstack.bench;

import io.vstack.port.FrameBatch;
import io.vstack.port.Port;
import io.vstack.port.PortCounters;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The client's NIC in the isolation bench. Optionally steers one tenant's frames to a queue of
 * their own ({@code steered}: what a NIC rule "VNI → QUEUE" does on the receiving host), and
 * reorders part of another tenant's transmitted frames: every {@code every}th frame the classifier
 * selects is held back and sent after the next selected frame (usually the next segment of the same
 * connection, since a sender writes a connection's segments back to back), so the receiver sees
 * out-of-order segments. Other frames pass in order. Frames the wire refuses are dropped and
 * counted ({@link #wireDrops()}), as a full NIC queue would.
 */
final class ReorderingPort implements Port {
  /** Says whether a frame is one of those to reorder. */
  @FunctionalInterface
  interface Selector {
    boolean select(long address, int length);
  }

  private final Port wire;
  private final Port steeredWire;
  private final Selector steer;
  private final Selector selector;
  private final int every;
  private final FrameBatch out;
  private final FrameBatch held;
  private final FrameBatch steered;
  private final UnsafeBuffer view = new UnsafeBuffer(0, 0);
  private long selected;
  private long reordered;
  private long wireDrops;

  /**
   * @param steeredWire where frames {@code steer} picks go, or null: all go to {@code wire}
   * @param selector the frames to reorder
   */
  ReorderingPort(
      final Port wire,
      final Port steeredWire,
      final Selector steer,
      final Selector selector,
      final int every,
      final int burst) {
    this.wire = wire;
    this.steeredWire = steeredWire;
    this.steer = steer;
    this.steered = new FrameBatch(burst, wire.maxFrameLength());
    this.selector = selector;
    this.every = every;
    this.out = new FrameBatch(burst + 1, wire.maxFrameLength());
    this.held = new FrameBatch(1, wire.maxFrameLength());
  }

  @Override
  public String name() {
    return "reorder:" + wire.name();
  }

  @Override
  public int maxFrameLength() {
    return wire.maxFrameLength();
  }

  @Override
  public int receive(final FrameBatch batch) {
    return wire.receive(batch);
  }

  @Override
  public int transmit(final FrameBatch batch) {
    out.clear();
    steered.clear();
    for (int i = 0; i < batch.size() && out.remaining() > 1 && !steered.isFull(); i++) {
      final long address = batch.address(i);
      final int length = batch.length(i);
      if (steeredWire != null && steer.select(address, length)) {
        steered.addExternal(address, length);
        continue;
      }
      final boolean chosen = every > 0 && selector.select(address, length);
      if (chosen && held.isEmpty() && ++selected % every == 0) {
        view.wrap(address, length);
        held.add(view, 0, length);
        continue;
      }
      out.addExternal(address, length);
      if (chosen && !held.isEmpty()) {
        held.wrap(0, view);
        out.add(view, 0, held.length(0));
        held.clear();
        reordered++;
      }
    }
    final int taken = out.isEmpty() ? 0 : wire.transmit(out);
    wireDrops += out.size() - taken;
    if (!steered.isEmpty()) {
      wireDrops += steered.size() - steeredWire.transmit(steered);
    }
    return batch.size();
  }

  /** Frames sent after a later frame of the same tenant. */
  long reordered() {
    return reordered;
  }

  /** Frames the wire had no room for. */
  long wireDrops() {
    return wireDrops;
  }

  @Override
  public PortCounters counters() {
    return wire.counters();
  }

  @Override
  public void close() {
    out.close();
    held.close();
    steered.close();
  }
}
