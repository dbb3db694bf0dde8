package io.vstack.offload;

import static io.vstack.offload.Results.done;
import static org.assertj.core.api.Assertions.assertThat;

import io.vstack.flow.FlowAction;
import io.vstack.flow.FlowRule;
import io.vstack.flow.ItemType;
import io.vstack.flow.syntax.FlowSyntax;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProbingFlowOffloadTest {
  /**
   * A NIC stand-in (the real refusals are tested against DPDK by the rte_flow backend's tests):
   * refuses VXLAN items at validate, as a PMD without tunnel support does, and RSS at create, as
   * net_tap does on kernels without TC flower. Keeps what it takes in a software table of its own.
   */
  static final class FakeNic implements FlowOffload {
    final SoftwareFlowOffload table = new SoftwareFlowOffload();
    boolean refuseIsolate;

    @Override
    public String name() {
      return "hw";
    }

    @Override
    public OffloadResult<Placement> validate(final int port, final FlowRule rule) {
      if (rule.pattern().stream().anyMatch(i -> i.type() == ItemType.VXLAN)) {
        return OffloadResult.refused("hw", "item not supported");
      }
      return OffloadResult.done(new Placement("hw", ""));
    }

    @Override
    public OffloadResult<OffloadedRule> create(final int port, final FlowRule rule) {
      if (rule.actions().stream().anyMatch(FlowAction.Rss.class::isInstance)) {
        return OffloadResult.refused("hw", "Kernel refused TC filter rule creation");
      }
      return relabel(table.create(port, rule));
    }

    @Override
    public OffloadResult<OffloadedRule> destroy(final int port, final long id) {
      return relabel(table.destroy(port, id));
    }

    @Override
    public OffloadResult<Integer> flush(final int port) {
      return table.flush(port);
    }

    @Override
    public OffloadResult<RuleCounts> query(final int port, final long id) {
      return table.query(port, id);
    }

    @Override
    public OffloadResult<Placement> isolate(final int port, final boolean enabled) {
      return refuseIsolate
          ? OffloadResult.refused("hw", "Function not implemented")
          : OffloadResult.done(new Placement("hw", ""));
    }

    @Override
    public List<OffloadedRule> list(final int port) {
      return table.list(port);
    }

    private static OffloadResult<OffloadedRule> relabel(final OffloadResult<OffloadedRule> r) {
      return switch (r) {
        case OffloadResult.Done<OffloadedRule> d ->
            OffloadResult.done(
                new OffloadedRule(d.value().id(), d.value().rule(), new Placement("hw", "")));
        case OffloadResult.Refused<OffloadedRule> refused -> refused;
      };
    }
  }

  static final FlowRule PLAIN = SoftwareFlowOffloadTest.TCP_80;
  static final FlowRule TUNNEL =
      FlowSyntax.parseRule(
          "ingress pattern eth / ipv4 / udp dst is 4789 / vxlan vni is 7 / end actions mark id 7 / count / end");
  static final FlowRule SPREAD =
      FlowSyntax.parseRule(
          "ingress pattern eth / ipv4 / end actions rss types ipv4 end queues 0 1 end / end");
  static final FlowRule EGRESS_TUNNEL =
      FlowSyntax.parseRule("egress pattern eth / ipv4 / udp / vxlan / end actions drop / end");

  private final FakeNic nic = new FakeNic();
  private final SoftwareFlowOffload software = new SoftwareFlowOffload();
  private final ProbingFlowOffload probe = new ProbingFlowOffload(nic, software);

  @Test
  void shouldPlaceEachRuleOnTheNicOrInSoftwareWithTheNicsReason() {
    assertThat(done(probe.create(0, PLAIN)).placement().toString()).isEqualTo("hw");
    assertThat(done(probe.create(0, TUNNEL)).placement().toString())
        .isEqualTo("sw (hw: item not supported)");
    assertThat(done(probe.create(0, SPREAD)).placement().toString())
        .isEqualTo("sw (hw: Kernel refused TC filter rule creation)");
    assertThat(probe.list(0))
        .extracting(OffloadedRule::id, OffloadedRule::rule, r -> r.placement().backend())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(0L, PLAIN, "hw"),
            org.assertj.core.groups.Tuple.tuple(1L, TUNNEL, "sw"),
            org.assertj.core.groups.Tuple.tuple(2L, SPREAD, "sw"));
    assertThat(nic.list(0)).extracting(OffloadedRule::rule).containsExactly(PLAIN);
    assertThat(software.list(0)).extracting(OffloadedRule::rule).containsExactly(TUNNEL, SPREAD);
  }

  @Test
  void shouldSayWhichBackendWouldTakeARuleWhenValidating() {
    assertThat(done(probe.validate(0, PLAIN))).isEqualTo(new Placement("hw", ""));
    assertThat(done(probe.validate(0, TUNNEL)))
        .isEqualTo(new Placement("sw", "hw: item not supported"));
    assertThat(probe.list(0)).isEmpty();
    assertThat(nic.list(0)).isEmpty();
  }

  @Test
  void shouldRefuseWithBothTextsWhenNoBackendTakesTheRule() {
    final OffloadResult<OffloadedRule> result = probe.create(0, EGRESS_TUNNEL);
    assertThat(result).isInstanceOf(OffloadResult.Refused.class);
    assertThat(((OffloadResult.Refused<OffloadedRule>) result).message())
        .startsWith("hw: item not supported; sw: ")
        .contains("ingress rules only");
    assertThat(probe.list(0)).isEmpty();
  }

  @Test
  void shouldRouteDestroyAndQueryToTheHoldingBackend() {
    done(probe.create(0, TUNNEL)); // sw id 0, probe id 0
    done(probe.create(0, PLAIN)); // hw id 0, probe id 1
    done(probe.create(0, PLAIN)); // hw id 1, probe id 2
    done(probe.destroy(0, 1));
    assertThat(nic.list(0)).extracting(OffloadedRule::id).containsExactly(1L);
    assertThat(software.list(0)).hasSize(1);
    assertThat(probe.list(0)).extracting(OffloadedRule::id).containsExactly(0L, 2L);

    final byte[] vxlan = vxlanFrame(7);
    software
        .ingressMatcher(0)
        .match(vxlan, 0, vxlan.length, io.vstack.flow.match.FlowMatcher.NO_MARK, -1, 0);
    assertThat(done(probe.query(0, 0)).hits()).isEqualTo(1);
    assertThat(done(probe.query(0, 2)).hits()).as("the NIC's counter").isZero();
    assertThat(probe.query(0, 1)).isInstanceOf(OffloadResult.Refused.class);
  }

  @Test
  void shouldFlushBothBackends() {
    done(probe.create(0, TUNNEL));
    done(probe.create(0, PLAIN));
    assertThat(done(probe.flush(0))).isEqualTo(2);
    assertThat(probe.list(0)).isEmpty();
    assertThat(nic.list(0)).isEmpty();
    assertThat(software.list(0)).isEmpty();
    assertThat(done(probe.create(0, PLAIN)).id()).isZero();
  }

  @Test
  void shouldIsolateInSoftwareWhenTheNicCannot() {
    assertThat(done(probe.isolate(0, true)).toString()).isEqualTo("hw");
    assertThat(software.isolated(0)).isFalse();
    nic.refuseIsolate = true;
    assertThat(done(probe.isolate(0, true)).toString())
        .isEqualTo("sw (hw: Function not implemented)");
    assertThat(software.isolated(0)).isTrue();
  }

  @Test
  void shouldPutEverythingInSoftwareWhenThePortHasNoNic() {
    final ProbingFlowOffload plain =
        new ProbingFlowOffload(
            new UnavailableFlowOffload("hw", port -> "port " + port + " is a memory port"),
            new SoftwareFlowOffload());
    assertThat(done(plain.create(4, PLAIN)).placement().toString())
        .isEqualTo("sw (hw: port 4 is a memory port)");
  }

  /** Ethernet/IPv4/UDP 4789/VXLAN with {@code vni} and an empty inner Ethernet header. */
  static byte[] vxlanFrame(final int vni) {
    final java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(14 + 20 + 8 + 8 + 14);
    b.put(new byte[] {2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1}).putShort((short) 0x0800);
    b.put((byte) 0x45).put((byte) 0).putShort((short) (20 + 8 + 8 + 14)).putInt(0);
    b.put((byte) 64).put((byte) 17).putShort((short) 0);
    b.putInt(0x0a000001).putInt(0x0a000002);
    b.putShort((short) 5555).putShort((short) 4789).putShort((short) 30).putShort((short) 0);
    b.putInt(0x0800_0000).putInt(vni << 8);
    b.put(new byte[] {2, 0, 0, 0, 0, 4, 2, 0, 0, 0, 0, 3}).putShort((short) 0x0800);
    return b.array();
  }
}
