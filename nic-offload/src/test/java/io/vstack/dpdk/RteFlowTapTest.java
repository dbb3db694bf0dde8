package io.vstack.dpdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * rte_flow through FFM against DPDK's net_tap PMD. Its validate checks rules in software; create
 * and isolate need TC flower/multiq in the kernel, which these machines lack, so DPDK's refusal
 * must come back as a result carrying DPDK's own text.
 */
class RteFlowTapTest {
  private static final int IPPROTO_UDP = 17;
  private static final int VXLAN_PORT = 4789;

  private final TestEal dpdk = TestEal.get();
  private final EthDev tap = dpdk.port("net_tap0");
  private final RteFlow flow = RteFlow.on(tap);

  @Test
  void shouldAcceptRulesTheTapPmdSupportsWhenValidating() {
    assertAccepted(r -> r.ingress().eth().ipv4().udp(0, 0, VXLAN_PORT, 0xffff).toQueue(0));
    assertAccepted(
        r ->
            r.ingress()
                .eth(0x02_00_00_00_00_01L, 0xffff_ffff_ffffL, 0, 0, 0x0800, 0xffff)
                .ipv4(0x0a000001, 0xffffffff, 0x0a000002, 0xffffffff, IPPROTO_UDP, 0xff)
                .udp(1234, 0xffff, VXLAN_PORT, 0xffff)
                .toQueue(0));
    assertAccepted(
        r -> r.ingress().eth().vlan(3, 0x0fff, 0, 0).ipv4().tcp(0, 0, 80, 0xffff, 0, 0).toQueue(0));
    assertAccepted(r -> r.ingress().eth().ipv6().udp().passthru());
    assertAccepted(r -> r.ingress().eth().ipv4().drop());
    assertAccepted(r -> r.egress().eth().ipv4().drop());
  }

  @Test
  void shouldSurfaceDpdksMessageWhenTheQueueIndexIsOutOfRange() {
    final RteFlowError error = refused(r -> r.ingress().eth().ipv4().udp().toQueue(5));
    assertThat(error.message()).isEqualTo("queue index out of range");
    assertThat(error.errno()).isEqualTo(34); // ERANGE
    assertThat(error.typeName()).isEqualTo("ACTION");
    assertThat(error.toString())
        .startsWith("rte_flow_validate on net_tap0 of ingress pattern eth")
        .contains("queue index out of range")
        .contains("Numerical result out of range");
  }

  @Test
  void shouldSurfaceDpdksMessageWhenAnItemIsNotSupported() {
    final RteFlowError error =
        refused(
            r ->
                r.ingress()
                    .eth()
                    .ipv4()
                    .udp(0, 0, VXLAN_PORT, 0xffff)
                    .vxlan(42, 0xffffff)
                    .toQueue(0));
    assertThat(error.message()).isEqualTo("item not supported");
    assertThat(error.typeName()).isEqualTo("ITEM");
    assertThat(error.errnoText()).isEqualTo("Operation not supported");
  }

  @Test
  void shouldSurfaceDpdksMessageWhenAnActionIsNotSupported() {
    assertThat(refused(r -> r.ingress().eth().ipv4().setMark(7).toQueue(0)).message())
        .isEqualTo("action not supported");
    assertThat(refused(r -> r.ingress().eth().ipv4().count(0).toQueue(0)).message())
        .isEqualTo("action not supported");
  }

  @Test
  void shouldReturnDpdksRefusalWhenTheKernelLacksTcFlowerForCreate() {
    try (RteFlowBuilder rule = new RteFlowBuilder().ingress().eth().ipv4().udp().toQueue(0)) {
      assertThat(flow.validate(rule).isOk()).as("the PMD itself accepts the rule").isTrue();

      final RteFlowResult<RteFlowHandle> created = flow.create(rule);

      assertThat(created.isOk()).isFalse();
      final RteFlowError error = created.error();
      assertThat(error.operation()).startsWith("rte_flow_create on net_tap0");
      assertThat(error.message())
          .isEqualTo("overlapping rules or Kernel too old for flower support");
      assertThat(error.typeName()).isEqualTo("HANDLE");
      assertThat(error.errno()).isEqualTo(17); // EEXIST, as net_tap reports a kernel refusal
      assertThatThrownBy(created::orThrow)
          .isInstanceOf(RteFlowException.class)
          .hasMessageContaining("Kernel too old for flower support");
    }
  }

  @Test
  void shouldReturnDpdksRefusalWhenIsolatedModeNeedsTcRules() {
    final RteFlowResult<Void> isolated = flow.isolate(true);

    assertThat(isolated.isOk()).isFalse();
    assertThat(isolated.error().message()).isEqualTo("TC rule creation failed");
    assertThat(isolated.error().errnoText()).isEqualTo("Operation not supported");
  }

  @Test
  void shouldRefuseRssOnNetTapWithoutCallingThePmdThatWouldCrash() {
    try (RteFlowBuilder rule =
        new RteFlowBuilder().ingress().eth().ipv4().rss(0, 0, new int[] {0}, new byte[0])) {
      final RteFlowError error = flow.validate(rule).error();
      assertThat(error.message()).isEqualTo(RteFlow.TAP_RSS_REFUSAL);
      assertThat(error.errnoText()).isEqualTo("Operation not supported");
      assertThat(error.typeName()).isEqualTo("ACTION");
      assertThat(flow.create(rule).error().message()).isEqualTo(RteFlow.TAP_RSS_REFUSAL);
    }
    assertAccepted(r -> r.ingress().eth().ipv4().toQueue(0)); // and the process lives on
  }

  @Test
  void shouldFlushWhenNoRuleExists() {
    assertThat(flow.flush().isOk()).isTrue();
  }

  @Test
  void shouldSayFunctionNotImplementedWhenThePmdHasNoRteFlow() {
    try (RteFlowBuilder rule = new RteFlowBuilder().ingress().eth().toQueue(0)) {
      final RteFlowError error = RteFlow.on(dpdk.port("net_null0")).validate(rule).error();
      assertThat(error.errnoText()).isEqualTo("Function not implemented");
      assertThat(error.message()).isEqualTo("Function not implemented");
    }
  }

  private void assertAccepted(final Consumer<RteFlowBuilder> rule) {
    try (RteFlowBuilder builder = new RteFlowBuilder()) {
      rule.accept(builder);
      final RteFlowResult<Void> result = flow.validate(builder);
      assertThat(result.isOk()).as("%s: %s", builder.describe(), result).isTrue();
    }
  }

  private RteFlowError refused(final Consumer<RteFlowBuilder> rule) {
    try (RteFlowBuilder builder = new RteFlowBuilder()) {
      rule.accept(builder);
      final RteFlowResult<Void> result = flow.validate(builder);
      assertThat(result.isOk()).as("%s must be refused", builder.describe()).isFalse();
      return result.error();
    }
  }
}
