package io.vstack.lane;

import io.vstack.slowpath.SlowPathChannel;

/** Makes the {@link LaneHandler} of each lane. */
@FunctionalInterface
public interface LaneHandlerFactory {
  /**
   * @param lane the lane's number, 0-based.
   * @param slowPath the lane's non-blocking way to the slow-path agent.
   */
  LaneHandler newHandler(int lane, SlowPathChannel slowPath);
}
