package io.vstack.lane;

import static io.vstack.lane.LanesConfiguration.*;

import io.vstack.affinity.CpuSet;
import io.vstack.affinity.ThreadAffinity;
import io.vstack.rss.FlowKeyExtractor;
import io.vstack.rss.RetaProgrammer;
import io.vstack.slowpath.SlowPathHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;

/**
 * Everything {@link Lanes#launch} needs, with fluent setters whose defaults come from the system
 * properties of {@link LanesConfiguration}. {@link #conclude()} checks every setting once and fails
 * with a {@link LanesConfigurationException} naming the property at fault.
 */
public final class LanesContext {
  private ThreadingMode threadingMode =
      ThreadingMode.valueOf(System.getProperty(THREADING_MODE_PROP, THREADING_MODE_DEFAULT.name()));
  private int laneCount = Integer.getInteger(LANE_COUNT_PROP, LANE_COUNT_DEFAULT);
  private int initialActiveLanes = Integer.getInteger(INITIAL_ACTIVE_PROP, INITIAL_ACTIVE_DEFAULT);
  private int ringSize = Integer.getInteger(RING_SIZE_PROP, RING_SIZE_DEFAULT);
  private String cores = System.getProperty(CORES_PROP, CORES_DEFAULT);
  private String dispatcherCores =
      System.getProperty(DISPATCHER_CORES_PROP, DISPATCHER_CORES_DEFAULT);
  private IdleMode idleMode =
      IdleMode.valueOf(System.getProperty(IDLE_MODE_PROP, IDLE_MODE_DEFAULT.name()));
  private int indirectionTableSize =
      Integer.getInteger(INDIRECTION_TABLE_SIZE_PROP, INDIRECTION_TABLE_SIZE_DEFAULT);
  private int batchLimit = Integer.getInteger(BATCH_LIMIT_PROP, BATCH_LIMIT_DEFAULT);
  private int framesPerBatch = Integer.getInteger(FRAMES_PER_BATCH_PROP, FRAMES_PER_BATCH_DEFAULT);
  private int frameCapacity = Integer.getInteger(FRAME_CAPACITY_PROP, FRAME_CAPACITY_DEFAULT);
  private int slowPathQueueBytes =
      Integer.getInteger(SLOW_PATH_QUEUE_BYTES_PROP, SLOW_PATH_QUEUE_BYTES_DEFAULT);
  private int errorLogBytes = Integer.getInteger(ERROR_LOG_BYTES_PROP, ERROR_LOG_BYTES_DEFAULT);
  private boolean elastic =
      Boolean.parseBoolean(System.getProperty(ELASTIC_PROP, Boolean.toString(ELASTIC_DEFAULT)));
  private double busyHigh = doubleProperty(BUSY_HIGH_PROP, BUSY_HIGH_DEFAULT);
  private double busyLow = doubleProperty(BUSY_LOW_PROP, BUSY_LOW_DEFAULT);
  private long upDwellNs = Long.getLong(UP_DWELL_MS_PROP, UP_DWELL_MS_DEFAULT) * 1_000_000;
  private long downDwellNs = Long.getLong(DOWN_DWELL_MS_PROP, DOWN_DWELL_MS_DEFAULT) * 1_000_000;
  private long sampleIntervalNs =
      Long.getLong(SAMPLE_INTERVAL_MS_PROP, SAMPLE_INTERVAL_MS_DEFAULT) * 1_000_000;
  private int minActiveLanes = Integer.getInteger(MIN_ACTIVE_PROP, MIN_ACTIVE_DEFAULT);
  private long parkedSleepNs =
      Long.getLong(PARKED_SLEEP_MS_PROP, PARKED_SLEEP_MS_DEFAULT) * 1_000_000;
  private long shutdownTimeoutNs =
      Long.getLong(SHUTDOWN_TIMEOUT_MS_PROP, SHUTDOWN_TIMEOUT_MS_DEFAULT) * 1_000_000;
  private long hashSeed = ThreadLocalRandom.current().nextLong();
  private final List<FrameSource> sources = new ArrayList<>();
  private LaneHandlerFactory handlerFactory;
  private FlowKeyExtractor flowKeyExtractor;
  private RetaProgrammer retaProgrammer = RetaProgrammer.SOFTWARE;
  private MarkSlots markSlots = MarkSlots.NONE;
  private SlowPathHandler slowPathHandler = (lane, type, buffer, offset, length, replies) -> {};
  private NanoClock nanoClock = SystemNanoClock.INSTANCE;
  private CpuSet laneCpus;
  private CpuSet dispatcherCpus;
  private boolean useAgentInvoker;
  private boolean concluded;

  private static double doubleProperty(final String name, final double fallback) {
    final String value = System.getProperty(name);
    return value == null ? fallback : Double.parseDouble(value);
  }

  /**
   * Checks every setting and resolves the CPU lists. Called by {@link Lanes#launch}; idempotent.
   *
   * @throws LanesConfigurationException naming the first property at fault.
   */
  public LanesContext conclude() {
    if (concluded) {
      return this;
    }
    require(
        laneCount >= 1 && laneCount <= 256,
        LANE_COUNT_PROP,
        "must be in [1, 256], was " + laneCount);
    require(
        initialActiveLanes >= 0 && initialActiveLanes <= laneCount,
        INITIAL_ACTIVE_PROP,
        "must be in [0, " + LANE_COUNT_PROP + "=" + laneCount + "], was " + initialActiveLanes);
    require(
        ringSize >= 8 && Integer.bitCount(ringSize) == 1,
        RING_SIZE_PROP,
        "must be a power of two >= 8, was " + ringSize);
    require(
        indirectionTableSize >= laneCount && Integer.bitCount(indirectionTableSize) == 1,
        INDIRECTION_TABLE_SIZE_PROP,
        "must be a power of two >= the lane count " + laneCount + ", was " + indirectionTableSize);
    require(batchLimit >= 1, BATCH_LIMIT_PROP, "must be >= 1, was " + batchLimit);
    require(
        framesPerBatch >= 1 && framesPerBatch <= ringSize,
        FRAMES_PER_BATCH_PROP,
        "must be in [1, " + RING_SIZE_PROP + "], was " + framesPerBatch);
    require(
        frameCapacity >= 64 && frameCapacity <= 65536,
        FRAME_CAPACITY_PROP,
        "must be in [64, 65536], was " + frameCapacity);
    require(
        slowPathQueueBytes >= 1024 && Integer.bitCount(slowPathQueueBytes) == 1,
        SLOW_PATH_QUEUE_BYTES_PROP,
        "must be a power of two >= 1024, was " + slowPathQueueBytes);
    require(errorLogBytes >= 1024, ERROR_LOG_BYTES_PROP, "must be >= 1024, was " + errorLogBytes);
    require(busyHigh > 0 && busyHigh <= 1, BUSY_HIGH_PROP, "must be in (0, 1], was " + busyHigh);
    require(
        busyLow >= 0 && busyLow < busyHigh,
        BUSY_LOW_PROP,
        "must be in [0, " + BUSY_HIGH_PROP + "=" + busyHigh + "), was " + busyLow);
    require(upDwellNs >= 0, UP_DWELL_MS_PROP, "must be >= 0");
    require(downDwellNs >= 0, DOWN_DWELL_MS_PROP, "must be >= 0");
    require(sampleIntervalNs > 0, SAMPLE_INTERVAL_MS_PROP, "must be > 0");
    require(parkedSleepNs > 0, PARKED_SLEEP_MS_PROP, "must be > 0");
    require(shutdownTimeoutNs >= 0, SHUTDOWN_TIMEOUT_MS_PROP, "must be >= 0");
    require(
        minActiveLanes >= 1 && minActiveLanes <= laneCount,
        MIN_ACTIVE_PROP,
        "must be in [1, " + LANE_COUNT_PROP + "=" + laneCount + "], was " + minActiveLanes);
    require(
        !sources.isEmpty(),
        "vstack.lanes.sources",
        "needs at least one FrameSource: call source(...)");
    require(
        handlerFactory != null,
        "vstack.lanes.handlerFactory",
        "is not set: call handlerFactory(...)");
    require(
        retaProgrammer != null,
        "vstack.lanes.retaProgrammer",
        "is null: use RetaProgrammer.SOFTWARE when no NIC table is to be programmed");
    require(
        markSlots != null,
        "vstack.lanes.markSlots",
        "is null: use MarkSlots.NONE when the sources' NIC MARKs name no tenants");
    require(
        flowKeyExtractor != null,
        "vstack.lanes.flowKeyExtractor",
        "is not set: call flowKeyExtractor(...)");
    require(
        !useAgentInvoker || threadingMode == ThreadingMode.SHARED,
        THREADING_MODE_PROP,
        "must be SHARED when an agent invoker is used, was " + threadingMode);
    final CpuSet allowed = ThreadAffinity.currentThreadCpus();
    laneCpus = cpus(CORES_PROP, cores, allowed);
    if (laneCpus == null) {
      laneCpus = allowed;
    }
    dispatcherCpus = cpus(DISPATCHER_CORES_PROP, dispatcherCores, allowed);
    concluded = true;
    return this;
  }

  private static CpuSet cpus(final String property, final String list, final CpuSet allowed) {
    if (list == null || list.isBlank()) {
      return null;
    }
    final CpuSet set;
    try {
      set = CpuSet.parse(list);
    } catch (final IllegalArgumentException e) {
      throw new LanesConfigurationException(
          property, "is not a CPU list like 0-3,6: " + e.getMessage());
    }
    if (!allowed.containsAll(set)) {
      throw new LanesConfigurationException(
          property, "names CPUs this process may not use: " + set + " (allowed: " + allowed + ")");
    }
    return set;
  }

  private static void require(final boolean ok, final String property, final String problem) {
    if (!ok) {
      throw new LanesConfigurationException(property, problem);
    }
  }

  public LanesContext threadingMode(final ThreadingMode mode) {
    this.threadingMode = mode;
    return this;
  }

  public ThreadingMode threadingMode() {
    return threadingMode;
  }

  public LanesContext laneCount(final int count) {
    this.laneCount = count;
    return this;
  }

  public int laneCount() {
    return laneCount;
  }

  /** Lanes awake at start; 0 means all. */
  public LanesContext initialActiveLanes(final int count) {
    this.initialActiveLanes = count;
    return this;
  }

  public int initialActiveLanes() {
    return initialActiveLanes == 0 ? laneCount : initialActiveLanes;
  }

  public LanesContext ringSize(final int slots) {
    this.ringSize = slots;
    return this;
  }

  public int ringSize() {
    return ringSize;
  }

  /** Lane CPUs as a Linux CPU list, e.g. {@code 2-5}; empty for the CPUs the process may use. */
  public LanesContext cores(final String cpuList) {
    this.cores = cpuList;
    return this;
  }

  /** The lane CPUs, resolved by {@link #conclude()}. */
  public CpuSet laneCpus() {
    return laneCpus;
  }

  /** True when {@link #cores(String)} (or its property) named CPUs explicitly. */
  public boolean coresGiven() {
    return cores != null && !cores.isBlank();
  }

  public LanesContext dispatcherCores(final String cpuList) {
    this.dispatcherCores = cpuList;
    return this;
  }

  /** The dispatcher's CPUs, resolved by {@link #conclude()}; null when not pinned. */
  public CpuSet dispatcherCpus() {
    return dispatcherCpus;
  }

  public LanesContext idleMode(final IdleMode mode) {
    this.idleMode = mode;
    return this;
  }

  public IdleMode idleMode() {
    return idleMode;
  }

  public LanesContext indirectionTableSize(final int entries) {
    this.indirectionTableSize = entries;
    return this;
  }

  public int indirectionTableSize() {
    return indirectionTableSize;
  }

  public LanesContext batchLimit(final int frames) {
    this.batchLimit = frames;
    return this;
  }

  public int batchLimit() {
    return batchLimit;
  }

  public LanesContext framesPerBatch(final int frames) {
    this.framesPerBatch = frames;
    return this;
  }

  public int framesPerBatch() {
    return framesPerBatch;
  }

  public LanesContext frameCapacity(final int bytes) {
    this.frameCapacity = bytes;
    return this;
  }

  public int frameCapacity() {
    return frameCapacity;
  }

  /** Receive batches in the pool: enough to fill every lane's ring twice over. */
  int poolBatches() {
    return Math.max(4, 2 * laneCount * ringSize / framesPerBatch + 2);
  }

  public LanesContext slowPathQueueBytes(final int bytes) {
    this.slowPathQueueBytes = bytes;
    return this;
  }

  public int slowPathQueueBytes() {
    return slowPathQueueBytes;
  }

  public LanesContext errorLogBytes(final int bytes) {
    this.errorLogBytes = bytes;
    return this;
  }

  public int errorLogBytes() {
    return errorLogBytes;
  }

  public LanesContext elastic(final boolean enabled) {
    this.elastic = enabled;
    return this;
  }

  public boolean elastic() {
    return elastic;
  }

  /** Busy fraction thresholds of the scaling controller: wake above high, park below low. */
  public LanesContext busyThresholds(final double low, final double high) {
    this.busyLow = low;
    this.busyHigh = high;
    return this;
  }

  public double busyHigh() {
    return busyHigh;
  }

  public double busyLow() {
    return busyLow;
  }

  /** How long load must stay past a threshold before the controller acts. */
  public LanesContext dwellNs(final long upNs, final long downNs) {
    this.upDwellNs = upNs;
    this.downDwellNs = downNs;
    return this;
  }

  public long upDwellNs() {
    return upDwellNs;
  }

  public long downDwellNs() {
    return downDwellNs;
  }

  public LanesContext sampleIntervalNs(final long ns) {
    this.sampleIntervalNs = ns;
    return this;
  }

  public long sampleIntervalNs() {
    return sampleIntervalNs;
  }

  public LanesContext minActiveLanes(final int lanes) {
    this.minActiveLanes = lanes;
    return this;
  }

  public int minActiveLanes() {
    return minActiveLanes;
  }

  public LanesContext parkedSleepNs(final long ns) {
    this.parkedSleepNs = ns;
    return this;
  }

  public long parkedSleepNs() {
    return parkedSleepNs;
  }

  public LanesContext shutdownTimeoutNs(final long ns) {
    this.shutdownTimeoutNs = ns;
    return this;
  }

  public long shutdownTimeoutNs() {
    return shutdownTimeoutNs;
  }

  /** Seed of the flow hash; random by default so peers cannot aim flows at one lane. */
  public LanesContext hashSeed(final long seed) {
    this.hashSeed = seed;
    return this;
  }

  public long hashSeed() {
    return hashSeed;
  }

  /** Adds a source of frames (a port's rx queue, a tenant's tx queue). */
  public LanesContext source(final FrameSource source) {
    this.sources.add(source);
    return this;
  }

  public List<FrameSource> sources() {
    return List.copyOf(sources);
  }

  public LanesContext handlerFactory(final LaneHandlerFactory factory) {
    this.handlerFactory = factory;
    return this;
  }

  public LaneHandlerFactory handlerFactory() {
    return handlerFactory;
  }

  public LanesContext flowKeyExtractor(final FlowKeyExtractor extractor) {
    this.flowKeyExtractor = extractor;
    return this;
  }

  public FlowKeyExtractor flowKeyExtractor() {
    return flowKeyExtractor;
  }

  /**
   * Makes a NIC's RSS redirection table follow the software table (e.g. {@link
   * io.vstack.rss.DpdkRetaProgrammer}); default {@link RetaProgrammer#SOFTWARE}: no NIC.
   */
  public LanesContext retaProgrammer(final RetaProgrammer programmer) {
    this.retaProgrammer = programmer;
    return this;
  }

  public RetaProgrammer retaProgrammer() {
    return retaProgrammer;
  }

  /**
   * What the sources' NIC MARKs mean: the tenant slot each names ({@link FrameSource#mark}), passed
   * to the handlers with every marked frame. Default {@link MarkSlots#NONE}: MARKs are not read.
   */
  public LanesContext markSlots(final MarkSlots slots) {
    this.markSlots = slots;
    return this;
  }

  public MarkSlots markSlots() {
    return markSlots;
  }

  public LanesContext slowPathHandler(final SlowPathHandler handler) {
    this.slowPathHandler = handler;
    return this;
  }

  public SlowPathHandler slowPathHandler() {
    return slowPathHandler;
  }

  /**
   * With {@link ThreadingMode#SHARED}: start no thread; the caller drives the one composite agent
   * with {@link Lanes#invoke()} (Aeron's AgentInvoker), e.g. from its own duty cycle or a
   * benchmark.
   */
  public LanesContext useAgentInvoker(final boolean invoker) {
    this.useAgentInvoker = invoker;
    return this;
  }

  public boolean useAgentInvoker() {
    return useAgentInvoker;
  }

  /** The clock for busy time and scaling samples (inject a fake one in tests). */
  public LanesContext nanoClock(final NanoClock clock) {
    this.nanoClock = clock;
    return this;
  }

  public NanoClock nanoClock() {
    return nanoClock;
  }
}
