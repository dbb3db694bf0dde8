package io.vstack.port;

import java.lang.foreign.Arena;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One end of an in-process Ethernet wire, for tests and benchmarks: frames {@link #transmit
 * transmitted} on one end are {@link #receive received}, in order, on the other.
 *
 * <pre>
 *   a.transmit ──► [ring a→b: slots × maxFrameLength, off-heap] ──► b.receive
 *   a.receive  ◄── [ring b→a]                                  ◄── b.transmit
 * </pre>
 *
 * <p>Each direction is a bounded ring of preallocated slots; a frame sent while the peer's ring is
 * full is dropped and counted in {@link PortCounters#txDropped()} (and still counts as taken), like
 * a NIC whose queue overflows. Frames longer than {@link #maxFrameLength()} are dropped the same
 * way. A received frame that does not fit the caller's batch slot is dropped and counted in {@link
 * PortCounters#rxDropped()}. Steady state allocates nothing.
 *
 * <p>Each end is driven by one thread at a time; the two ends may be driven by different threads.
 * The wire's memory is released when both ends are closed.
 */
public final class MemoryPort implements Port {
  /** Slots per direction of {@link #pair(String, String)}. */
  public static final int DEFAULT_SLOTS = 1024;

  /** The largest frame of {@link #pair(String, String)}: 1500-byte MTU plus the Ethernet header. */
  public static final int DEFAULT_MAX_FRAME_LENGTH = 1514;

  /** Both ends of a wire. Closing the pair closes both. */
  public record Pair(MemoryPort a, MemoryPort b) implements AutoCloseable {
    @Override
    public void close() {
      a.close();
      b.close();
    }
  }

  private final String name;
  private final int maxFrameLength;
  private final FrameRing rx;
  private final FrameRing tx;
  private final Wire wire;
  private final PortCounters counters = new PortCounters();
  private boolean closed;

  private MemoryPort(
      final String name,
      final int maxFrameLength,
      final FrameRing rx,
      final FrameRing tx,
      final Wire wire) {
    this.name = "memory:" + name;
    this.maxFrameLength = maxFrameLength;
    this.rx = rx;
    this.tx = tx;
    this.wire = wire;
  }

  /** A wire of {@link #DEFAULT_SLOTS} slots per direction and {@link #DEFAULT_MAX_FRAME_LENGTH}. */
  public static Pair pair(final String nameA, final String nameB) {
    return pair(nameA, nameB, DEFAULT_SLOTS, DEFAULT_MAX_FRAME_LENGTH);
  }

  /**
   * A wire between two new ends.
   *
   * @param slots frames each direction buffers before dropping, at least 1 (rounded up to a power
   *     of two).
   * @param maxFrameLength the largest frame carried, 14 to 65535 bytes.
   */
  public static Pair pair(
      final String nameA, final String nameB, final int slots, final int maxFrameLength) {
    if (slots < 1 || slots > 1 << 20) {
      throw new IllegalArgumentException("slots must be in [1, 1048576]: " + slots);
    }
    if (maxFrameLength < 14 || maxFrameLength > 65535) {
      throw new IllegalArgumentException(
          "maxFrameLength must be in [14, 65535]: " + maxFrameLength);
    }
    final Wire wire = new Wire();
    final FrameRing aToB = new FrameRing(wire.arena, slots, maxFrameLength);
    final FrameRing bToA = new FrameRing(wire.arena, slots, maxFrameLength);
    return new Pair(
        new MemoryPort(nameA, maxFrameLength, bToA, aToB, wire),
        new MemoryPort(nameB, maxFrameLength, aToB, bToA, wire));
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public int maxFrameLength() {
    return maxFrameLength;
  }

  /** Frames each direction holds before dropping. */
  public int slots() {
    return tx.capacity();
  }

  /** Frames sent by the peer and not yet received here. */
  public int pending() {
    return rx.size();
  }

  @Override
  public boolean hasReceivable() {
    return !closed && rx.peekLength() >= 0;
  }

  /** True: Frames are copied out of the wire's ring into the batch's storage. */
  @Override
  public boolean framesOutliveNextReceive() {
    return true;
  }

  @Override
  public int receive(final FrameBatch batch) {
    if (closed) {
      return 0;
    }
    int received = 0;
    int length;
    while (batch.remaining() > 0 && (length = rx.peekLength()) >= 0) {
      if (length > batch.frameCapacity()) {
        counters.onRxDropped();
      } else {
        final int index = batch.claim();
        rx.copyOldest(batch.address(index));
        batch.length(index, length);
        counters.onReceive(length);
        received++;
      }
      rx.removeOldest();
    }
    return received;
  }

  @Override
  public int transmit(final FrameBatch batch) {
    if (closed) {
      return 0;
    }
    final int size = batch.size();
    for (int i = 0; i < size; i++) {
      final int length = batch.length(i);
      if (length > maxFrameLength || !tx.offer(batch.address(i), length)) {
        counters.onTxDropped();
      } else {
        counters.onTransmit(length);
      }
    }
    return size;
  }

  @Override
  public PortCounters counters() {
    return counters;
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      wire.release();
    }
  }

  @Override
  public String toString() {
    return name + " (" + counters + ")";
  }

  /** The memory both ends share, freed when the second end closes. */
  private static final class Wire {
    private final Arena arena = Arena.ofShared();
    private final AtomicInteger openEnds = new AtomicInteger(2);

    void release() {
      if (openEnds.decrementAndGet() == 0) {
        arena.close();
      }
    }
  }
}
