package io.vstack.lane;

import io.vstack.port.FrameBatch;
import io.vstack.port.Port;
import io.vstack.port.ReceivedBuffers;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * {@link FrameSource#of(Port)}: a port's receive queue, polled the way the port's frame lifetime
 * ({@link Port}) requires when the caller keeps frames beyond the next poll. A port that copies
 * into the batch is polled as it is. A port that hands its receive buffers over does so in {@link
 * #poll(FrameBatch, ReceivedBuffers)}. Otherwise (and in {@link #poll(FrameBatch)}, which has no
 * buffer set, e.g. through a wrapper that forwards only that) the port receives into a scratch
 * batch whose frames are copied into the caller's batch right away, while they are still valid.
 */
final class PortFrameSource implements FrameSource {
  private final Port port;
  private final boolean handsOver;
  private final boolean lends;
  private boolean copied;
  private final UnsafeBuffer view = new UnsafeBuffer(0, 0);
  private FrameBatch scratch;

  /** For the k-th frame the last copying poll appended: its index in {@link #scratch}. */
  private int[] scratchIndex;

  /** Index in the caller's batch of the first frame the last copying poll appended. */
  private int base;

  private int appended;

  PortFrameSource(final Port port) {
    this.port = port;
    this.handsOver = port.canHandOverReceived();
    this.lends = !port.framesOutliveNextReceive();
  }

  @Override
  public int poll(final FrameBatch batch) {
    copied = lends;
    return lends ? copy(batch) : port.receive(batch);
  }

  @Override
  public int poll(final FrameBatch batch, final ReceivedBuffers received) {
    if (handsOver) {
      copied = false;
      return port.receive(batch, received);
    }
    return poll(batch);
  }

  @Override
  public void release(final ReceivedBuffers received) {
    port.freeReceived(received);
  }

  @Override
  public boolean hasFrames() {
    return port.hasReceivable();
  }

  @Override
  public long mark(final int index) {
    if (!copied) {
      return port.mark(index);
    }
    final int k = index - base;
    return k >= 0 && k < appended ? port.mark(scratchIndex[k]) : Port.NO_MARK;
  }

  /** Receives at most {@code batch.remaining()} frames into the scratch batch and copies them. */
  private int copy(final FrameBatch batch) {
    final int room = batch.remaining();
    base = batch.size();
    appended = 0;
    if (room == 0) {
      return 0;
    }
    if (scratch == null
        || scratch.capacity() < room
        || scratch.frameCapacity() != batch.frameCapacity()) {
      // once per source (its batches are all alike); the old scratch's frames are copied already
      if (scratch != null) {
        scratch.close();
      }
      scratch = new FrameBatch(batch.capacity(), batch.frameCapacity());
      scratchIndex = new int[batch.capacity()];
    }
    scratch.clear();
    scratch.limit(room);
    port.receive(scratch);
    for (int j = 0; j < scratch.size(); j++) {
      if (batch.add(scratch.wrap(j, view), 0, scratch.length(j)) >= 0) {
        scratchIndex[appended++] = j;
      } else {
        port.counters().onRxDropped();
      }
    }
    return appended;
  }
}
