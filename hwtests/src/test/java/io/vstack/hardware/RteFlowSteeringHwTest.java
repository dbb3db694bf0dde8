package io.vstack.hardware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vstack.dpdk.DpdkPort;
import io.vstack.dpdk.RteFlow;
import io.vstack.dpdk.RteFlowCompilation;
import io.vstack.dpdk.RteFlowCompiler;
import io.vstack.dpdk.RteFlowCount;
import io.vstack.dpdk.RteFlowHandle;
import io.vstack.dpdk.RteFlowOffload;
import io.vstack.flow.FlowRule;
import io.vstack.offload.OffloadResult;
import io.vstack.offload.OffloadedRule;
import io.vstack.offload.ProbingFlowOffload;
import io.vstack.offload.SoftwareFlowOffload;
import io.vstack.port.FrameBatch;
import io.vstack.tenant.Tenant;
import io.vstack.tenant.TenantRegistry;
import io.vstack.tenant.TenantSteeringRules;
import io.vstack.wire.OverlayProtocol;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Per-tenant steering through rte_flow on a real ConnectX/BlueField (mlx5 PMD): the rules
 * TenantSteeringRules compiles are created on the device, and VXLAN frames sent from the kernel
 * side land on the tenant's lane queue with the tenant id as MARK, COUNT equal to frames sent,
 * unknown VNIs dropped and counted. The same rules through {@link RteFlowOffload} under the
 * capability probe must all stay on the NIC. Skips with the reason where the hardware is missing.
 */
class RteFlowSteeringHwTest {
  private static final int LANES = 2;
  private static final int FRAMES = 64;
  private static final long RECEIVE_DEADLINE_NANOS = 5_000_000_000L;
  private static final List<Tenant> TENANTS =
      List.of(Tenant.of(1, "blue", 100, List.of()), Tenant.of(2, "red", 200, List.of()));
  private static final int UNKNOWN_VNI = 300;

  private static Hardware hw;
  private static HwPort port;

  @BeforeAll
  static void openTheNic() {
    hw = Hardware.detect();
    assumeTrue(hw.present(), hw.reason());
    port = HwPort.start(hw, LANES);
  }

  @AfterAll
  static void flush() {
    if (port != null) {
      RteFlow.on(port.dev).flush();
    }
  }

  @Test
  void shouldCreateEveryTenantRuleWhenTheNicIsMlx5() {
    final RteFlow flow = RteFlow.on(port.dev);
    final List<RteFlowHandle> created = createAll(flow, rules());
    assertThat(created).hasSize(TENANTS.size() + 1);
    for (final RteFlowHandle handle : created) {
      assertThat(flow.destroy(handle).isOk()).as("destroy %s", handle).isTrue();
    }
  }

  @Test
  void shouldPlaceEveryTenantRuleOnTheNicWhenCreatedThroughRteFlowOffload() {
    final RteFlowOffload nic = new RteFlowOffload(Map.of(0, port.dev));
    final SoftwareFlowOffload software = new SoftwareFlowOffload();
    final ProbingFlowOffload probing = new ProbingFlowOffload(nic, software);
    try {
      for (final FlowRule rule : rules()) {
        final OffloadResult<OffloadedRule> created = probing.create(0, rule);
        assertThat(created).as("%s", rule).isInstanceOf(OffloadResult.Done.class);
        final OffloadedRule placed = ((OffloadResult.Done<OffloadedRule>) created).value();
        assertThat(placed.placement().toString()).as("where %s went", rule).isEqualTo("hw");
        assertThat(probing.query(0, placed.id()).ok()).as("COUNT of %s", rule).isTrue();
      }
      assertThat(nic.list(0)).extracting(OffloadedRule::rule).isEqualTo(rules());
      assertThat(software.list(0)).as("nothing fell back to software").isEmpty();
      assertThat(probing.flush(0)).isEqualTo(OffloadResult.done(TENANTS.size() + 1));
      assertThat(nic.list(0)).isEmpty();
    } finally {
      probing.flush(0);
    }
  }

  @Test
  void shouldDeliverToTheLaneWithTheTenantMarkAndCountWhenFramesArrive() {
    assumeTrue(hw.hasPeer(), hw.peerReason());
    final RteFlow flow = RteFlow.on(port.dev);
    final List<RteFlowHandle> created = createAll(flow, rules());
    try {
      for (final Tenant tenant : TENANTS) {
        PeerTraffic.sendVxlan(hw.peer(), tenant.vni(), FRAMES);
      }
      PeerTraffic.sendVxlan(hw.peer(), UNKNOWN_VNI, FRAMES);

      final int[] perTenant = new int[TENANTS.size()];
      port.eal.registerCurrentThread();
      for (int lane = 0; lane < LANES; lane++) {
        receiveLane(lane, perTenant);
      }

      for (int t = 0; t < TENANTS.size(); t++) {
        assertThat(perTenant[t])
            .as("frames of %s on its lane", TENANTS.get(t).name())
            .isEqualTo(FRAMES);
        final RteFlowCount count = flow.queryCount(created.get(t), false).orThrow();
        assertThat(count.hits()).as("COUNT of %s", TENANTS.get(t).name()).isEqualTo(FRAMES);
      }
      final RteFlowCount dropped = flow.queryCount(created.get(TENANTS.size()), false).orThrow();
      assertThat(dropped.hits()).as("COUNT of the unknown-VNI drop").isEqualTo(FRAMES);
    } finally {
      created.forEach(flow::destroy);
    }
  }

  /** Receives from queue {@code lane} until quiet; every frame must belong to a tenant of it. */
  private static void receiveLane(final int lane, final int[] perTenant) {
    try (DpdkPort rx = new DpdkPort(port.dev, lane, port.pool);
        FrameBatch batch = new FrameBatch()) {
      final UnsafeBuffer view = new UnsafeBuffer(0, 0);
      final long deadline = System.nanoTime() + RECEIVE_DEADLINE_NANOS;
      while (System.nanoTime() < deadline) {
        batch.clear();
        rx.receive(batch);
        for (int i = 0; i < batch.size(); i++) {
          final int vni = PeerTraffic.vni(batch.wrap(i, view), 0);
          final int t = tenantOf(vni);
          assertThat(t)
              .as("frame with VNI %d reached lane %d", vni, lane)
              .isGreaterThanOrEqualTo(0);
          final Tenant tenant = TENANTS.get(t);
          assertThat(TenantSteeringRules.lane(tenant, LANES))
              .as("lane of %s", tenant.name())
              .isEqualTo(lane);
          assertThat(rx.mark(i)).as("MARK of %s's frame", tenant.name()).isEqualTo(tenant.id());
          perTenant[t]++;
        }
      }
    }
  }

  private static int tenantOf(final int vni) {
    for (int t = 0; t < TENANTS.size(); t++) {
      if (TENANTS.get(t).vni() == vni) {
        return t;
      }
    }
    return -1;
  }

  private static List<FlowRule> rules() {
    return TenantSteeringRules.compile(
        TenantRegistry.of(TENANTS), OverlayProtocol.VXLAN, OverlayProtocol.VXLAN.udpPort(), LANES);
  }

  private static List<RteFlowHandle> createAll(final RteFlow flow, final List<FlowRule> rules) {
    final RteFlowCompiler compiler = new RteFlowCompiler(LANES);
    final List<RteFlowHandle> created = new ArrayList<>();
    for (final FlowRule rule : rules) {
      final RteFlowCompilation compilation = compiler.compile(rule);
      assertThat(compilation.isCompiled()).as("%s compiles", rule).isTrue();
      try (var builder = ((RteFlowCompilation.Compiled) compilation).rule()) {
        created.add(flow.create(builder).orThrow());
      }
    }
    return created;
  }
}
