package io.vstack.fusedlane;

import static io.vstack.fusedlane.OverlayPair.UNDERLAY_A;
import static io.vstack.fusedlane.OverlayPair.UNDERLAY_B;
import static io.vstack.fusedlane.OverlayPair.UNDERLAY_MAC_A;
import static io.vstack.fusedlane.OverlayPair.VIP_A;
import static io.vstack.fusedlane.OverlayPair.VIP_B;
import static io.vstack.fusedlane.OverlayPair.VMAC_A;
import static io.vstack.fusedlane.OverlayPair.tenant;
import static org.assertj.core.api.Assertions.assertThat;

import io.vstack.fastpath.FastPathContext;
import io.vstack.fastpath.FastPathCounters;
import io.vstack.fastpath.FusedFastPath;
import io.vstack.isolation.FrameQueues;
import io.vstack.isolation.FusedFrameProcessor;
import io.vstack.isolation.TenantLane;
import io.vstack.lane.FrameSource;
import io.vstack.lane.LaneHandler;
import io.vstack.lane.Lanes;
import io.vstack.lane.LanesContext;
import io.vstack.lane.MarkSlots;
import io.vstack.lane.ThreadingMode;
import io.vstack.ledger.CounterKind;
import io.vstack.ledger.Ledger;
import io.vstack.meter.CycleCalibration;
import io.vstack.meter.CycleMeter;
import io.vstack.overlay.OverlaySettings;
import io.vstack.overlay.VtepTable;
import io.vstack.port.MarkingPort;
import io.vstack.port.MemoryPort;
import io.vstack.port.Port;
import io.vstack.scheduler.FifoScheduler;
import io.vstack.tenant.TenantRegistry;
import io.vstack.wire.OverlayProtocol;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.agrona.concurrent.CachedNanoClock;
import org.agrona.concurrent.SystemEpochClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The NIC MARK reaches the lanes: host a's receive port reports a MARK per frame (as a DPDK port
 * does from the mbuf's FDIR id), the dispatcher turns it into a tenant slot ({@link
 * OverlayFlowKeys#slotOfMark}: MARK = tenant id, as the steering rules compile) and the handler
 * takes the tenant from it instead of the VNI. Host a has blue (id 1, VNI 100) and red (id 2, VNI
 * 200) with the same vIP; the peer (host b) only knows blue, so every frame carries blue's VNI.
 * Mirrors host-stack's {@code NicMarkTest}, through the lanes (SHARED, on the test thread).
 */
@Timeout(60)
class NicMarkLanesTest {
  private static final int BLUE = 0;
  private static final int RED = 1;
  private static final long RED_ID = 2;
  private static final long NO_TENANTS_MARK = 99;

  @TempDir Path dir;

  private final CachedNanoClock clock = new CachedNanoClock();
  private final TenantRegistry registryA =
      TenantRegistry.of(
          List.of(
              tenant(1, "blue", 100, VMAC_A, VIP_A, Set.of()),
              tenant(2, "red", 200, 0x0200_0000_0A02L, VIP_A, Set.of())));
  private final OverlaySettings settingsA =
      OverlaySettings.of(OverlayProtocol.VXLAN, UNDERLAY_A, UNDERLAY_MAC_A);
  private final OverlayFlowKeys flowKeys = new OverlayFlowKeys(registryA, settingsA);
  private final MemoryPort.Pair wire = MemoryPort.pair("b", "a", 1024, 1514);
  private final MemoryPort.Pair laneTx = MemoryPort.pair("a-tx", "b-rx", 1024, 1514);
  private final MarkingPort marking = new MarkingPort(wire.b());
  private final FusedFastPath peer =
      new OverlayPair().hostB(new MergedPort(wire.a(), laneTx.b()), clock);
  private final FusedFastPath hostA =
      new FusedFastPath(
          new FastPathContext()
              .port(laneTx.a())
              .registry(registryA)
              .vteps(
                  VtepTable.of(
                      registryA,
                      UNDERLAY_A,
                      List.of(
                          new VtepTable.Remote(BLUE, VIP_B, UNDERLAY_B),
                          new VtepTable.Remote(RED, VIP_B, UNDERLAY_B))))
              .settings(settingsA)
              .clock(clock));
  private Ledger ledger;

  @AfterEach
  void close() {
    if (ledger != null) {
      ledger.close();
    }
    hostA.close();
    peer.close();
    wire.close();
    laneTx.close();
  }

  @Test
  void shouldChargeTheMarkedTenantWhenAFusedLaneGetsAFrameMarkedForAnotherTenantsVni() {
    marking.markAll(RED_ID);
    try (Lanes lanes = launch(flowKeys::slotOfMark, fused())) {
      deliverSyn(lanes, 40_000);

      final FastPathCounters counters = hostA.counters();
      assertThat(counters.marked()).as("frames whose tenant came from the MARK").isEqualTo(1);
      assertThat(counters.rxPackets(RED)).isEqualTo(1);
      assertThat(counters.rxPackets(BLUE)).as("the VNI's tenant").isZero();
      assertThat(hostA.engine(RED).counters().segmentsReceived).isEqualTo(1);
      assertThat(lanes.counter("frames marked")).isEqualTo(1);
      assertThat(lanes.counter("marks of no tenant")).isZero();
    }
  }

  @Test
  void shouldLetTheVniDecideAndCountWhenAFusedLaneGetsAMarkOfNoTenant() {
    try (Lanes lanes = launch(flowKeys::slotOfMark, fused())) {
      deliverSynsMarkedForNoTenantThenUnmarked(lanes);

      final FastPathCounters counters = hostA.counters();
      assertThat(counters.marked()).isZero();
      assertThat(counters.rxPackets(BLUE)).isEqualTo(2);
      assertThat(counters.rxPackets(RED)).isZero();
      assertThat(lanes.counter("marks of no tenant")).isEqualTo(1);
      assertThat(lanes.counter("frames marked")).isZero();
    }
  }

  @Test
  void shouldIgnoreMarksWhenTheLanesHaveNoMarkMapping() {
    marking.markAll(RED_ID);
    try (Lanes lanes = launch(MarkSlots.NONE, fused())) {
      deliverSyn(lanes, 40_000);

      assertThat(hostA.counters().marked()).isZero();
      assertThat(hostA.counters().rxPackets(BLUE)).isEqualTo(1);
      assertThat(hostA.counters().rxPackets(RED)).isZero();
      assertThat(lanes.counter("frames marked")).isZero();
      assertThat(lanes.counter("marks of no tenant")).isZero();
    }
  }

  @Test
  void shouldQueueAndChargeTheMarkedTenantWhenATenantLaneGetsAFrameMarkedForAnotherTenantsVni() {
    marking.markAll(RED_ID);
    try (Lanes lanes = launch(flowKeys::slotOfMark, tenantLane())) {
      deliverSyn(lanes, 40_000);

      assertThat(ledgerCount(RED, CounterKind.RX_PACKETS)).as("red's ledger").isEqualTo(1);
      assertThat(ledgerCount(BLUE, CounterKind.RX_PACKETS)).as("blue's ledger").isZero();
      assertThat(hostA.counters().marked()).as("processed with the marked slot").isEqualTo(1);
      assertThat(hostA.counters().rxPackets(RED)).isEqualTo(1);
      assertThat(hostA.engine(RED).counters().segmentsReceived).isEqualTo(1);
    }
  }

  @Test
  void shouldGroupByTheVniAndCountWhenATenantLaneGetsAMarkOfNoTenantOrNone() {
    try (Lanes lanes = launch(flowKeys::slotOfMark, tenantLane())) {
      deliverSynsMarkedForNoTenantThenUnmarked(lanes);

      assertThat(ledgerCount(BLUE, CounterKind.RX_PACKETS)).isEqualTo(2);
      assertThat(ledgerCount(RED, CounterKind.RX_PACKETS)).isZero();
      assertThat(hostA.counters().marked()).as("a VNI-found tenant is no MARK").isZero();
      assertThat(hostA.counters().rxPackets(BLUE)).isEqualTo(2);
      assertThat(lanes.counter("marks of no tenant")).isEqualTo(1);
    }
  }

  private Function<Integer, LaneHandler> fused() {
    return lane ->
        new FusedLaneHandler(hostA, clock, FusedLaneHandler.Application.NONE, Integer.MAX_VALUE);
  }

  private Function<Integer, LaneHandler> tenantLane() {
    return lane -> {
      ledger =
          new Ledger(
              dir.resolve("counters.dat"),
              2,
              1_000_000_000L,
              0,
              "virtual",
              SystemEpochClock.INSTANCE);
      final FrameQueues queues = new FrameQueues(2, 64, 2048);
      final TenantLane handler =
          new TenantLane(
              new FusedFrameProcessor(hostA),
              queues,
              new FifoScheduler(queues),
              new CycleMeter(clock, CycleCalibration.NANOSECONDS),
              8,
              64,
              0,
              1_000_000);
      handler.addTenant(ledger.addTenant(BLUE, "blue"), 1, 0);
      handler.addTenant(ledger.addTenant(RED, "red"), 1, 0);
      return handler;
    };
  }

  private Lanes launch(final MarkSlots markSlots, final Function<Integer, LaneHandler> handler) {
    return Lanes.launch(
        new LanesContext()
            .threadingMode(ThreadingMode.SHARED)
            .useAgentInvoker(true)
            .nanoClock(clock)
            .source(FrameSource.of(marking))
            .flowKeyExtractor(flowKeys)
            .markSlots(markSlots)
            .handlerFactory((lane, slowPath) -> handler.apply(lane)));
  }

  private long ledgerCount(final int tenant, final CounterKind kind) {
    return ledger.tenant(tenant).counter(kind).get();
  }

  /** Two SYNs from blue: one with a MARK that is no tenant's id, one without a MARK. */
  private void deliverSynsMarkedForNoTenantThenUnmarked(final Lanes lanes) {
    marking.markAll(NO_TENANTS_MARK);
    deliverSyn(lanes, 40_000);
    marking.markAll(Port.NO_MARK);
    deliverSyn(lanes, 40_001);
  }

  /** The peer sends one SYN from blue; the lanes run until they have handled it. */
  private void deliverSyn(final Lanes lanes, final int localPort) {
    final long before = lanes.framesHandled();
    peer.underlayNeighbor(UNDERLAY_A, UNDERLAY_MAC_A);
    peer.innerNeighbor(OverlayPair.BLUE, VIP_A, VMAC_A);
    peer.engine(OverlayPair.BLUE).connect(VIP_B, localPort, VIP_A, 80, clock.nanoTime());
    peer.flush();
    for (int i = 0; i < 100 && lanes.framesHandled() == before; i++) {
      clock.advance(1_000);
      lanes.invoke();
    }
    assertThat(lanes.framesHandled() - before).as("frames the lanes handled").isEqualTo(1);
    for (int i = 0; i < 10; i++) {
      lanes.invoke();
    }
  }
}
