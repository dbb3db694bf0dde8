package io.vstack.offload;

import static io.vstack.offload.Results.done;
import static io.vstack.offload.Results.refusal;
import static org.assertj.core.api.Assertions.assertThat;

import io.vstack.flow.FlowRule;
import io.vstack.flow.match.FlowMatcher;
import io.vstack.flow.syntax.FlowSyntax;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class SoftwareFlowOffloadTest {
  static final FlowRule UDP_4789 =
      FlowSyntax.parseRule(
          "ingress pattern eth / ipv4 / udp dst is 4789 / end actions count / queue index 1 / end");
  static final FlowRule TCP_80 =
      FlowSyntax.parseRule(
          "ingress pattern eth / ipv4 / tcp dst is 80 / end actions count / queue index 2 / end");
  static final FlowRule DROP_IPV4 =
      FlowSyntax.parseRule("priority 1 ingress pattern eth / ipv4 / end actions drop / end");

  private final SoftwareFlowOffload offload = new SoftwareFlowOffload();

  /** A 54-byte Ethernet/IPv4 frame carrying a UDP (17) or TCP (6) header with {@code dstPort}. */
  static byte[] frame(final int protocol, final int dstPort) {
    final ByteBuffer b = ByteBuffer.allocate(14 + 20 + 20);
    b.put(new byte[] {2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1}).putShort((short) 0x0800);
    b.put((byte) 0x45).put((byte) 0).putShort((short) 40).putInt(0);
    b.put((byte) 64).put((byte) protocol).putShort((short) 0);
    b.putInt(0x0a000001).putInt(0x0a000002);
    b.putShort((short) 1234).putShort((short) dstPort);
    if (protocol == 6) {
      b.putInt(1).putInt(0).put((byte) 0x50); // data offset 5 words
    } else {
      b.putShort((short) 20);
    }
    return b.array();
  }

  private void receive(final int port, final byte[] frame, final int times) {
    final FlowMatcher matcher = offload.ingressMatcher(port);
    for (int i = 0; i < times; i++) {
      matcher.match(frame, 0, frame.length, FlowMatcher.NO_MARK, FlowMatcher.NO_META, port);
    }
  }

  @Test
  void shouldNumberRulesLikeTestpmdWhenCreatingAndDestroying() {
    assertThat(done(offload.create(0, UDP_4789)).id()).isZero();
    assertThat(done(offload.create(0, TCP_80)).id()).isEqualTo(1);
    assertThat(done(offload.create(3, TCP_80)).id()).as("ids are per port").isZero();
    assertThat(done(offload.destroy(0, 1)).rule()).isEqualTo(TCP_80);
    assertThat(done(offload.create(0, DROP_IPV4)).id()).isEqualTo(1);
    assertThat(offload.list(0))
        .extracting(OffloadedRule::rule)
        .containsExactly(UDP_4789, DROP_IPV4);
    assertThat(offload.list(0)).extracting(r -> r.placement().toString()).containsOnly("sw");
    assertThat(refusal(offload.destroy(0, 7))).isEqualTo("sw: no rule 7 on port 0");
    assertThat(done(offload.flush(0))).isEqualTo(2);
    assertThat(offload.list(0)).isEmpty();
    assertThat(offload.list(3)).hasSize(1);
  }

  @Test
  void shouldCountHitsOfTheLaneMatcherWhenQueried() {
    done(offload.create(0, UDP_4789));
    done(offload.create(0, TCP_80));
    receive(0, frame(17, 4789), 5);
    receive(0, frame(6, 80), 2);
    receive(0, frame(6, 443), 4);
    assertThat(done(offload.query(0, 0))).isEqualTo(new RuleCounts(5, 5 * 54));
    assertThat(done(offload.query(0, 1))).isEqualTo(new RuleCounts(2, 2 * 54));
  }

  @Test
  void shouldKeepCountsOfSurvivingRulesWhenRulesChange() {
    done(offload.create(0, UDP_4789));
    done(offload.create(0, TCP_80));
    receive(0, frame(17, 4789), 3);
    receive(0, frame(6, 80), 4);
    done(offload.create(0, DROP_IPV4));
    receive(0, frame(17, 4789), 1);
    assertThat(done(offload.query(0, 0)).hits()).isEqualTo(4);
    done(offload.destroy(0, 1));
    assertThat(done(offload.query(0, 0)).hits()).isEqualTo(4);
    done(offload.destroy(0, 2));
    done(offload.create(0, TCP_80));
    assertThat(done(offload.query(0, 1)).hits()).as("a reused id starts from zero").isZero();
  }

  @Test
  void shouldRefuseQueryWhenRuleHasNoCount() {
    done(offload.create(0, DROP_IPV4));
    assertThat(refusal(offload.query(0, 0))).isEqualTo("sw: rule 0 has no COUNT action");
  }

  @Test
  void shouldRefuseRulesSoftwareCannotRunWithoutChangingAnything() {
    final FlowRule egress = FlowSyntax.parseRule("egress pattern eth / end actions drop / end");
    assertThat(refusal(offload.validate(0, egress))).contains("ingress rules only");
    assertThat(refusal(offload.create(0, egress))).contains("ingress rules only");
    final FlowRule maskOnly =
        FlowSyntax.parseRule(
            "ingress pattern eth / ipv4 src mask 255.0.0.0 / end actions drop / end");
    assertThat(refusal(offload.create(0, maskOnly))).startsWith("sw: ").contains("spec");
    assertThat(offload.list(0)).isEmpty();
    assertThat(done(offload.validate(0, UDP_4789))).isEqualTo(new Placement("sw", ""));
    assertThat(offload.list(0)).as("validate creates nothing").isEmpty();
  }

  @Test
  void shouldRememberIsolationPerPort() {
    assertThat(offload.isolated(0)).isFalse();
    done(offload.isolate(0, true));
    assertThat(offload.isolated(0)).isTrue();
    assertThat(offload.isolated(1)).isFalse();
    done(offload.isolate(0, false));
    assertThat(offload.isolated(0)).isFalse();
  }
}
