package io.vstack.lane;

import io.vstack.port.FrameBatch;
import io.vstack.port.Port;
import io.vstack.rss.FlowKeyExtractor;

/**
 * Where the dispatcher takes frames from: a port's receive queue ({@link #of(io.vstack.port.Port)})
 * or a tenant's transmit queue. Non-blocking; called on the dispatcher's thread only.
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
   * only until the next poll of this source (a DPDK port frees the mbufs that carry it then): the
   * dispatcher reads each frame's MARK before it polls any source again.
   *
   * @param index the frame's index in the batch the last poll filled
   * @return the id, or {@link Port#NO_MARK} (the default: sources without NIC classification)
   */
  default long mark(final int index) {
    return Port.NO_MARK;
  }

  /** A port's receive queue as a source, with the port's NIC MARKs. */
  static FrameSource of(final Port port) {
    return new FrameSource() {
      @Override
      public int poll(final FrameBatch batch) {
        return port.receive(batch);
      }

      @Override
      public boolean hasFrames() {
        return port.hasReceivable();
      }

      @Override
      public long mark(final int index) {
        return port.mark(index);
      }
    };
  }
}
