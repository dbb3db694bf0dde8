package io.vstack.lane;

import io.vstack.port.FrameBatch;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * The dispatcher's receive batches, each with a count of frames still owned by lanes. A batch is
 * reused only when that count is back to 0, i.e. when every lane that got one of its frames has
 * handled it: this is what lets ring slots point at batch memory instead of copying frames.
 *
 * <p>{@link #acquire} and {@link #hold} are called by the dispatcher only; {@link #release} by the
 * lanes (once per batch id per lane batch, not per frame).
 */
final class FramePool implements AutoCloseable {
  private final FrameBatch[] batches;
  private final AtomicIntegerArray outstanding;
  private int cursor;

  FramePool(final int batches, final int framesPerBatch, final int frameCapacity) {
    this.batches = new FrameBatch[batches];
    for (int i = 0; i < batches; i++) {
      this.batches[i] = new FrameBatch(framesPerBatch, frameCapacity);
    }
    this.outstanding = new AtomicIntegerArray(batches);
  }

  int size() {
    return batches.length;
  }

  FrameBatch batch(final int id) {
    return batches[id];
  }

  /**
   * A batch no lane holds, cleared.
   *
   * @return its id, or -1 when every batch is still held.
   */
  int acquire() {
    for (int i = 0; i < batches.length; i++) {
      final int id = cursor;
      cursor = id + 1 == batches.length ? 0 : id + 1;
      if (outstanding.get(id) == 0) {
        batches[id].clear();
        return id;
      }
    }
    return -1;
  }

  /** Marks {@code frames} frames of batch {@code id} as handed to lanes. Before publishing them. */
  void hold(final int id, final int frames) {
    outstanding.set(id, frames);
  }

  /** A lane is done with {@code frames} frames of batch {@code id}. */
  void release(final int id, final int frames) {
    outstanding.addAndGet(id, -frames);
  }

  /** Frames handed to lanes and not yet released, over all batches. */
  long outstandingFrames() {
    long sum = 0;
    for (int i = 0; i < batches.length; i++) {
      sum += outstanding.get(i);
    }
    return sum;
  }

  @Override
  public void close() {
    for (final FrameBatch batch : batches) {
      batch.close();
    }
  }
}
