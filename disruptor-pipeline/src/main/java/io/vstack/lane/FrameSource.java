package io.vstack.lane;

import io.vstack.port.FrameBatch;
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
   * io.vstack.port.Port#hasReceivable}); false when it cannot tell.
   */
  default boolean hasFrames() {
    return false;
  }

  /** A port's receive queue as a source. */
  static FrameSource of(final io.vstack.port.Port port) {
    return new FrameSource() {
      @Override
      public int poll(final FrameBatch batch) {
        return port.receive(batch);
      }

      @Override
      public boolean hasFrames() {
        return port.hasReceivable();
      }
    };
  }
}
