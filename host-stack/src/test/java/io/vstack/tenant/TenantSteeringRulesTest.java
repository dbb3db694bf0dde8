package io.vstack.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vstack.config.VstackConfig;
import io.vstack.dpdk.TestpmdSession;
import io.vstack.flow.FlowAction;
import io.vstack.flow.FlowCommand;
import io.vstack.flow.FlowDirection;
import io.vstack.flow.FlowRule;
import io.vstack.flow.match.FlowMatcher;
import io.vstack.flow.match.MatchResult;
import io.vstack.flow.syntax.FlowSyntax;
import io.vstack.wire.OverlayProtocol;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The per-tenant steering rules, run through the software matcher against overlay frames emitted
 * with the wire Reprs, and printed rules fed to the real dpdk-testpmd parser.
 */
class TenantSteeringRulesTest {
  private static final String CONFIG =
      """
      host:
        underlay:
          ipv4: 192.0.2.1
          mac: 02:00:00:00:00:01
        overlay:
          protocol: %s
      tenants:
        - id: 1
          name: blue
          vni: 100
          interfaces:
            - mac: 02:00:00:00:01:01
              ipv4: [10.0.0.1]
        - id: 2
          name: red
          vni: 200
          interfaces:
            - mac: 02:00:00:00:02:01
              ipv4: [10.0.0.1]
        - id: 7
          name: green
          vni: 16777215
          interfaces:
            - mac: 02:00:00:00:07:01
              ipv4: [10.0.0.7]
      """;

  private static final int LANES = 2;

  @Test
  void shouldMarkQueueAndCountEachTenantWhenItsVxlanVniArrives() {
    final List<FlowRule> rules = fromConfig("vxlan");
    final FlowMatcher matcher = FlowMatcher.compile(rules, FlowDirection.INGRESS);

    assertTenant(matcher, OverlayFrames.tunnelled(OverlayProtocol.VXLAN, 4789, 100), 1, 1);
    assertTenant(matcher, OverlayFrames.tunnelled(OverlayProtocol.VXLAN, 4789, 200), 2, 0);
    assertTenant(matcher, OverlayFrames.tunnelled(OverlayProtocol.VXLAN, 4789, 16777215), 7, 1);
    assertThat(matcher.hits(0)).isEqualTo(1);
    assertThat(matcher.hits(3)).as("unknown-VNI rule").isZero();
  }

  @Test
  void shouldMarkQueueAndCountEachTenantWhenItsGeneveVniArrives() {
    final List<FlowRule> rules = fromConfig("geneve");
    final FlowMatcher matcher = FlowMatcher.compile(rules, FlowDirection.INGRESS);

    assertTenant(matcher, OverlayFrames.tunnelled(OverlayProtocol.GENEVE, 6081, 100), 1, 1);
    assertTenant(matcher, OverlayFrames.tunnelled(OverlayProtocol.GENEVE, 6081, 200), 2, 0);
    assertDropped(matcher, OverlayFrames.tunnelled(OverlayProtocol.GENEVE, 6081, 300));
  }

  @Test
  void shouldDropAndCountWhenTheVniIsUnknown() {
    final FlowMatcher matcher = FlowMatcher.compile(fromConfig("vxlan"), FlowDirection.INGRESS);

    assertDropped(matcher, OverlayFrames.tunnelled(OverlayProtocol.VXLAN, 4789, 101));
    assertDropped(matcher, OverlayFrames.tunnelled(OverlayProtocol.VXLAN, 4789, 0));
    assertDropped(matcher, OverlayFrames.udp(4789, new byte[3])); // truncated VXLAN header
    assertThat(matcher.hits(3)).isEqualTo(3);
  }

  @Test
  void shouldLeaveOtherTrafficAloneWhenItIsNotForTheOverlayPort() {
    final FlowMatcher matcher = FlowMatcher.compile(fromConfig("vxlan"), FlowDirection.INGRESS);

    assertThat(matcher.match(OverlayFrames.udp(53, new byte[20]), 0, 62, -1, -1, 0).matched())
        .isFalse();
    final byte[] geneve = OverlayFrames.tunnelled(OverlayProtocol.GENEVE, 6081, 100);
    assertThat(matcher.match(geneve, 0, geneve.length, -1, -1, 0).matched())
        .as("Geneve to 6081 when the overlay is VXLAN")
        .isFalse();
  }

  @Test
  void shouldSteerEveryTenantToItsLaneWhenTenantsAreRandom() {
    final long seed = System.nanoTime();
    final Random random = new Random(seed);
    for (int round = 0; round < 20; round++) {
      final List<Tenant> tenants = new ArrayList<>();
      final Set<Integer> vnis = new HashSet<>();
      final Set<Integer> ids = new HashSet<>();
      final int count = 1 + random.nextInt(30);
      while (tenants.size() < count) {
        final int id = 1 + random.nextInt(Tenant.MAX_ID);
        final int vni = random.nextInt(1 << 24);
        if (ids.add(id) && vnis.add(vni)) {
          tenants.add(Tenant.of(id, "t" + id, vni, List.of()));
        }
      }
      final int lanes = 1 + random.nextInt(16);
      final OverlayProtocol protocol =
          random.nextBoolean() ? OverlayProtocol.VXLAN : OverlayProtocol.GENEVE;
      final int port = protocol.udpPort();
      final FlowMatcher matcher =
          FlowMatcher.compile(
              TenantSteeringRules.compile(TenantRegistry.of(tenants), protocol, port, lanes),
              FlowDirection.INGRESS);
      for (final Tenant tenant : tenants) {
        final byte[] frame = OverlayFrames.tunnelled(protocol, port, tenant.vni());
        final MatchResult result = matcher.match(frame, 0, frame.length, -1, -1, 0);
        assertThat(result.mark()).as("seed %d, tenant %s", seed, tenant).isEqualTo(tenant.id());
        assertThat(result.actions())
            .as("seed %d", seed)
            .contains(new FlowAction.Queue(tenant.id() % lanes));
      }
    }
  }

  @Test
  void shouldBeAcceptedByTheRealTestpmdParserWhenPrinted() {
    final List<String> lines = new ArrayList<>();
    for (final String protocol : List.of("vxlan", "geneve")) {
      for (final FlowRule rule : fromConfig(protocol)) {
        lines.add(FlowSyntax.print(new FlowCommand.Validate(0, rule)));
      }
    }
    assertThat(lines.get(0))
        .isEqualTo(
            "flow validate 0 ingress pattern eth / ipv4 / udp dst is 4789 / vxlan vni"
                + " is 100 / end actions mark id 1 / queue index 1 / count identifier 1 / end");
    lines.add("flow validate 0 ingress pattern eth / ipv4 / udp dst is 4789 / vxlan vni 100 / end");

    final List<String> answers = TestpmdSession.answers(List.of("net_null0"), lines);

    for (int i = 0; i < lines.size() - 1; i++) {
      assertThat(answers.get(i)).as(lines.get(i)).doesNotContain(TestpmdSession.BAD_ARGUMENTS);
      assertThat(answers.get(i))
          .as(lines.get(i))
          .contains(TestpmdSession.PMD_ERROR); // net_null: ENOSYS
    }
    assertThat(answers.get(lines.size() - 1))
        .as("testpmd must refuse a broken line, or this test proves nothing")
        .contains(TestpmdSession.BAD_ARGUMENTS);
  }

  @Test
  void shouldRefuseWhenLanesAreZero() {
    final TenantRegistry tenants = TenantRegistry.of(List.of());
    assertThatThrownBy(() -> TenantSteeringRules.compile(tenants, OverlayProtocol.VXLAN, 4789, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("lanes must be 1..65535: 0");
  }

  @Test
  void shouldRefuseWhenTheOverlayPortIsNotTheOneNicsParse() {
    final TenantRegistry tenants = TenantRegistry.of(List.of());
    assertThatThrownBy(() -> TenantSteeringRules.compile(tenants, OverlayProtocol.VXLAN, 8472, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "overlay UDP port 8472 cannot be steered by the NIC: VXLAN is recognised on port 4789"
                + " only; use that port or leave steering to software");
  }

  private static List<FlowRule> fromConfig(final String protocol) {
    final VstackConfig config = VstackConfig.parse(CONFIG.formatted(protocol), "vstack.yaml");
    final var overlay = config.host().overlaySettings();
    return TenantSteeringRules.compile(
        config.tenants(), overlay.protocol(), overlay.udpPort(), LANES);
  }

  private static void assertTenant(
      final FlowMatcher matcher, final byte[] frame, final int tenantId, final int lane) {
    final MatchResult result = matcher.match(frame, 0, frame.length, -1, -1, 0);
    assertThat(result.matched()).isTrue();
    assertThat(result.mark()).isEqualTo(tenantId);
    assertThat(result.actions())
        .containsExactly(
            new FlowAction.Mark(tenantId),
            new FlowAction.Queue(lane),
            new FlowAction.Count(tenantId));
  }

  private static void assertDropped(final FlowMatcher matcher, final byte[] frame) {
    final MatchResult result = matcher.match(frame, 0, frame.length, -1, -1, 0);
    assertThat(result.matched()).isTrue();
    assertThat(result.mark()).isEqualTo(FlowMatcher.NO_MARK);
    assertThat(result.actions()).containsExactly(new FlowAction.Count(0), new FlowAction.Drop());
  }
}
