package io.vstack.lane;

/**
 * Names and defaults of the lanes' settings (Aeron style). Each {@code *_PROP} is a system property
 * that sets the default of the matching {@link LanesContext} setter.
 */
public final class LanesConfiguration {
  /** {@link ThreadingMode}: {@code DEDICATED} or {@code SHARED}. */
  public static final String THREADING_MODE_PROP = "vstack.lanes.threadingMode";

  public static final ThreadingMode THREADING_MODE_DEFAULT = ThreadingMode.SHARED;

  /** Number of lanes (active and parked), at least 1. */
  public static final String LANE_COUNT_PROP = "vstack.lanes.count";

  public static final int LANE_COUNT_DEFAULT = 1;

  /** Lanes awake at start (the others start parked); 0 means all. */
  public static final String INITIAL_ACTIVE_PROP = "vstack.lanes.initialActive";

  public static final int INITIAL_ACTIVE_DEFAULT = 0;

  /** Slots of each lane's Disruptor ring: a power of two, at least 8. */
  public static final String RING_SIZE_PROP = "vstack.lanes.ringSize";

  public static final int RING_SIZE_DEFAULT = 1024;

  /**
   * CPUs for {@link ThreadingMode#DEDICATED} lanes, as a Linux CPU list ({@code 2-5}); lane {@code
   * i} is pinned to the {@code i mod n}-th. Empty: the CPUs the process may use. In {@code SHARED}
   * mode the one thread is pinned to the first, and only when CPUs are given.
   */
  public static final String CORES_PROP = "vstack.lanes.cores";

  public static final String CORES_DEFAULT = "";

  /** CPUs for the dispatcher thread of {@code DEDICATED} mode; empty: not pinned. */
  public static final String DISPATCHER_CORES_PROP = "vstack.lanes.dispatcherCores";

  public static final String DISPATCHER_CORES_DEFAULT = "";

  /** {@link IdleMode} of lane and dispatcher threads. */
  public static final String IDLE_MODE_PROP = "vstack.lanes.idleMode";

  public static final IdleMode IDLE_MODE_DEFAULT = IdleMode.BACKOFF_PARK;

  /** Entries of the software RSS indirection table: a power of two, at least the lane count. */
  public static final String INDIRECTION_TABLE_SIZE_PROP = "vstack.lanes.indirectionTableSize";

  public static final int INDIRECTION_TABLE_SIZE_DEFAULT = 128;

  /** Most frames a lane hands its handler per batch before {@code onEndOfBatch}. */
  public static final String BATCH_LIMIT_PROP = "vstack.lanes.batchLimit";

  public static final int BATCH_LIMIT_DEFAULT = 256;

  /** Frames per receive batch of the dispatcher. */
  public static final String FRAMES_PER_BATCH_PROP = "vstack.lanes.framesPerBatch";

  public static final int FRAMES_PER_BATCH_DEFAULT = 32;

  /** Bytes per frame slot of a receive batch: at least every source's largest frame. */
  public static final String FRAME_CAPACITY_PROP = "vstack.lanes.frameCapacity";

  public static final int FRAME_CAPACITY_DEFAULT = 2048;

  /** Bytes of each slow-path queue (each direction, per lane back): a power of two. */
  public static final String SLOW_PATH_QUEUE_BYTES_PROP = "vstack.lanes.slowPathQueueBytes";

  public static final int SLOW_PATH_QUEUE_BYTES_DEFAULT = 64 * 1024;

  /** Bytes of the distinct error log. */
  public static final String ERROR_LOG_BYTES_PROP = "vstack.lanes.errorLogBytes";

  public static final int ERROR_LOG_BYTES_DEFAULT = 64 * 1024;

  /** Whether the scaling controller parks and wakes lanes. */
  public static final String ELASTIC_PROP = "vstack.lanes.elastic";

  public static final boolean ELASTIC_DEFAULT = false;

  /** Mean busy fraction of active lanes above which a lane is woken. */
  public static final String BUSY_HIGH_PROP = "vstack.lanes.busyHigh";

  public static final double BUSY_HIGH_DEFAULT = 0.75;

  /** Busy fraction of the busiest lane below which a lane is parked. */
  public static final String BUSY_LOW_PROP = "vstack.lanes.busyLow";

  public static final double BUSY_LOW_DEFAULT = 0.15;

  /** How long load must stay high before waking a lane, ms. */
  public static final String UP_DWELL_MS_PROP = "vstack.lanes.upDwellMs";

  public static final long UP_DWELL_MS_DEFAULT = 50;

  /** How long load must stay low before parking a lane, ms. */
  public static final String DOWN_DWELL_MS_PROP = "vstack.lanes.downDwellMs";

  public static final long DOWN_DWELL_MS_DEFAULT = 500;

  /** Period of busy-fraction samples, ms. */
  public static final String SAMPLE_INTERVAL_MS_PROP = "vstack.lanes.sampleIntervalMs";

  public static final long SAMPLE_INTERVAL_MS_DEFAULT = 10;

  /** Lanes that are never parked. */
  public static final String MIN_ACTIVE_PROP = "vstack.lanes.minActive";

  public static final int MIN_ACTIVE_DEFAULT = 1;

  /** Longest sleep of a parked lane's thread between checks, ms. */
  public static final String PARKED_SLEEP_MS_PROP = "vstack.lanes.parkedSleepMs";

  public static final long PARKED_SLEEP_MS_DEFAULT = 50;

  /** How long {@code close()} waits for in-flight frames to drain, ms. */
  public static final String SHUTDOWN_TIMEOUT_MS_PROP = "vstack.lanes.shutdownTimeoutMs";

  public static final long SHUTDOWN_TIMEOUT_MS_DEFAULT = 5_000;

  private LanesConfiguration() {}
}
