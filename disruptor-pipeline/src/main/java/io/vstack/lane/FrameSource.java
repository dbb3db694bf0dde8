package io.vstack.lane;

import io.vstack.port.FrameBatch;
import io.vstack.port.Port;
import io.vstack.port.ReceivedBuffers;
import io.vstack.rss.FlowKeyExtractor;

/**
 * Where the dispatcher takes frames from: a port's receive queue ({@link #of(io.vstack.port.Port)})
 * or a tenant's transmit queue. Non-blocking; called on the dispatcher's thread only, except {@link
 * #release}.
 *
 * <p>The dispatcher keeps each batch until every lane is done with its frames, long after it polled
 * this source again, so it polls through {@link #poll(FrameBatch, ReceivedBuffers)}: the frames
 * must stay valid until {@link #release} (or, when nothing was handed over, until the batch is
 * reused). Frames in the batch's own storage, or in memory that outlives the lanes, do; a source
 * whose frames live in buffers it frees or reuses at its next poll hands them over instead.
 */
@FunctionalInterface
public interface FrameSource {
  /**
   * Appends up to {@code batch.remaining()} frames to {@code batch}.
   *
   * @return frames appended; 0 when none is waiting.
   */
  int poll(FrameBatch batch);

  /**
   * Appends frames like {@link #poll(FrameBatch)} for a caller that keeps them beyond this source's
   * next poll. A source whose frames point into buffers it would free at its next poll (DPDK mbufs)
   * hands those buffers over in {@code received} (at most {@code received.remaining()} frames);
   * they stay valid until the caller passes {@code received} to {@link #release}. The default polls
   * {@link #poll(FrameBatch)} and hands nothing over: right for frames in the batch's own storage
   * or in memory that outlives the batch.
   */
  default int poll(final FrameBatch batch, final ReceivedBuffers received) {
    return poll(batch);
  }

  /**
   * Gives back (frees) the buffers one {@link #poll(FrameBatch, ReceivedBuffers)} handed over,
   * after every frame of it was handled, and empties {@code received}. Called on the thread of the
   * lane that handled the last of those frames (or the dispatcher's, or the closing thread's), once
   * per such poll, never twice at once for one {@code received}. The default empties it.
   */
  default void release(final ReceivedBuffers received) {
    received.clear();
  }

  /**
   * How the dispatcher reads the flow key of this source's frames, or null (the default) for the
   * lanes' {@link io.vstack.lane.LanesContext#flowKeyExtractor() extractor}. A tenant's transmit
   * queue returns its own: its frames are inner frames and its tenant is known.
   */
  default FlowKeyExtractor flowKeys() {
    return null;
  }

  /**
   * Whether a frame is waiting, when the source can tell without taking it ({@link
   * Port#hasReceivable}); false when it cannot tell.
   */
  default boolean hasFrames() {
    return false;
  }

  /**
   * The NIC MARK of a frame the last {@link #poll} appended ({@link Port#mark}): the id of the
   * steering rule's MARK action, which the lanes' {@link MarkSlots} turn into a tenant slot. Valid
   * only until the next poll of this source (a DPDK port reads it from its last burst's mbufs): the
   * dispatcher reads each frame's MARK before it polls any source again.
   *
   * @param index the frame's index in the batch the last poll filled
   * @return the id, or {@link Port#NO_MARK} (the default: sources without NIC classification)
   */
  default long mark(final int index) {
    return Port.NO_MARK;
  }

  /**
   * A port's receive queue as a source, with the port's NIC MARKs, giving the lanes frames that
   * stay valid as long as they need them, by what the port guarantees ({@link Port}): a port that
   * {@link Port#canHandOverReceived() hands its buffers over} (DPDK) does so, without a copy, and
   * gets them back when the lanes are done; a port that {@link Port#framesOutliveNextReceive()
   * copies into the batch} is polled as it is; any other port's frames are copied into the batch
   * (one copy per frame, and a scratch batch per source, allocated at the first such poll), also a
   * hand-over port's when polled through {@link #poll(FrameBatch)} (a wrapping source that does not
   * forward {@link #poll(FrameBatch, ReceivedBuffers)} and {@link #release} costs a copy, never
   * validity).
   */
  static FrameSource of(final Port port) {
    return new PortFrameSource(port);
  }
}
