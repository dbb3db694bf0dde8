package io.vstack.lane;

import com.lmax.disruptor.RingBuffer;
import io.vstack.affinity.CpuSet;
import io.vstack.affinity.ThreadAffinity;
import io.vstack.rss.FlowHash;
import io.vstack.rss.IndirectionTable;
import io.vstack.scaling.ScalingController;
import io.vstack.scaling.ScalingPolicy;
import io.vstack.slowpath.SlowPathAgent;
import io.vstack.slowpath.SlowPathChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.agrona.BufferUtil;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentInvoker;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.CompositeAgent;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.SystemEpochClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.errors.DistinctErrorLog;
import org.agrona.concurrent.errors.ErrorLogReader;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;
import org.agrona.concurrent.status.CountersReader;

/**
 * The running lanes: built and started by {@link #launch(LanesContext)}, stopped by {@link
 * #close()}, which stops taking frames, waits (up to the shutdown timeout) until every frame
 * already taken has been handled, and then stops every agent. {@link #closeOnShutdown()} does the
 * same on SIGTERM.
 *
 * <p>Threads by {@link ThreadingMode}:
 *
 * <pre>
 *   DEDICATED: vstack-lane-0 … vstack-lane-n   one each, pinned (sched_setaffinity)
 *              vstack-dispatcher                dispatcher + scaling controller
 *              vstack-slowpath                  slow-path agent (backoff idle)
 *   SHARED:    vstack-lanes                     all of the above in one CompositeAgent
 * </pre>
 *
 * <p>Handler and agent errors go to one {@link DistinctErrorLog} ({@link #errorLog()}); counters
 * live in a {@link CountersManager} ({@link #counters()}), later to be backed by the counters file.
 */
public final class Lanes implements AutoCloseable {
  private static final int MAX_COUNTERS = 1024;

  private final LanesContext context;
  private final CountersManager countersManager;
  private final DistinctErrorLog errorLog;
  private final AtomicCounter agentErrors;
  private final FramePool pool;
  private final Lane[] lanes;
  private final Dispatcher dispatcher;
  private final List<AgentRunner> runners = new ArrayList<>();
  private AgentInvoker invoker;
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile long undrainedOnClose;
  private volatile boolean stopped;
  private Thread shutdownHook;

  private Lanes(final LanesContext context) {
    this.context = context;
    this.countersManager =
        new CountersManager(
            aligned(MAX_COUNTERS * CountersReader.METADATA_LENGTH),
            aligned(MAX_COUNTERS * CountersReader.COUNTER_LENGTH));
    this.errorLog =
        new DistinctErrorLog(aligned(context.errorLogBytes()), SystemEpochClock.INSTANCE);
    this.agentErrors = countersManager.newCounter("agent errors");
    this.pool =
        new FramePool(context.poolBatches(), context.framesPerBatch(), context.frameCapacity());
    final int laneCount = context.laneCount();
    final ManyToOneRingBuffer toSlowPath =
        new ManyToOneRingBuffer(ringMemory(context.slowPathQueueBytes()));
    final OneToOneRingBuffer[] fromSlowPath = new OneToOneRingBuffer[laneCount];
    this.lanes = new Lane[laneCount];
    final IndirectionTable table =
        new IndirectionTable(context.indirectionTableSize(), context.initialActiveLanes());
    final long seed = context.hashSeed();
    final FlowEntries flowEntries = key -> table.entry(FlowHash.hash(seed, key));
    final int[] laneCpus = context.laneCpus().toArray();
    for (int i = 0; i < laneCount; i++) {
      fromSlowPath[i] = new OneToOneRingBuffer(ringMemory(context.slowPathQueueBytes()));
      final SlowPathChannel channel =
          new SlowPathChannel(
              toSlowPath,
              i,
              countersManager.newCounter("lane " + i + " slow-path sent"),
              countersManager.newCounter("lane " + i + " slow-path dropped"));
      final RingBuffer<FrameEvent> ring =
          RingBuffer.createSingleProducer(
              FrameEvent::new, context.ringSize(), context.idleMode().newWaitStrategy());
      final CpuSet pin =
          context.threadingMode() == ThreadingMode.DEDICATED
              ? CpuSet.of(laneCpus[i % laneCpus.length])
              : null;
      lanes[i] =
          new Lane(
              i,
              ring,
              context.handlerFactory().newHandler(i, channel),
              pool,
              fromSlowPath[i],
              errorLog,
              countersManager.newCounter("lane " + i + " frames"),
              countersManager.newCounter("lane " + i + " handler errors"),
              pin,
              context.nanoClock(),
              context.batchLimit(),
              flowEntries,
              i >= context.initialActiveLanes());
    }
    this.dispatcher =
        new Dispatcher(
            context.sources().toArray(FrameSource[]::new),
            pool,
            lanes,
            table,
            context.flowKeyExtractor(),
            context.retaProgrammer(),
            context.markSlots(),
            this::onAgentError,
            context.hashSeed(),
            countersManager.newCounter("dispatched frames"),
            countersManager.newCounter("ring full stalls"),
            countersManager.newCounter("migration stalls"),
            countersManager.newCounter("entries moved"),
            countersManager.newCounter("receive pool exhausted"),
            countersManager.newCounter("reta updates failed"),
            countersManager.newCounter("frames marked"),
            countersManager.newCounter("marks of no tenant"));
    final SlowPathAgent slowPath =
        new SlowPathAgent(
            toSlowPath,
            fromSlowPath,
            context.slowPathHandler(),
            context.nanoClock(),
            countersManager.newCounter("slow-path messages"),
            countersManager.newCounter("slow-path replies dropped"));
    final List<Agent> control = new ArrayList<>();
    control.add(dispatcher);
    if (context.elastic()) {
      control.add(
          new ScalingController(
              dispatcher,
              new ScalingPolicy(
                  context.busyHigh(),
                  context.busyLow(),
                  context.upDwellNs(),
                  context.downDwellNs(),
                  context.minActiveLanes()),
              context.nanoClock(),
              context.sampleIntervalNs(),
              countersManager.newCounter("lanes woken"),
              countersManager.newCounter("lanes parked")));
    }
    if (context.threadingMode() == ThreadingMode.DEDICATED) {
      for (final Lane lane : lanes) {
        runners.add(
            runner(
                new LaneIdleStrategy(
                    lane, context.idleMode().newIdleStrategy(), context.parkedSleepNs()),
                lane));
      }
      runners.add(
          runner(
              context.idleMode().newIdleStrategy(),
              pinned(context.dispatcherCpus(), "vstack-dispatcher", control)));
      runners.add(runner(new BackoffIdleStrategy(), slowPath));
    } else {
      final List<Agent> all = new ArrayList<>(control);
      all.addAll(List.of(lanes));
      all.add(slowPath);
      if (context.useAgentInvoker()) {
        invoker =
            new AgentInvoker(this::onAgentError, agentErrors, pinned(null, "vstack-lanes", all));
      } else {
        runners.add(
            runner(
                context.idleMode().newIdleStrategy(),
                pinned(context.coresGiven() ? CpuSet.of(laneCpus[0]) : null, "vstack-lanes", all)));
      }
    }
  }

  /**
   * Concludes {@code context}, builds the lanes and starts their threads.
   *
   * @throws LanesConfigurationException when a setting is invalid.
   */
  public static Lanes launch(final LanesContext context) {
    context.conclude();
    final Lanes lanes = new Lanes(context);
    if (lanes.invoker != null) {
      lanes.invoker.start();
    }
    for (final AgentRunner runner : lanes.runners) {
      AgentRunner.startOnThread(runner, r -> new Thread(r, runner.agent().roleName()));
    }
    return lanes;
  }

  private AgentRunner runner(final IdleStrategy idle, final Agent agent) {
    return new AgentRunner(idle, this::onAgentError, agentErrors, agent);
  }

  private void onAgentError(final Throwable t) {
    errorLog.record(t);
  }

  private static Agent pinned(final CpuSet cpus, final String name, final List<Agent> agents) {
    final Agent composite =
        agents.size() == 1 ? agents.get(0) : new CompositeAgent(agents.toArray(Agent[]::new));
    return new Agent() {
      @Override
      public void onStart() {
        if (cpus != null) {
          ThreadAffinity.pinCurrentThread(cpus);
        }
        composite.onStart();
      }

      @Override
      public int doWork() throws Exception {
        return composite.doWork();
      }

      @Override
      public void onClose() {
        composite.onClose();
      }

      @Override
      public String roleName() {
        return name;
      }
    };
  }

  private static AtomicBuffer aligned(final int bytes) {
    return new UnsafeBuffer(BufferUtil.allocateDirectAligned(bytes, 64));
  }

  private static AtomicBuffer ringMemory(final int bytes) {
    return aligned(bytes + RingBufferDescriptor.TRAILER_LENGTH);
  }

  /**
   * Runs one duty cycle of every agent on the calling thread (only with {@link
   * LanesContext#useAgentInvoker(boolean)}).
   *
   * @return work done.
   */
  public int invoke() {
    if (invoker == null) {
      throw new IllegalStateException("invoke() needs LanesContext.useAgentInvoker(true)");
    }
    return invoker.invoke();
  }

  /** The concluded context the lanes were built from. */
  public LanesContext context() {
    return context;
  }

  public int laneCount() {
    return lanes.length;
  }

  /** Lane {@code index}, for its counters and state. */
  public Lane lane(final int index) {
    return lanes[index];
  }

  /** Frames all lanes have handed to their handlers. */
  public long framesHandled() {
    long sum = 0;
    for (final Lane lane : lanes) {
      sum += lane.framesHandled();
    }
    return sum;
  }

  /** Lanes awake now. */
  public int activeLanes() {
    int active = 0;
    for (final Lane lane : lanes) {
      if (!lane.isParked()) {
        active++;
      }
    }
    return active;
  }

  /** Asks the dispatcher to move every entry off {@code lane} and park it (asynchronous). */
  public boolean requestPark(final int lane) {
    return submit(d -> d.park(lane), lane);
  }

  /**
   * Asks the dispatcher to wake {@code lane} and give it a fair share of entries (asynchronous).
   */
  public boolean requestWake(final int lane) {
    return submit(d -> d.wake(lane), lane);
  }

  private boolean submit(final Consumer<Dispatcher> command, final int lane) {
    if (lane < 0 || lane >= lanes.length) {
      throw new IllegalArgumentException("no lane " + lane + ": there are " + lanes.length);
    }
    return dispatcher.submit(command);
  }

  /** A copy of the software RSS table: entry → lane (may be slightly stale). */
  public int[] indirectionTable() {
    return dispatcher.tableSnapshot();
  }

  /** The error log's buffer; read it with {@link ErrorLogReader}. */
  public AtomicBuffer errorLog() {
    return errorLog.buffer();
  }

  /** Distinct errors recorded so far. */
  public int distinctErrors() {
    return ErrorLogReader.read(errorLog.buffer(), (count, first, last, text) -> {});
  }

  /** Every counter (lanes, dispatcher, slow path), by label. */
  public CountersReader counters() {
    return countersManager;
  }

  /** The value of the counter labelled {@code label}, or -1 when there is none. */
  public long counter(final String label) {
    final long[] value = {-1};
    countersManager.forEach(
        (id, type, key, text) -> {
          if (text.equals(label)) {
            value[0] = countersManager.getCounterValue(id);
          }
        });
    return value[0];
  }

  /**
   * Frames that were still in flight when {@link #close()} gave up waiting (0 after a clean stop).
   */
  public long undrainedOnClose() {
    return undrainedOnClose;
  }

  /** Registers a JVM shutdown hook (run on SIGTERM and SIGINT) that calls {@link #close()}. */
  public synchronized Lanes closeOnShutdown() {
    if (shutdownHook == null) {
      shutdownHook = new Thread(this::close, "vstack-lanes-shutdown");
      Runtime.getRuntime().addShutdownHook(shutdownHook);
    }
    return this;
  }

  /**
   * Stops taking frames, waits until every frame already taken has been handled (or the shutdown
   * timeout passed: see {@link #undrainedOnClose()}), then stops all threads. Idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    dispatcher.stopAccepting();
    final long deadline = System.nanoTime() + context.shutdownTimeoutNs();
    while (!drained() && System.nanoTime() - deadline < 0) {
      if (invoker != null) {
        invoker.invoke();
      } else {
        java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
      }
    }
    undrainedOnClose = pool.outstandingFrames();
    for (final Lane lane : lanes) {
      lane.unparkThread();
    }
    for (final AgentRunner runner : runners) {
      runner.close();
    }
    if (invoker != null) {
      invoker.close();
    }
    pool.close();
    stopped = true;
    removeShutdownHook();
  }

  /** True once {@link #close()} has stopped every thread. */
  public boolean isClosed() {
    return stopped;
  }

  private boolean drained() {
    if (!dispatcher.isQuiesced()) {
      return false;
    }
    for (final Lane lane : lanes) {
      if (!lane.isDrained()) {
        return false;
      }
    }
    return pool.outstandingFrames() == 0;
  }

  private synchronized void removeShutdownHook() {
    if (shutdownHook != null && Thread.currentThread() != shutdownHook) {
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (final IllegalStateException e) {
        // the JVM is already shutting down: the hook is running or about to
      }
    }
  }
}
