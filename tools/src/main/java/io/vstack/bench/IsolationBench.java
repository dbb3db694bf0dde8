package io.vstack.bench;

import io.vstack.fastpath.FastPathContext;
import io.vstack.fastpath.FusedFastPath;
import io.vstack.isolation.Arrivals;
import io.vstack.isolation.BacklogGatedSource;
import io.vstack.isolation.FrameQueues;
import io.vstack.isolation.FusedFrameProcessor;
import io.vstack.isolation.TenantLane;
import io.vstack.lane.FrameSource;
import io.vstack.lane.LaneHandler;
import io.vstack.lane.Lanes;
import io.vstack.lane.LanesContext;
import io.vstack.lane.ThreadingMode;
import io.vstack.ledger.CounterKind;
import io.vstack.ledger.Ledger;
import io.vstack.ledger.TenantLedger;
import io.vstack.meter.CycleMeter;
import io.vstack.overlay.OverlaySettings;
import io.vstack.overlay.VtepTable;
import io.vstack.port.FrameBatch;
import io.vstack.port.MemoryPort;
import io.vstack.port.Port;
import io.vstack.scheduler.DeficitScheduler;
import io.vstack.scheduler.FifoScheduler;
import io.vstack.tcp.TcpConfig;
import io.vstack.tcp.TcpEngine;
import io.vstack.tcp.TcpHandler;
import io.vstack.tcp.TcpState;
import io.vstack.tenant.Tenant;
import io.vstack.tenant.TenantRegistry;
import io.vstack.tenant.VirtualInterface;
import io.vstack.wire.Ipv4Address;
import io.vstack.wire.OverlayProtocol;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.SystemEpochClock;
import org.agrona.concurrent.SystemNanoClock;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * {@code vstack bench isolation}: a victim tenant's 64 B request/response latency through one lane
 * running the fused fast path ({@link TenantLane} + {@link FusedFrameProcessor}), alone and next to
 * an aggressor tenant that floods the same lane, with the FIFO baseline and with the deficit
 * scheduler, phases interleaved in one run.
 *
 * <pre>
 *   one thread, alternating:
 *   client round: FusedFastPath "client" ─► ReorderingPort ─► MemoryPort wire ─┐
 *     aggressor: N connections, 64 B writes without Nagle, every k-th        │
 *                segment sent after the next one (out of order)               │
 *     victim:    1 connection, one 64 B request outstanding, queued last      ▼
 *   lane cycle:  Lanes.invoke(): dispatcher + the lane ─► TenantLane (FIFO | DRR)
 *                ─► FusedFastPath "server": the victim app answers each request with 64 B and
 *                   records the latency; the aggressor app reads and discards
 * </pre>
 *
 * <p>Latency is lane time ({@link LaneClock}: only time inside lane duty cycles counts, so the
 * client's work on the same thread stands for the network and is not charged to the lane) from the
 * request's arrival to the server app's write of the response (its segment leaves at that group's
 * flush). A request arrives at a uniformly random point of the lane's previous duty cycle, as on a
 * lane with its own core, and then waits behind whatever is ahead of it on the wire, in the ring
 * and in the queues. The deficit scheduler shares the cycles the lane charges to tenants (its
 * groups, the classification and drops of its frames, its timers) by weight, in virtual time. Every
 * phase starts after an unmeasured settle time.
 */
public final class IsolationBench {
  /** Who shares the lane and how it is scheduled. */
  public enum Mode {
    SOLO,
    FIFO,
    DRR
  }

  /**
   * @param phaseMillis measured time of one phase
   * @param settleMillis unmeasured time after each switch
   * @param repetitions rounds of (solo, FIFO, DRR)
   * @param aggressorConnections the aggressor's connections
   * @param reorderEvery every k-th aggressor segment goes out of order (0: none)
   * @param groupFrames frames of one tenant per scheduling decision
   * @param sliceFrames frames processed per lane duty cycle
   * @param sliceNanos a duty cycle's slice ends after the group that reaches this much work (0:
   *     frame count only)
   * @param queueFrames frames per tenant queue
   * @param perTenantRxQueues the victim's frames reach the lane through a receive queue of their
   *     own (a NIC rule steering its VNI), else all share one
   * @param burst frames the dispatcher takes from a receive queue per poll
   * @param victimWeight the victim's scheduler weight (the aggressor's is 1)
   * @param quantumNanos how far a woken tenant may start behind the scheduler's virtual time (ns of
   *     the heaviest tenant's work)
   * @param networkRttNanos lane time from the response leaving the lane to the victim's next
   *     request arriving (the network and the client); 0: the next request is ready at once, so the
   *     closed-loop victim wants the whole lane
   * @param gateDepth with per-tenant receive queues: a tenant's queue is not polled while it has at
   *     least this many frames queued in the lane ({@link BacklogGatedSource}); 0: always polled
   * @param yieldOnArrival a slice ends after the group in progress when a (not gated) receive queue
   *     has a frame waiting ({@link Arrivals})
   */
  public record Settings(
      int phaseMillis,
      int settleMillis,
      int repetitions,
      int aggressorConnections,
      int reorderEvery,
      int groupFrames,
      int sliceFrames,
      long sliceNanos,
      int queueFrames,
      boolean perTenantRxQueues,
      int burst,
      int victimWeight,
      long quantumNanos,
      long networkRttNanos,
      int gateDepth,
      boolean yieldOnArrival,
      Path countersFile) {}

  /** One mode's victim latency and what the aggressor got, summed over repetitions. */
  public record ModeResult(
      Mode mode,
      Histogram latency,
      Histogram laneCycles,
      long victimFrames,
      long aggressorFrames,
      long aggressorDrops,
      long aggressorCycles,
      long victimCycles,
      double seconds) {
    public long requests() {
      return latency.getTotalCount();
    }

    /** A percentile of the victim's latency in microseconds. */
    public double percentileMicros(final double percentile) {
      return latency.getValueAtPercentile(percentile) / 1000.0;
    }

    /** A percentile of the lane's duty cycle lengths (lane time) in microseconds. */
    public double cyclePercentileMicros(final double percentile) {
      return laneCycles.getValueAtPercentile(percentile) / 1000.0;
    }
  }

  /** What the run measured. */
  public record Result(
      List<ModeResult> modes,
      long cyclesPerSecond,
      String calibration,
      long reorderedSegments,
      long wireDrops,
      long laneUnclassified,
      MachineNoise noise) {
    public ModeResult of(final Mode mode) {
      return modes.stream().filter(m -> m.mode() == mode).findFirst().orElseThrow();
    }
  }

  static final int VICTIM = 0;
  static final int AGGRESSOR = 1;
  static final int REQUEST = 64;
  static final int VICTIM_PORT = 7000;
  static final int AGGRESSOR_PORT = 9000;
  static final int AGGRESSOR_WRITES_PER_ROUND = 4;
  static final long TIMER_INTERVAL_NANOS = 50_000;
  static final long NOISE_PROBE_NANOS = TimeUnit.SECONDS.toNanos(1);
  static final int UNDERLAY_CLIENT = Ipv4Address.parse("192.0.2.1");
  static final int UNDERLAY_SERVER = Ipv4Address.parse("192.0.2.2");
  static final long MAC_CLIENT = 0x0200_0000_0001L;
  static final long MAC_SERVER = 0x0200_0000_0002L;
  static final int VIP_CLIENT = Ipv4Address.parse("10.0.0.1");
  static final int VIP_SERVER = Ipv4Address.parse("10.0.0.2");
  static final long INNER_MAC_CLIENT = 0x0200_0000_0A01L;
  static final long INNER_MAC_SERVER = 0x0200_0000_0B01L;

  private final Settings settings;
  private final LaneClock laneClock = new LaneClock();
  private Mode mode = Mode.SOLO;
  private Histogram recording;
  private Histogram recordingCycles;

  public IsolationBench(final Settings settings) {
    this.settings = settings;
  }

  /**
   * Time that passes only while the lane runs ({@link #enter}/{@link #exit} around each lane duty
   * cycle): the client's work on the same thread stands for the network and costs the lane nothing.
   */
  static final class LaneClock {
    private long base;
    private long entered = -1;
    private long lastCycle;

    void enter() {
      entered = System.nanoTime();
    }

    void exit() {
      lastCycle = System.nanoTime() - entered;
      base += lastCycle;
      entered = -1;
    }

    long now() {
      return entered < 0 ? base : base + System.nanoTime() - entered;
    }

    /** Length of the last lane duty cycle. */
    long lastCycle() {
      return lastCycle;
    }
  }

  /** Runs every phase on the calling thread; IllegalStateException when a side stalls. */
  public Result run() {
    // Before anything else runs: the pauses this machine imposes on a spinning thread.
    final MachineNoise noise = MachineNoise.measure(NOISE_PROBE_NANOS);
    final CycleMeter meter = CycleMeter.system();
    final long cyclesPerSecond = meter.calibration().cyclesPerSecond();
    try (MemoryPort.Pair wire = MemoryPort.pair("client", "lane", 1024, 1600);
        MemoryPort.Pair victimQueue = MemoryPort.pair("client-v", "lane-v", 256, 1600);
        Ledger ledger =
            new Ledger(
                settings.countersFile(),
                4,
                cyclesPerSecond,
                meter.measureOverhead(10_000),
                meter.calibration().source(),
                SystemEpochClock.INSTANCE)) {
      final TenantLedger victimLedger = ledger.addTenant(VICTIM, "victim");
      final TenantLedger aggressorLedger = ledger.addTenant(AGGRESSOR, "aggressor");
      final Server server = new Server();
      final FusedFastPath serverHost =
          host(
              wire.b(),
              UNDERLAY_SERVER,
              MAC_SERVER,
              VIP_SERVER,
              INNER_MAC_SERVER,
              UNDERLAY_CLIENT,
              MAC_CLIENT,
              VIP_CLIENT,
              INNER_MAC_CLIENT,
              server.victim,
              server.aggressor,
              new TcpConfig().nagle(false));
      server.attach(serverHost);
      final FusedFrameProcessor processor = new FusedFrameProcessor(serverHost);
      final List<FrameSource> sources = new ArrayList<>();
      sources.add(rxQueue(FrameSource.of(wire.b()), aggressorLedger));
      final DelayedQueue delayed =
          settings.perTenantRxQueues() && settings.networkRttNanos() > 0
              ? new DelayedQueue(FrameSource.of(victimQueue.b()))
              : null;
      if (settings.perTenantRxQueues()) {
        sources.add(
            rxQueue(delayed != null ? delayed : FrameSource.of(victimQueue.b()), victimLedger));
      }
      final Arrivals arrivals = settings.yieldOnArrival() ? Arrivals.of(sources) : Arrivals.NONE;
      if (settings.yieldOnArrival()) {
        yieldGatesToOthers(sources);
      }
      final TenantLane fifo =
          tenantLane(processor, meter, false, victimLedger, aggressorLedger).arrivals(arrivals);
      final TenantLane drr =
          tenantLane(processor, meter, true, victimLedger, aggressorLedger).arrivals(arrivals);
      final ModeSwitch handler = new ModeSwitch(fifo, drr);
      final Client client =
          new Client(
              wire.a(), settings.perTenantRxQueues() ? victimQueue.a() : null, server, delayed);
      final LanesContext lanesContext =
          new LanesContext()
              .threadingMode(ThreadingMode.SHARED)
              .laneCount(1)
              .useAgentInvoker(true)
              .framesPerBatch(settings.burst())
              // the lane takes everything the dispatcher published in one duty cycle
              .batchLimit(2 * settings.burst());
      sources.forEach(lanesContext::source);
      try (Lanes lanes =
          Lanes.launch(
              lanesContext
                  // One lane: every frame goes to it; the tenant comes from the VNI.
                  .flowKeyExtractor((frame, length, key) -> false)
                  .handlerFactory((lane, slowPath) -> handler))) {
        final Runnable laneCycle =
            () -> {
              laneClock.enter();
              lanes.invoke();
              laneClock.exit();
              final Histogram cycles = recordingCycles;
              if (cycles != null) {
                cycles.recordValue(
                    Math.max(
                        1, Math.min(laneClock.lastCycle(), cycles.getHighestTrackableValue())));
              }
            };
        client.connect(laneCycle);
        final List<ModeResult> results = measure(laneCycle, client, victimLedger, aggressorLedger);
        return new Result(
            results,
            cyclesPerSecond,
            meter.calibration().source(),
            client.port.reordered(),
            client.port.wireDrops(),
            fifo.unclassifiedFrames() + drr.unclassifiedFrames(),
            noise);
      } finally {
        client.close();
        serverHost.close();
      }
    }
  }

  private List<ModeResult> measure(
      final Runnable laneCycle,
      final Client client,
      final TenantLedger victimLedger,
      final TenantLedger aggressorLedger) {
    final Mode[] order = Mode.values();
    final Histogram[] histograms = new Histogram[order.length];
    final Histogram[] cycles = new Histogram[order.length];
    final long[][] totals = new long[order.length][6];
    for (int i = 0; i < order.length; i++) {
      histograms[i] = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
      cycles[i] = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
    }
    // Warm-up (JIT, TCP windows): one unmeasured round.
    for (final Mode m : order) {
      mode = m;
      runFor(laneCycle, client, settings.settleMillis() + settings.phaseMillis() / 2);
    }
    for (int rep = 0; rep < settings.repetitions(); rep++) {
      for (int i = 0; i < order.length; i++) {
        mode = order[i];
        runFor(laneCycle, client, settings.settleMillis());
        final long[] before = snapshot(victimLedger, aggressorLedger);
        final long start = System.nanoTime();
        recording = histograms[i];
        recordingCycles = cycles[i];
        runFor(laneCycle, client, settings.phaseMillis());
        recording = null;
        recordingCycles = null;
        final long elapsed = System.nanoTime() - start;
        final long[] after = snapshot(victimLedger, aggressorLedger);
        for (int k = 0; k < 5; k++) {
          totals[i][k] += after[k] - before[k];
        }
        totals[i][5] += elapsed;
      }
    }
    final List<ModeResult> results = new ArrayList<>();
    for (int i = 0; i < order.length; i++) {
      results.add(
          new ModeResult(
              order[i],
              histograms[i],
              cycles[i],
              totals[i][0],
              totals[i][1],
              totals[i][2],
              totals[i][3],
              totals[i][4],
              totals[i][5] / 1e9));
    }
    return results;
  }

  private void runFor(final Runnable laneCycle, final Client client, final long millis) {
    final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    while (System.nanoTime() - deadline < 0) {
      client.round(mode != Mode.SOLO);
      laneCycle.run();
    }
  }

  private static long[] snapshot(final TenantLedger victim, final TenantLedger aggressor) {
    return new long[] {
      victim.counter(CounterKind.RX_PACKETS).get(),
      aggressor.counter(CounterKind.RX_PACKETS).get(),
      aggressor.counter(CounterKind.DROP_QUEUE_FULL).get(),
      chargedCycles(aggressor),
      chargedCycles(victim)
    };
  }

  // Everything the lane charges a tenant (and its scheduler sees): groups, classification and
  // staging (RX), flushes (TX), timers (SLOW_PATH).
  private static long chargedCycles(final TenantLedger tenant) {
    return tenant.counter(CounterKind.RX_CYCLES).get()
        + tenant.counter(CounterKind.TX_CYCLES).get()
        + tenant.counter(CounterKind.SLOW_PATH_CYCLES).get();
  }

  // ---------------------------------------------------------------------------------------------
  // Hosts
  // ---------------------------------------------------------------------------------------------

  private static TenantRegistry registry(final long innerMac, final int vip) {
    return TenantRegistry.of(
        List.of(
            Tenant.of(1, "victim", 100, List.of(vif(innerMac, vip))),
            Tenant.of(2, "aggressor", 200, List.of(vif(innerMac + 1, vip)))));
  }

  private static VirtualInterface vif(final long mac, final int vip) {
    return new VirtualInterface(mac, List.of(vip), List.of());
  }

  private static FusedFastPath host(
      final Port port,
      final int underlay,
      final long mac,
      final int vip,
      final long innerMac,
      final int remoteUnderlay,
      final long remoteMac,
      final int remoteVip,
      final long remoteInnerMac,
      final TcpHandler victimApp,
      final TcpHandler aggressorApp,
      final TcpConfig aggressorTcp) {
    final TenantRegistry registry = registry(innerMac, vip);
    final OverlaySettings overlay = OverlaySettings.of(OverlayProtocol.VXLAN, underlay, mac);
    final FastPathContext context =
        new FastPathContext()
            .port(port)
            .settings(overlay)
            .registry(registry)
            .vteps(
                VtepTable.of(
                    registry,
                    underlay,
                    List.of(
                        new VtepTable.Remote(VICTIM, remoteVip, remoteUnderlay),
                        new VtepTable.Remote(AGGRESSOR, remoteVip, remoteUnderlay))))
            .tcpConfig(new TcpConfig().nagle(false))
            .tcpConfig(AGGRESSOR, aggressorTcp)
            .clock(SystemNanoClock.INSTANCE);
    if (victimApp != null) {
      context.handler(VICTIM, victimApp);
    }
    if (aggressorApp != null) {
      context.handler(AGGRESSOR, aggressorApp);
    }
    final FusedFastPath fused = new FusedFastPath(context);
    fused.underlayNeighbor(remoteUnderlay, remoteMac);
    fused.innerNeighbor(VICTIM, remoteVip, remoteInnerMac);
    fused.innerNeighbor(AGGRESSOR, remoteVip, remoteInnerMac + 1);
    return fused;
  }

  /*
   * With per-tenant receive queues each carries one tenant's VNI (the default queue only the
   * aggressor's: nothing else is sent), so it may be gated by that tenant's backlog.
   */
  private FrameSource rxQueue(final FrameSource queue, final TenantLedger tenant) {
    return settings.perTenantRxQueues() && settings.gateDepth() > 0
        ? new BacklogGatedSource(queue, tenant, settings.gateDepth())
        : queue;
  }

  // A gated queue with frames already queued in the lane skips its top-up while another waits.
  private static void yieldGatesToOthers(final List<FrameSource> sources) {
    for (final FrameSource source : sources) {
      if (source instanceof BacklogGatedSource gated) {
        final List<FrameSource> others = new ArrayList<>(sources);
        others.remove(source);
        gated.yieldTo(Arrivals.of(others));
      }
    }
  }

  private TenantLane tenantLane(
      final FusedFrameProcessor processor,
      final CycleMeter meter,
      final boolean deficit,
      final TenantLedger victimLedger,
      final TenantLedger aggressorLedger) {
    final FrameQueues queues = new FrameQueues(2, settings.queueFrames(), 2048);
    final TenantLane lane =
        new TenantLane(
            processor,
            queues,
            deficit
                ? new DeficitScheduler(
                    // Budgets refill with lane time: the client's rounds on this thread are the
                    // network, and wall time would hand every tenant a budget the lane never had.
                    () -> meter.toCycles(laneClock.now()),
                    meter.calibration().cyclesPerSecond(),
                    meter.calibration().cyclesPerSecond() / 1000,
                    Math.max(1, meter.toCycles(settings.quantumNanos())),
                    DeficitScheduler.DEFAULT_BURST_PERIODS,
                    queues)
                : new FifoScheduler(queues),
            meter,
            settings.groupFrames(),
            settings.sliceFrames(),
            settings.sliceNanos(),
            TIMER_INTERVAL_NANOS);
    lane.addTenant(victimLedger, settings.victimWeight(), 0);
    lane.addTenant(aggressorLedger, 1, 0);
    return lane;
  }

  /**
   * The lane's handler: FIFO or DRR {@link TenantLane} as the bench's mode says. A switch waits for
   * the end of a duty cycle and first drains the old lane's queues.
   */
  private final class ModeSwitch implements LaneHandler {
    private final TenantLane fifo;
    private final TenantLane drr;
    private TenantLane current;

    ModeSwitch(final TenantLane fifo, final TenantLane drr) {
      this.fifo = fifo;
      this.drr = drr;
      this.current = drr;
    }

    @Override
    public void onFrame(
        final long address,
        final int length,
        final int tenant,
        final int markedSlot,
        final int flowHash,
        final int source) {
      current.onFrame(address, length, tenant, markedSlot, flowHash, source);
    }

    @Override
    public void onEndOfBatch() {
      current.onEndOfBatch();
    }

    @Override
    public int doWork() {
      final TenantLane wanted = mode == Mode.FIFO ? fifo : drr;
      if (wanted != current) {
        for (int idle = 0, i = 0; idle < 2 && i < 1_000_000; i++) {
          idle = current.doWork() > 0 ? 0 : idle + 1;
        }
        current = wanted;
      }
      return current.doWork();
    }
  }

  /** The server's applications (run on the lane thread, inside the fused path's processing). */
  private final class Server {
    private final UnsafeBuffer request = new UnsafeBuffer(new byte[REQUEST]);
    private final UnsafeBuffer response = new UnsafeBuffer(new byte[REQUEST]);
    private final UnsafeBuffer discard = new UnsafeBuffer(new byte[64 * 1024]);
    private FusedFastPath fused;
    private int victimListener;
    private int aggressorListener;
    private int pending;
    private long respondedAt;

    final TcpHandler victim =
        new TcpHandler() {
          @Override
          public void onAcceptable(final int listenerId) {
            acceptAll(VICTIM, listenerId);
          }

          @Override
          public void onReadable(final int connectionId) {
            final TcpEngine engine = fused.engine(VICTIM);
            final long now = fused.now();
            int n;
            while ((n = engine.read(connectionId, request, pending, REQUEST - pending, now)) > 0) {
              pending += n;
              if (pending == REQUEST) {
                pending = 0;
                final long sent = request.getLong(0);
                response.putLong(0, sent);
                engine.write(connectionId, response, 0, REQUEST, now);
                respondedAt = laneClock.now();
                final Histogram h = recording;
                if (h != null) {
                  final long latency = respondedAt - sent;
                  h.recordValue(Math.max(1, Math.min(latency, h.getHighestTrackableValue())));
                }
              }
            }
          }
        };

    final TcpHandler aggressor =
        new TcpHandler() {
          @Override
          public void onAcceptable(final int listenerId) {
            acceptAll(AGGRESSOR, listenerId);
          }

          @Override
          public void onReadable(final int connectionId) {
            final TcpEngine engine = fused.engine(AGGRESSOR);
            while (engine.read(connectionId, discard, 0, discard.capacity(), fused.now()) > 0) {
              // discard
            }
          }
        };

    /** Accepts every waiting connection; their data arrives through onReadable. */
    private void acceptAll(final int slot, final int listenerId) {
      final TcpEngine engine = fused.engine(slot);
      int accepted;
      do {
        accepted = engine.accept(listenerId);
      } while (accepted >= 0);
    }

    void attach(final FusedFastPath fused) {
      this.fused = fused;
      victimListener = fused.engine(VICTIM).listen(VIP_SERVER, VICTIM_PORT, 4);
      aggressorListener =
          fused
              .engine(AGGRESSOR)
              .listen(VIP_SERVER, AGGRESSOR_PORT, settings.aggressorConnections());
      if (victimListener < 0 || aggressorListener < 0) {
        throw new IllegalStateException("the server could not listen");
      }
    }
  }

  /**
   * The victim's receive queue as a wire with a delay: what the client sent becomes visible to the
   * lane at {@link #visibleAt} (lane time), so a request arrives one network RTT after the response
   * left, also in the middle of a lane duty cycle, where the lane can notice it ({@link
   * FrameSource#hasFrames}) as it would on a core of its own.
   */
  private final class DelayedQueue implements FrameSource {
    private final FrameSource queue;
    private long visibleAt;

    DelayedQueue(final FrameSource queue) {
      this.queue = queue;
    }

    @Override
    public int poll(final FrameBatch batch) {
      return laneClock.now() - visibleAt < 0 ? 0 : queue.poll(batch);
    }

    @Override
    public boolean hasFrames() {
      return laneClock.now() - visibleAt >= 0 && queue.hasFrames();
    }

    @Override
    public long mark(final int index) {
      return queue.mark(index);
    }
  }

  /**
   * The client host: victim requests and the aggressor's flood. Runs between lane duty cycles on
   * the same thread; its time is not lane time.
   */
  private final class Client implements AutoCloseable {
    private final UnsafeBuffer request = new UnsafeBuffer(new byte[REQUEST]);
    private final UnsafeBuffer response = new UnsafeBuffer(new byte[REQUEST]);
    private final UnsafeBuffer chunk = new UnsafeBuffer(new byte[REQUEST]);
    private final ReorderingPort port;
    private final FusedFastPath fused;
    private final TcpEngine victimEngine;
    private final TcpEngine aggressorEngine;
    private final int[] aggressors;
    private int victim;
    private boolean outstanding;
    private int received;
    private long nextArrival;
    private long random = 0x9E3779B97F4A7C15L;

    private final Server server;
    private final DelayedQueue delayed;

    Client(
        final Port wire, final Port victimQueue, final Server server, final DelayedQueue delayed) {
      this.server = server;
      this.delayed = delayed;
      final FusedFastPath[] self = new FusedFastPath[1];
      port =
          new ReorderingPort(
              wire,
              victimQueue,
              (address, length) -> self[0].tenantOf(address, length) == VICTIM,
              (address, length) -> self[0].tenantOf(address, length) == AGGRESSOR,
              settings.reorderEvery(),
              1024);
      // Small send buffers keep the aggressor's backlog (and the time a mode switch takes) short.
      fused =
          host(
              port,
              UNDERLAY_CLIENT,
              MAC_CLIENT,
              VIP_CLIENT,
              INNER_MAC_CLIENT,
              UNDERLAY_SERVER,
              MAC_SERVER,
              VIP_SERVER,
              INNER_MAC_SERVER,
              null,
              null,
              new TcpConfig().nagle(false).sendBufferSize(16 * 1024));
      self[0] = fused;
      victimEngine = fused.engine(VICTIM);
      aggressorEngine = fused.engine(AGGRESSOR);
      aggressors = new int[settings.aggressorConnections()];
    }

    /** Opens every connection, running lane duty cycles meanwhile; fails after 20 s. */
    void connect(final Runnable laneCycle) {
      victim = victimEngine.connect(VIP_CLIENT, 40_000, VIP_SERVER, VICTIM_PORT, fused.now());
      for (int i = 0; i < aggressors.length; i++) {
        aggressors[i] =
            aggressorEngine.connect(
                VIP_CLIENT, 41_000 + i, VIP_SERVER, AGGRESSOR_PORT, fused.now());
      }
      final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      int open = 0;
      while (victimEngine.state(victim) != TcpState.ESTABLISHED || open < aggressors.length) {
        if (System.nanoTime() - deadline > 0) {
          throw new IllegalStateException(
              "the connections did not open within 20 s (victim "
                  + victimEngine.state(victim)
                  + ", aggressor "
                  + open
                  + " of "
                  + aggressors.length
                  + ")");
        }
        fused.doWork();
        laneCycle.run();
        open = 0;
        for (final int id : aggressors) {
          open += aggressorEngine.state(id) == TcpState.ESTABLISHED ? 1 : 0;
        }
      }
    }

    /**
     * One client round: receive, the aggressor's writes (when it runs), then the victim's next
     * request, which so queues behind this round's flood. The request's send time is placed at a
     * uniformly random point of the lane's last duty cycle: on a lane with its own core a request
     * lands while the lane is busy, and waits for the rest of that cycle.
     */
    void round(final boolean aggressor) {
      fused.doWork();
      final long now = fused.now();
      if (outstanding) {
        final int n = victimEngine.read(victim, response, received, REQUEST - received, now);
        if (n > 0) {
          received += n;
          if (received == REQUEST) {
            received = 0;
            outstanding = false;
            nextArrival = server.respondedAt + settings.networkRttNanos();
          }
        }
      }
      if (aggressor) {
        for (final int id : aggressors) {
          for (int w = 0; w < AGGRESSOR_WRITES_PER_ROUND; w++) {
            if (aggressorEngine.write(id, chunk, 0, REQUEST, now) <= 0) {
              break;
            }
          }
        }
      }
      // With a delayed wire the request leaves at once and the wire holds it back; without, the
      // client holds it until it is due.
      if (!outstanding && (delayed != null || laneClock.now() - nextArrival >= 0)) {
        final long arrival = arrival();
        request.putLong(0, arrival);
        if (victimEngine.write(victim, request, 0, REQUEST, now) == REQUEST) {
          outstanding = true;
          if (delayed != null) {
            delayed.visibleAt = arrival;
          }
        }
      }
      fused.flush();
    }

    /*
     * When the request reaches the lane's host. With network time: one RTT after the response left
     * (never before it was sent); on a delayed wire the lane sees it then, mid-cycle too, else it
     * was due in the lane's last duty cycle (the previous round found it still on its way).
     * Without: a uniformly random point of the lane's last duty cycle, as on a lane with its own
     * core, where a request lands while the lane is busy and waits for the rest of that cycle.
     */
    private long arrival() {
      if (delayed != null) {
        return Math.max(nextArrival, laneClock.now());
      }
      if (settings.networkRttNanos() > 0) {
        // the first request (and one after a stall) arrived no earlier than the last cycle began
        return Math.max(nextArrival, laneClock.now() - laneClock.lastCycle());
      }
      random ^= random << 13;
      random ^= random >>> 7;
      random ^= random << 17;
      final long into = (long) ((random >>> 11) * 0x1.0p-53 * laneClock.lastCycle());
      return laneClock.now() - into;
    }

    @Override
    public void close() {
      fused.close();
      port.close();
    }
  }
}
