package io.vstack.dpdk;

import static io.vstack.offload.Results.done;
import static io.vstack.offload.Results.refusal;
import static org.assertj.core.api.Assertions.assertThat;

import io.vstack.flow.FlowAction;
import io.vstack.flow.FlowRule;
import io.vstack.flow.match.FlowMatcher;
import io.vstack.flow.match.MatchResult;
import io.vstack.flow.syntax.FlowSyntax;
import io.vstack.offload.OffloadedRule;
import io.vstack.offload.ProbingFlowOffload;
import io.vstack.offload.RuleCounts;
import io.vstack.offload.SoftwareFlowOffload;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link RteFlowOffload} on DPDK's net_tap and net_null vdevs, alone and under a {@link
 * ProbingFlowOffload}. Here net_tap validates in its PMD but the kernel lacks TC flower, so create
 * is refused and the probe must fall back to software with DPDK's text; net_null has no rte_flow.
 */
class RteFlowOffloadTest {
  private static final int TAP = 0;
  private static final int NULL = 1;

  /** Matches {@link TestEal#frame}'s header: destination 02:00:00:00:00:01, IPv4 EtherType. */
  private static final String MATCH = "eth dst is 02:00:00:00:00:01 type is 0x0800";

  private static final FlowRule STEER =
      FlowSyntax.parseRule("ingress pattern " + MATCH + " / end actions queue index 0 / end");
  private static final FlowRule COUNTED =
      FlowSyntax.parseRule(
          "ingress pattern " + MATCH + " / end actions count / queue index 0 / end");
  private static final FlowRule ENCAP =
      FlowSyntax.parseRule("ingress pattern eth / end actions vxlan_encap / end");
  private static final String KERNEL_REFUSAL =
      "hw: rte_flow_create: overlapping rules or Kernel too old for flower support";

  private final TestEal dpdk = TestEal.get();
  private final RteFlowOffload offload =
      new RteFlowOffload(Map.of(TAP, dpdk.port("net_tap0"), NULL, dpdk.port("net_null0")));
  private final SoftwareFlowOffload software = new SoftwareFlowOffload();
  private final ProbingFlowOffload probing = new ProbingFlowOffload(offload, software);

  @Test
  void shouldAcceptARuleTheTapPmdSupportsWhenValidating() {
    assertThat(done(offload.validate(TAP, STEER)).toString()).isEqualTo("hw");
    assertThat(offload.list(TAP)).as("validate creates nothing").isEmpty();
  }

  @Test
  void shouldRefuseWithDpdksMessageWhenTheTapPmdDoesNotSupportTheRule() {
    final FlowRule vxlan =
        FlowSyntax.parseRule(
            "ingress pattern eth / ipv4 / udp dst is 4789 / vxlan vni is 100 / end"
                + " actions queue index 0 / end");
    assertThat(refusal(offload.validate(TAP, vxlan)))
        .isEqualTo("hw: rte_flow_validate: item not supported");
    assertThat(refusal(offload.validate(TAP, COUNTED)))
        .isEqualTo("hw: rte_flow_validate: action not supported");
    assertThat(refusal(offload.create(TAP, vxlan)))
        .isEqualTo("hw: rte_flow_create: item not supported");
    assertThat(offload.list(TAP)).isEmpty();
  }

  @Test
  void shouldPlaceTheRuleInSoftwareWithDpdksTextWhenTheKernelRefusesCreate() {
    assertThat(refusal(offload.create(TAP, STEER))).isEqualTo(KERNEL_REFUSAL);

    final OffloadedRule placed = done(probing.create(TAP, STEER));

    assertThat(placed.placement().toString()).isEqualTo("sw (" + KERNEL_REFUSAL + ")");
    assertThat(probing.list(TAP)).containsExactly(placed);
    assertThat(offload.list(TAP)).as("nothing stays on the NIC").isEmpty();
    final FlowMatcher matcher = software.ingressMatcher(TAP);
    final byte[] frame = TestEal.frame(60, 0);
    final MatchResult hit =
        matcher.match(frame, 0, frame.length, FlowMatcher.NO_MARK, FlowMatcher.NO_META, TAP);
    assertThat(hit.matched()).isTrue();
    assertThat(hit.ruleId()).isEqualTo(placed.id());
    assertThat(hit.actions()).containsExactly(new FlowAction.Queue(0));
    final byte[] other = TestEal.frame(60, 0);
    other[5] = 0x09;
    assertThat(
            matcher
                .match(other, 0, other.length, FlowMatcher.NO_MARK, FlowMatcher.NO_META, TAP)
                .matched())
        .isFalse();
  }

  @Test
  void shouldCountInSoftwareWhenTheTapPmdRefusesCount() {
    final OffloadedRule placed = done(probing.create(TAP, COUNTED));
    assertThat(placed.placement().toString())
        .isEqualTo("sw (hw: rte_flow_validate: action not supported)");

    final FlowMatcher matcher = software.ingressMatcher(TAP);
    final byte[] frame = TestEal.frame(60, 0);
    final byte[] other = TestEal.frame(64, 1);
    other[0] = 0x04;
    for (int i = 0; i < 5; i++) {
      matcher.match(frame, 0, frame.length, FlowMatcher.NO_MARK, FlowMatcher.NO_META, TAP);
      matcher.match(other, 0, other.length, FlowMatcher.NO_MARK, FlowMatcher.NO_META, TAP);
    }

    assertThat(done(probing.query(TAP, placed.id()))).isEqualTo(new RuleCounts(5, 5 * 60));
    assertThat(done(probing.destroy(TAP, placed.id())).rule()).isEqualTo(COUNTED);
    assertThat(software.list(TAP)).isEmpty();
  }

  @Test
  void shouldFallBackWithTheCompilersReasonWhenTheRuleCannotBeEncoded() {
    final String reason =
        "hw: "
            + RteFlowCompilation.UNSUPPORTED
            + "vxlan_encap action (the encapsulation headers are not part of the rule; testpmd"
            + " takes them from 'set vxlan')";
    assertThat(refusal(offload.validate(TAP, ENCAP))).isEqualTo(reason);
    assertThat(refusal(offload.create(NULL, ENCAP))).isEqualTo(reason);

    assertThat(done(probing.create(TAP, ENCAP)).placement().toString())
        .isEqualTo("sw (" + reason + ")");
  }

  @Test
  void shouldSurfaceFunctionNotImplementedAndFallBackWhenThePmdHasNoRteFlow() {
    assertThat(refusal(offload.create(NULL, STEER)))
        .isEqualTo("hw: rte_flow_create: Function not implemented");
    assertThat(refusal(offload.flush(NULL)))
        .isEqualTo("hw: rte_flow_flush: Function not implemented");

    final OffloadedRule placed = done(probing.create(NULL, STEER));

    assertThat(placed.placement().toString())
        .isEqualTo("sw (hw: rte_flow_validate: Function not implemented)");
    assertThat(software.list(NULL)).extracting(OffloadedRule::rule).containsExactly(STEER);
  }

  @Test
  void shouldIsolateInSoftwareWithDpdksTextWhenTheKernelLacksTcRules() {
    assertThat(refusal(offload.isolate(TAP, true)))
        .isEqualTo("hw: rte_flow_isolate: TC rule creation failed");

    assertThat(done(probing.isolate(TAP, true)).toString())
        .isEqualTo("sw (hw: rte_flow_isolate: TC rule creation failed)");
    assertThat(software.isolated(TAP)).isTrue();
  }

  @Test
  void shouldRefuseWhenThePortOrRuleIsUnknown() {
    assertThat(refusal(offload.validate(7, STEER))).isEqualTo("hw: port 7 is not a DPDK port");
    assertThat(refusal(offload.create(7, STEER))).isEqualTo("hw: port 7 is not a DPDK port");
    assertThat(refusal(offload.destroy(TAP, 3))).isEqualTo("hw: no rule 3 on port 0");
    assertThat(refusal(offload.query(TAP, 3))).isEqualTo("hw: no rule 3 on port 0");
    assertThat(offload.list(7)).isEmpty();
    assertThat(done(offload.flush(TAP))).as("net_tap flushes an empty port").isZero();
    assertThat(offload.name()).isEqualTo(RteFlowOffload.NAME);
  }
}
