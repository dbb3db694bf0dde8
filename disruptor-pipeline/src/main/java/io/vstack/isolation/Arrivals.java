package io.vstack.isolation;

import io.vstack.lane.FrameSource;
import java.util.List;

/**
 * Whether frames are waiting that the lane has not taken yet (a receive queue's next slot is
 * filled). A {@link TenantLane} asks after each group of its slice and, if so, ends the slice
 * there: the duty cycle returns, the dispatcher takes the new frames, and the scheduler can serve a
 * woken tenant after one group instead of after the rest of the slice.
 */
@FunctionalInterface
public interface Arrivals {
  /** Never tells: slices end by their frame and time limits only. */
  Arrivals NONE = () -> false;

  /** True when a frame is waiting (lane thread; must be cheap: a peek, no receive). */
  boolean waiting();

  /** Any of these sources has a frame waiting ({@link FrameSource#hasFrames}). */
  static Arrivals of(final List<FrameSource> sources) {
    final FrameSource[] array = sources.toArray(new FrameSource[0]);
    return () -> {
      for (final FrameSource source : array) {
        if (source.hasFrames()) {
          return true;
        }
      }
      return false;
    };
  }
}
