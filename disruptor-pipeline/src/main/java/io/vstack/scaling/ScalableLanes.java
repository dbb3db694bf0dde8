package io.vstack.scaling;

/**
 * What the {@link ScalingController} needs from the lanes. Every method is called on the thread
 * that runs the controller, which must be the thread that owns the indirection table (the lanes
 * runtime composes the controller with its dispatcher for this reason).
 */
public interface ScalableLanes {
  int laneCount();

  /** True when the lane takes flows: neither parked nor being drained for parking. */
  boolean isActive(int lane);

  /** Nanoseconds the lane has spent doing work since it started; only ever grows. */
  long busyNanos(int lane);

  /** True when no entry is being moved and no lane is being parked, so a new change may start. */
  boolean isSettled();

  /** Wakes a parked lane and moves a fair share of entries to it. */
  void wake(int lane);

  /** Moves every entry off an active lane and parks it once it has drained. */
  void park(int lane);
}
