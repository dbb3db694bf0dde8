package io.vstack.lane;

/** How lanes are mapped onto threads (Aeron style): configuration, not separate code paths. */
public enum ThreadingMode {
  /**
   * One thread per lane, pinned to its core with {@code sched_setaffinity}; the dispatcher and
   * scaling controller share one more thread, the slow path another.
   */
  DEDICATED,
  /** Every agent (dispatcher, controller, lanes, slow path) in one CompositeAgent on one thread. */
  SHARED
}
