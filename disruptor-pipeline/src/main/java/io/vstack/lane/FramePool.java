package io.vstack.lane;

import io.vstack.port.FrameBatch;
import io.vstack.port.ReceivedBuffers;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * The dispatcher's receive batches, each with a count of frames still owned by lanes. A batch is
 * reused only when that count is back to 0, i.e. when every lane that got one of its frames has
 * handled it: this is what lets ring slots point at batch memory instead of copying frames.
 *
 * <p>Each batch also carries the {@link ReceivedBuffers} its source handed over when it filled the
 * batch ({@link FrameSource#poll(FrameBatch, ReceivedBuffers)}: a DPDK port's mbufs, which the
 * frames point into). They move with the batch: a batch that holds buffers counts one extra
 * "frame", and the lane whose release leaves only that one gives the buffers back to the source
 * ({@link FrameSource#release}) before it clears the count, so the dispatcher never refills a batch
 * whose buffers are not freed yet, and frees happen on the lane threads, one bulk call per batch.
 *
 * <pre>
 *   acquire ─► poll(batch, received) ─► hold: frames (+1 when received holds buffers)
 *   lanes: release(frames) … the release that leaves 1 ─► source.release(received) ─► 0: reusable
 * </pre>
 *
 * <p>{@link #acquire}, {@link #received} and {@link #hold} are called by the dispatcher only;
 * {@link #release} by the lanes (once per batch id per lane batch, not per frame).
 */
final class FramePool implements AutoCloseable {
  private final FrameBatch[] batches;
  private final ReceivedBuffers[] received;

  /**
   * The source that filled each batch holding buffers; written before {@link #hold}'s volatile
   * write, read by the lane that frees them after its atomic update: ordered by {@link
   * #outstanding}.
   */
  private final FrameSource[] heldFrom;

  private final AtomicIntegerArray outstanding;

  FramePool(final int batches, final int framesPerBatch, final int frameCapacity) {
    this.batches = new FrameBatch[batches];
    this.received = new ReceivedBuffers[batches];
    for (int i = 0; i < batches; i++) {
      this.batches[i] = new FrameBatch(framesPerBatch, frameCapacity);
      this.received[i] = new ReceivedBuffers(framesPerBatch);
    }
    this.heldFrom = new FrameSource[batches];
    this.outstanding = new AtomicIntegerArray(batches);
  }

  int size() {
    return batches.length;
  }

  FrameBatch batch(final int id) {
    return batches[id];
  }

  /** Where the source that fills batch {@code id} hands its buffers over (empty when acquired). */
  ReceivedBuffers received(final int id) {
    return received[id];
  }

  /**
   * The lowest-numbered batch no lane holds, cleared. Lowest first, not round robin: the batches
   * lanes hand back soonest are reused while their memory is still in the cache, instead of every
   * receive copying into the coldest of the pool's megabytes.
   *
   * @return its id, or -1 when every batch is still held.
   */
  int acquire() {
    for (int id = 0; id < batches.length; id++) {
      if (outstanding.get(id) == 0) {
        batches[id].clear();
        return id;
      }
    }
    return -1;
  }

  /**
   * Marks {@code frames} frames of batch {@code id}, filled by {@code source}, as handed to lanes.
   * Before publishing them.
   */
  void hold(final int id, final int frames, final FrameSource source) {
    if (received[id].isEmpty()) {
      outstanding.set(id, frames);
    } else {
      heldFrom[id] = source;
      outstanding.set(id, frames + 1);
    }
  }

  /**
   * Gives the buffers {@code source} handed over for batch {@code id} back at once, when the batch
   * is not held (the poll appended nothing).
   */
  void discard(final int id, final FrameSource source) {
    final ReceivedBuffers buffers = received[id];
    if (!buffers.isEmpty()) {
      try {
        source.release(buffers);
      } finally {
        buffers.clear();
      }
    }
  }

  /**
   * A lane is done with {@code frames} frames of batch {@code id}; the lane that hands back the
   * last one frees the batch's buffers (see the class comment).
   */
  void release(final int id, final int frames) {
    // "== 1" means done only for a batch holding buffers: the extra count is then this lane's to
    // drop; the dispatcher filled `received` before hold, so reading it here is ordered.
    if (outstanding.addAndGet(id, -frames) == 1 && !received[id].isEmpty()) {
      final FrameSource source = heldFrom[id];
      heldFrom[id] = null;
      try {
        source.release(received[id]);
      } finally {
        received[id].clear();
        outstanding.decrementAndGet(id);
      }
    }
  }

  /** Frames handed to lanes and not yet released, over all batches. */
  long outstandingFrames() {
    long sum = 0;
    for (int i = 0; i < batches.length; i++) {
      sum += outstanding.get(i);
    }
    return sum;
  }

  /**
   * Frees the batches, and gives back the buffers of batches whose frames were never all handled
   * (lanes stopped at a shutdown timeout). Only once no lane or dispatcher runs.
   */
  @Override
  public void close() {
    for (int i = 0; i < batches.length; i++) {
      if (heldFrom[i] != null) {
        discard(i, heldFrom[i]);
        heldFrom[i] = null;
      }
      batches[i].close();
      received[i].close();
    }
  }
}
