package io.vstack.flow.match;

import static io.vstack.flow.match.FlowMatcher.NO_MARK;
import static io.vstack.flow.match.FlowMatcher.NO_META;
import static io.vstack.flow.match.Frames.frame;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vstack.flow.FlowAction;
import io.vstack.flow.FlowDirection;
import io.vstack.flow.FlowRule;
import io.vstack.flow.RuleSet;
import io.vstack.flow.syntax.FlowSyntax;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class FlowMatcherTest {
  private static final long MAC_A = 0x001122334455L;
  private static final long MAC_B = 0x02000000000AL;

  static FlowMatcher matcher(final String... rules) {
    return FlowMatcher.compile(
        Stream.of(rules).map(FlowSyntax::parseRule).toList(), FlowDirection.INGRESS);
  }

  static boolean hits(final String rule, final byte[] frame) {
    return matcher(rule).match(frame, 0, frame.length, NO_MARK, NO_META, 0).matched();
  }

  static String rule(final String pattern) {
    return "ingress pattern " + pattern + " / end actions drop / end";
  }

  static byte[] udp4(final String src, final String dst, final int sport, final int dport) {
    return frame()
        .eth(MAC_A, MAC_B, 0x0800)
        .ipv4(0, 64, 17, src, dst)
        .udp(sport, dport)
        .payload(4)
        .bytes();
  }

  static byte[] vxlan4(final int vni, final String innerDst) {
    return frame()
        .eth(MAC_A, MAC_B, 0x0800)
        .ipv4(0, 64, 17, "192.0.2.1", "192.0.2.2")
        .udp(40000, 4789)
        .vxlan(vni)
        .eth(0x0200000000BBL, 0x0200000000CCL, 0x0800)
        .ipv4(0, 64, 6, "10.0.0.1", innerDst)
        .tcp(1234, 80, 0x02)
        .bytes();
  }

  @Nested
  class Items {
    @Test
    void shouldMatchEthFieldsWhenEqualAndNotOtherwise() {
      final String r = rule("eth dst is 00:11:22:33:44:55 src is 02:00:00:00:00:0a type is 0x0800");
      assertThat(hits(r, udp4("1.1.1.1", "2.2.2.2", 1, 2))).isTrue();
      assertThat(hits(r, frame().eth(MAC_A, MAC_B, 0x86DD).payload(60).bytes())).isFalse();
      assertThat(hits(r, frame().eth(MAC_B, MAC_B, 0x0800).payload(60).bytes())).isFalse();
      assertThat(hits(r, frame().eth(MAC_A, MAC_A, 0x0800).payload(60).bytes())).isFalse();
    }

    @Test
    void shouldMatchVlanFieldsWhenTagAgrees() {
      final byte[] tagged =
          frame()
              .eth(MAC_A, MAC_B, 0x8100)
              .vlan(5, 1, 100, 0x0800)
              .ipv4(0, 64, 17, "1.1.1.1", "2.2.2.2")
              .udp(1, 2)
              .bytes();
      assertThat(hits(rule("eth type is 0x8100 / vlan tci is 0xb064"), tagged)).isTrue();
      assertThat(hits(rule("eth / vlan pcp is 5 dei is 1 vid is 100 inner_type is 0x0800"), tagged))
          .isTrue();
      assertThat(hits(rule("eth / vlan pcp is 4"), tagged)).isFalse();
      assertThat(hits(rule("eth / vlan dei is 0"), tagged)).isFalse();
      assertThat(hits(rule("eth / vlan vid is 101"), tagged)).isFalse();
      assertThat(hits(rule("eth / vlan inner_type is 0x86dd"), tagged)).isFalse();
      assertThat(hits(rule("eth / vlan / ipv4 / udp dst is 2"), tagged)).isTrue();
      assertThat(hits(rule("eth / ipv4"), tagged)).as("ipv4 must follow eth directly").isFalse();
    }

    @Test
    void shouldMatchStackedVlansWhenQinq() {
      final byte[] qinq =
          frame()
              .eth(MAC_A, MAC_B, 0x88A8)
              .vlan(0, 0, 100, 0x8100)
              .vlan(0, 0, 200, 0x0800)
              .ipv4(0, 64, 17, "1.1.1.1", "2.2.2.2")
              .udp(1, 2)
              .bytes();
      assertThat(
              hits(
                  rule("eth type is 0x88a8 / vlan vid is 100 / vlan vid is 200 / ipv4 / udp"),
                  qinq))
          .isTrue();
      assertThat(hits(rule("eth / vlan vid is 200"), qinq)).isFalse();
    }

    @Test
    void shouldMatchIpv4FieldsWhenEqual() {
      final byte[] f =
          frame()
              .eth(MAC_A, MAC_B, 0x0800)
              .ipv4(184, 63, 17, "10.0.0.1", "10.0.0.2")
              .udp(1, 2)
              .bytes();
      assertThat(
              hits(
                  rule(
                      "eth / ipv4 tos is 184 ttl is 63 proto is 17 src is 10.0.0.1 dst is 10.0.0.2"),
                  f))
          .isTrue();
      assertThat(hits(rule("eth / ipv4 tos is 0"), f)).isFalse();
      assertThat(hits(rule("eth / ipv4 ttl is 64"), f)).isFalse();
      assertThat(hits(rule("eth / ipv4 proto is 6"), f)).isFalse();
      assertThat(hits(rule("eth / ipv4 src is 10.0.0.2"), f)).isFalse();
      assertThat(hits(rule("eth / ipv4 dst is 10.0.0.1"), f)).isFalse();
    }

    @Test
    void shouldMatchIpv6FieldsWhenEqual() {
      final byte[] f =
          frame()
              .eth(MAC_A, MAC_B, 0x86DD)
              .ipv6(46, 0x12345, 6, 255, "2001:db8::1", "fe80::1:2")
              .tcp(443, 50000, 0x12)
              .bytes();
      assertThat(
              hits(
                  rule(
                      "eth / ipv6 tc is 46 flow is 74565 proto is 6 hop is 255 src is 2001:db8::1 dst is fe80::1:2"),
                  f))
          .isTrue();
      assertThat(hits(rule("ipv6 tc is 47"), f)).isFalse();
      assertThat(hits(rule("ipv6 flow is 74566"), f)).isFalse();
      assertThat(hits(rule("ipv6 proto is 17"), f)).isFalse();
      assertThat(hits(rule("ipv6 hop is 64"), f)).isFalse();
      assertThat(hits(rule("ipv6 src is 2001:db8::2"), f)).isFalse();
      assertThat(hits(rule("ipv6 dst is fe80::1:3"), f)).isFalse();
      assertThat(hits(rule("ipv6 / tcp src is 443 dst is 50000 flags is 0x12"), f)).isTrue();
    }

    @Test
    void shouldMatchL4FieldsWhenEqual() {
      assertThat(
              hits(
                  rule("eth / ipv4 / udp src is 53 dst is 5353"),
                  udp4("1.1.1.1", "2.2.2.2", 53, 5353)))
          .isTrue();
      assertThat(
              hits(
                  rule("eth / ipv4 / udp src is 53 dst is 5353"),
                  udp4("1.1.1.1", "2.2.2.2", 53, 5354)))
          .isFalse();
      assertThat(hits(rule("eth / ipv4 / udp src is 54"), udp4("1.1.1.1", "2.2.2.2", 53, 5353)))
          .isFalse();
      final byte[] syn =
          frame()
              .eth(MAC_A, MAC_B, 0x0800)
              .ipv4(0, 64, 6, "1.1.1.1", "2.2.2.2")
              .tcp(1000, 80, 0x02)
              .bytes();
      assertThat(hits(rule("ipv4 / tcp src is 1000 dst is 80 flags is 0x02"), syn)).isTrue();
      assertThat(hits(rule("ipv4 / tcp flags is 0x12"), syn)).isFalse();
      assertThat(hits(rule("ipv4 / tcp dst is 81"), syn)).isFalse();
      assertThat(hits(rule("ipv4 / udp"), syn)).isFalse();
      final byte[] ping =
          frame()
              .eth(MAC_A, MAC_B, 0x0800)
              .ipv4(0, 64, 1, "1.1.1.1", "2.2.2.2")
              .icmp(8, 0, 0x1234, 7)
              .bytes();
      assertThat(hits(rule("eth / ipv4 / icmp type is 8 code is 0 ident is 4660 seq is 7"), ping))
          .isTrue();
      assertThat(hits(rule("icmp type is 0"), ping)).isFalse();
      assertThat(hits(rule("icmp code is 1"), ping)).isFalse();
      assertThat(hits(rule("icmp ident is 4661"), ping)).isFalse();
      assertThat(hits(rule("icmp seq is 8"), ping)).isFalse();
    }

    @Test
    void shouldMatchTunnelsAndInnerHeadersWhenVxlanOrGeneve() {
      final byte[] vx = vxlan4(1001, "10.0.0.9");
      assertThat(
              hits(
                  rule(
                      "eth / ipv4 / udp dst is 4789 / vxlan vni is 1001 / eth / ipv4 dst is 10.0.0.9 / tcp dst is 80"),
                  vx))
          .isTrue();
      assertThat(hits(rule("eth / ipv4 / udp / vxlan vni is 1002"), vx)).isFalse();
      assertThat(hits(rule("vxlan / eth / ipv4 dst is 10.0.0.8"), vx)).isFalse();
      assertThat(hits(rule("ipv4 dst is 192.0.2.2 / udp"), vx))
          .as("anchors at the outer ipv4")
          .isTrue();
      final byte[] gen =
          frame()
              .eth(MAC_A, MAC_B, 0x86DD)
              .ipv6(0, 0, 17, 64, "2001:db8::1", "2001:db8::2")
              .udp(40000, 6081)
              .geneve(0xFFFFFF, 0x6558, 2)
              .eth(MAC_B, MAC_A, 0x0800)
              .ipv4(0, 64, 17, "10.0.0.1", "10.0.0.2")
              .udp(5, 6)
              .bytes();
      assertThat(
              hits(
                  rule(
                      "eth / ipv6 / udp dst is 6081 / geneve vni is 16777215 protocol is 0x6558 / eth / ipv4 / udp dst is 6"),
                  gen))
          .isTrue();
      assertThat(hits(rule("geneve vni is 1"), gen)).isFalse();
      assertThat(hits(rule("geneve protocol is 0x0800"), gen)).isFalse();
      final byte[] genIp =
          frame()
              .eth(MAC_A, MAC_B, 0x0800)
              .ipv4(0, 64, 17, "1.1.1.1", "2.2.2.2")
              .udp(1, 6081)
              .geneve(7, 0x0800, 0)
              .ipv4(0, 64, 6, "10.0.0.1", "10.0.0.2")
              .tcp(1, 2, 0)
              .bytes();
      assertThat(
              hits(
                  rule("udp / geneve vni is 7 protocol is 0x0800 / ipv4 dst is 10.0.0.2 / tcp"),
                  genIp))
          .isTrue();
    }

    @Test
    void shouldMatchMetadataItemsAgainstParameters() {
      final byte[] f = udp4("1.1.1.1", "2.2.2.2", 1, 2);
      final FlowMatcher mark = matcher(rule("mark id is 7 / eth"));
      assertThat(mark.match(f, 0, f.length, 7, NO_META, 0).matched()).isTrue();
      assertThat(mark.match(f, 0, f.length, 8, NO_META, 0).matched()).isFalse();
      assertThat(mark.match(f, 0, f.length, NO_MARK, NO_META, 0).matched()).isFalse();
      final FlowMatcher meta = matcher(rule("eth / meta data is 3735928559"));
      assertThat(meta.match(f, 0, f.length, NO_MARK, 0xDEADBEEFL, 0).matched()).isTrue();
      assertThat(meta.match(f, 0, f.length, NO_MARK, 1, 0).matched()).isFalse();
      assertThat(meta.match(f, 0, f.length, NO_MARK, NO_META, 0).matched()).isFalse();
      final FlowMatcher portId = matcher(rule("port_id id is 3"));
      assertThat(portId.match(f, 0, f.length, NO_MARK, NO_META, 3).matched()).isTrue();
      assertThat(portId.match(f, 0, f.length, NO_MARK, NO_META, 4).matched()).isFalse();
      final FlowMatcher represented = matcher(rule("represented_port ethdev_port_id is 2"));
      assertThat(represented.match(f, 0, f.length, NO_MARK, NO_META, 2).matched()).isTrue();
      assertThat(represented.match(f, 0, f.length, NO_MARK, NO_META, 5).matched()).isFalse();
    }

    @Test
    void shouldMatchAnyHeaderOfTheTypeWhenItemSetsNothing() {
      assertThat(hits(rule("eth / ipv4 / udp"), udp4("9.9.9.9", "8.8.8.8", 7, 9))).isTrue();
      assertThat(hits("ingress pattern end actions drop / end", new byte[0])).isTrue();
    }
  }

  @Nested
  class MaskForms {
    private final byte[] toTenOne = udp4("10.1.2.3", "10.0.0.2", 1000, 1500);

    @Test
    void shouldApplyDefaultMaskToWholeItemWhenOnlySpecIsGiven() {
      // rte_flow_item_ipv4_mask covers src AND dst: dst's spec stays 0.0.0.0 and must match too.
      assertThat(hits(rule("ipv4 src spec 10.1.2.3"), toTenOne)).isFalse();
      assertThat(hits(rule("ipv4 src spec 10.1.2.3"), udp4("10.1.2.3", "0.0.0.0", 1, 2))).isTrue();
      // The default mask ignores tos, so a tos spec alone with a zero src/dst spec cannot match
      // real addresses.
      assertThat(hits(rule("ipv4 tos spec 0 src spec 10.1.2.3 dst spec 10.0.0.2"), toTenOne))
          .isTrue();
      // vlan's default mask is 0x0fff: pcp is ignored, vid must match.
      final byte[] tagged =
          frame().eth(MAC_A, MAC_B, 0x8100).vlan(7, 0, 5, 0x0800).payload(40).bytes();
      assertThat(hits(rule("eth / vlan tci spec 0x0005"), tagged)).isTrue();
      assertThat(hits(rule("eth / vlan tci spec 0x0006"), tagged)).isFalse();
    }

    @Test
    void shouldIgnoreUnmaskedFieldsWhenAnyMaskIsGiven() {
      assertThat(hits(rule("ipv4 src is 10.1.2.3"), toTenOne)).isTrue();
      assertThat(hits(rule("ipv4 src spec 10.1.0.0 src mask 255.255.0.0"), toTenOne)).isTrue();
      assertThat(hits(rule("ipv4 src spec 10.2.0.0 src mask 255.255.0.0"), toTenOne)).isFalse();
      assertThat(hits(rule("eth src spec 02:00:00:ff:ff:ff src mask ff:ff:ff:00:00:00"), toTenOne))
          .isTrue();
      assertThat(
              hits(
                  rule("udp dst spec 0x05dc dst mask 0xff0f"),
                  udp4("1.1.1.1", "1.1.1.2", 1, 0x05FC)))
          .isTrue();
      assertThat(
              hits(
                  rule("udp dst spec 0x05dc dst mask 0xff0f"),
                  udp4("1.1.1.1", "1.1.1.2", 1, 0x05DD)))
          .isFalse();
    }

    @Test
    void shouldMaskLeadingBitsWhenPrefixIsGiven() {
      assertThat(hits(rule("ipv4 src spec 10.1.0.0 src prefix 16"), toTenOne)).isTrue();
      assertThat(hits(rule("ipv4 src spec 10.1.0.0 src prefix 24"), toTenOne)).isFalse();
      assertThat(hits(rule("ipv4 src spec 11.0.0.0 src prefix 0"), toTenOne)).isTrue();
      final byte[] v6 =
          frame()
              .eth(MAC_A, MAC_B, 0x86DD)
              .ipv6(0, 0, 17, 1, "2001:db8:1:2::5", "::1")
              .udp(1, 2)
              .bytes();
      assertThat(hits(rule("ipv6 src spec 2001:db8:1:: src prefix 48"), v6)).isTrue();
      assertThat(hits(rule("ipv6 src spec 2001:db8:1:: src prefix 64"), v6)).isFalse();
    }

    @Test
    void shouldMatchInclusiveRangeWhenLastIsGiven() {
      // udp's default mask also covers src, whose spec (1) the frames carry.
      final String r = rule("udp src spec 1 dst spec 1000 dst last 2000");
      for (final int port : new int[] {1000, 1500, 2000}) {
        assertThat(hits(r, udp4("1.1.1.1", "2.2.2.2", 1, port))).as("port %d", port).isTrue();
      }
      for (final int port : new int[] {999, 2001, 0, 65535}) {
        assertThat(hits(r, udp4("1.1.1.1", "2.2.2.2", 1, port))).as("port %d", port).isFalse();
      }
    }

    @Test
    void shouldCompareMaskedValuesWhenRangeHasMask() {
      // spec & mask = 0x0300, last & mask = 0x0700; 2001 & 0xff00 = 0x0700 is inside, 2100 & 0xff00
      // = 0x0800 is not.
      final String r = rule("udp dst spec 1000 dst last 2000 dst mask 0xff00");
      assertThat(hits(r, udp4("1.1.1.1", "2.2.2.2", 1, 2001))).isTrue();
      assertThat(hits(r, udp4("1.1.1.1", "2.2.2.2", 1, 768))).isTrue();
      assertThat(hits(r, udp4("1.1.1.1", "2.2.2.2", 1, 2100))).isFalse();
      assertThat(hits(r, udp4("1.1.1.1", "2.2.2.2", 1, 767))).isFalse();
    }

    @Test
    void shouldTreatLastAsExactWhenZeroOrEqualToSpec() {
      assertThat(
              hits(
                  rule("udp src spec 1 dst spec 1500 dst last 1500"),
                  udp4("1.1.1.1", "2.2.2.2", 1, 1500)))
          .isTrue();
      assertThat(
              hits(
                  rule("udp src spec 1 dst spec 1500 dst last 1500"),
                  udp4("1.1.1.1", "2.2.2.2", 1, 1501)))
          .isFalse();
      assertThat(hits(rule("udp dst spec 1500 dst last 1500"), udp4("1.1.1.1", "2.2.2.2", 1, 1500)))
          .as("default mask: src spec 0 must match too")
          .isFalse();
      assertThat(
              hits(
                  rule("udp src spec 1 dst spec 1500 dst last 0"),
                  udp4("1.1.1.1", "2.2.2.2", 1, 1500)))
          .isTrue();
    }

    @Test
    void shouldNeverMatchWhenLastIsBelowSpec() {
      assertThat(
              hits(
                  rule("udp src spec 1 dst spec 2000 dst last 1000"),
                  udp4("1.1.1.1", "2.2.2.2", 1, 1500)))
          .isFalse();
    }

    @Test
    void shouldCompareAll128BitsWhenIpv6RangeIsGiven() {
      final String r =
          rule(
              "ipv6 src spec 2001:db8::1 src last 2001:db8::1:0 src mask ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff");
      final Frames base = frame().eth(MAC_A, MAC_B, 0x86DD);
      assertThat(
              hits(
                  r,
                  frame()
                      .eth(MAC_A, MAC_B, 0x86DD)
                      .ipv6(0, 0, 59, 1, "2001:db8::ffff", "::")
                      .bytes()))
          .isTrue();
      assertThat(
              hits(
                  r,
                  frame()
                      .eth(MAC_A, MAC_B, 0x86DD)
                      .ipv6(0, 0, 59, 1, "2001:db8::1:1", "::")
                      .bytes()))
          .isFalse();
      assertThat(hits(r, base.ipv6(0, 0, 59, 1, "2001:db7::5", "::").bytes())).isFalse();
    }

    @Test
    void shouldMatchSubFieldRangeWhenFieldIsABitfield() {
      final byte[] tagged =
          frame().eth(MAC_A, MAC_B, 0x8100).vlan(3, 0, 150, 0x0800).payload(40).bytes();
      assertThat(hits(rule("eth / vlan vid spec 100 vid last 199"), tagged)).isTrue();
      assertThat(hits(rule("eth / vlan vid spec 100 vid last 149"), tagged)).isFalse();
      assertThat(hits(rule("eth / vlan pcp spec 2 pcp last 4 pcp mask 0x7"), tagged)).isTrue();
      assertThat(hits(rule("eth / vlan pcp spec 4 pcp last 6 pcp mask 0x7"), tagged)).isFalse();
    }

    @Test
    void shouldRefuseRuleWhenMaskHasNoSpec() {
      assertThatThrownBy(() -> matcher(rule("ipv4 src mask 255.0.0.0")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("rule 0: item 'ipv4' sets mask or last without spec");
    }
  }

  @Nested
  class Ordering {
    private final byte[] f = udp4("10.0.0.1", "10.0.0.2", 1, 2);

    @Test
    void shouldPickLowestPriorityWhenSeveralRulesMatch() {
      final FlowMatcher m =
          matcher(
              "priority 5 ingress pattern eth / end actions queue index 5 / end",
              "priority 1 ingress pattern eth / ipv4 / end actions queue index 1 / end",
              "priority 1 ingress pattern eth / end actions queue index 9 / end");
      final MatchResult r = m.match(f, 0, f.length, NO_MARK, NO_META, 0);
      assertThat(r.ruleIndex()).isEqualTo(1);
      assertThat(r.actions()).containsExactly(new FlowAction.Queue(1));
    }

    @Test
    void shouldIgnoreGroupsNotReachedByJump() {
      final FlowMatcher m = matcher("group 1 ingress pattern eth / end actions drop / end");
      assertThat(m.match(f, 0, f.length, NO_MARK, NO_META, 0).matched()).isFalse();
    }

    @Test
    void shouldContinueInTargetGroupWithMarkWhenRuleJumps() {
      final FlowMatcher m =
          matcher(
              "ingress pattern eth / ipv4 / end actions mark id 42 / jump group 3 / end",
              "group 3 ingress pattern mark id is 41 / end actions drop / end",
              "group 3 priority 1 ingress pattern mark id is 42 / end actions queue index 4 / end");
      final MatchResult r = m.match(f, 0, f.length, NO_MARK, NO_META, 0);
      assertThat(r.pathLength()).isEqualTo(2);
      assertThat(r.pathRuleIndex(0)).isEqualTo(0);
      assertThat(r.ruleIndex()).isEqualTo(2);
      assertThat(r.mark()).isEqualTo(42);
      assertThat(m.hits(0)).isEqualTo(1);
      assertThat(m.hits(1)).isZero();
      assertThat(m.bytes(2)).isEqualTo(f.length);
    }

    @Test
    void shouldStopJumpLoopsWhenBoundReached() {
      final FlowMatcher m =
          matcher(
              "ingress pattern end actions jump group 1 / end",
              "group 1 ingress pattern end actions jump group 0 / end");
      final MatchResult r = m.match(f, 0, f.length, NO_MARK, NO_META, 0);
      assertThat(r.pathLength()).isEqualTo(FlowMatcher.MAX_JUMPS + 1);
    }

    @Test
    void shouldContinueInSameGroupWhenRulePassesThrough() {
      final FlowMatcher m =
          matcher(
              "ingress pattern eth / end actions count / passthru / end",
              "priority 1 ingress pattern ipv4 / end actions queue index 2 / end");
      final MatchResult r = m.match(f, 0, f.length, NO_MARK, NO_META, 0);
      assertThat(r.pathLength()).isEqualTo(2);
      assertThat(r.ruleIndex()).isEqualTo(1);
    }

    @Test
    void shouldSkipRulesOfOtherDirections() {
      final List<FlowRule> rules =
          Stream.of(
                  "egress pattern eth / end actions drop / end",
                  "transfer pattern eth / end actions drop / end",
                  "ingress pattern eth / end actions queue index 1 / end")
              .map(FlowSyntax::parseRule)
              .toList();
      assertThat(
              FlowMatcher.compile(rules, FlowDirection.INGRESS)
                  .match(f, 0, f.length, NO_MARK, NO_META, 0)
                  .ruleIndex())
          .isEqualTo(2);
      assertThat(
              FlowMatcher.compile(rules, FlowDirection.EGRESS)
                  .match(f, 0, f.length, NO_MARK, NO_META, 0)
                  .ruleIndex())
          .isEqualTo(0);
      assertThat(
              FlowMatcher.compile(rules, FlowDirection.TRANSFER)
                  .match(f, 0, f.length, NO_MARK, NO_META, 0)
                  .ruleIndex())
          .isEqualTo(1);
    }

    @Test
    void shouldReportRuleSetIdsWhenCompiledFromRuleSet() {
      final RuleSet set =
          RuleSet.of(List.of(FlowSyntax.parseRule(rule("eth")), FlowSyntax.parseRule(rule("ipv4"))))
              .destroy(0);
      final MatchResult r =
          FlowMatcher.compile(set, FlowDirection.INGRESS)
              .match(f, 0, f.length, NO_MARK, NO_META, 0);
      assertThat(r.ruleId()).isEqualTo(1);
      assertThat(r.ruleIndex()).isZero();
    }
  }

  @Nested
  class TenantSteering {
    private final FlowMatcher steering =
        FlowMatcher.compile(
            Stream.of(
                    "flow create 0 priority 0 ingress pattern eth / ipv4 / udp dst is 4789 / vxlan vni is 1001 / end actions mark id 1 / queue index 0 / count identifier 1 / end",
                    "flow create 0 priority 0 ingress pattern eth / ipv4 / udp dst is 4789 / vxlan vni is 1002 / end actions mark id 2 / queue index 1 / count identifier 2 / end",
                    "flow create 0 priority 1 ingress pattern eth / ipv4 / udp dst is 4789 / vxlan / end actions count identifier 99 / drop / end")
                .map(
                    line ->
                        ((io.vstack.flow.FlowCommand.Create) FlowSyntax.parseCommand(line)).rule())
                .toList(),
            FlowDirection.INGRESS);

    @Test
    void shouldMarkAndSteerWhenVniIsKnown() {
      final byte[] tenantTwo = vxlan4(1002, "10.0.0.7");
      final MatchResult r = steering.match(tenantTwo, 0, tenantTwo.length, NO_MARK, NO_META, 0);
      assertThat(r.ruleIndex()).isEqualTo(1);
      assertThat(r.mark()).isEqualTo(2);
      assertThat(r.actions()).contains(new FlowAction.Queue(1), new FlowAction.Count(2));
    }

    @Test
    void shouldDropWhenVniIsUnknown() {
      final byte[] stranger = vxlan4(4242, "10.0.0.7");
      final MatchResult r = steering.match(stranger, 0, stranger.length, NO_MARK, NO_META, 0);
      assertThat(r.ruleIndex()).isEqualTo(2);
      assertThat(r.actions()).contains(new FlowAction.Drop());
      assertThat(r.mark()).isEqualTo(NO_MARK);
      final byte[] plain = udp4("1.1.1.1", "2.2.2.2", 1, 53);
      assertThat(steering.match(plain, 0, plain.length, NO_MARK, NO_META, 0).matched()).isFalse();
    }
  }

  @Nested
  class Robustness {
    @Test
    void shouldMatchOnlyWhatFitsWhenFrameIsTruncated() {
      final byte[] full = vxlan4(7, "10.0.0.9");
      final FlowMatcher m =
          matcher(
              rule("eth / ipv4 / udp / vxlan vni is 7 / eth / ipv4 / tcp dst is 80"),
              rule("eth / ipv4 / udp / vxlan vni is 7"),
              rule("eth"));
      final int fullStack = full.length;
      final int vxlanEnd = 14 + 20 + 8 + 8;
      for (int length = 0; length <= full.length; length++) {
        final MatchResult r = m.match(full, 0, length, NO_MARK, NO_META, 0);
        final int expected =
            length >= fullStack ? 0 : length >= vxlanEnd ? 1 : length >= 14 ? 2 : -1;
        assertThat(r.ruleIndex()).as("length %d", length).isEqualTo(expected);
      }
    }

    @Test
    void shouldNotMatchAndNotThrowWhenBoundsAreInvalid() {
      final FlowMatcher m = matcher(rule("eth"));
      final byte[] f = udp4("1.1.1.1", "2.2.2.2", 1, 2);
      assertThat(m.match(f, -1, 10, NO_MARK, NO_META, 0).matched()).isFalse();
      assertThat(m.match(f, 5, f.length, NO_MARK, NO_META, 0).matched()).isFalse();
      assertThat(m.match(f, 0, -3, NO_MARK, NO_META, 0).matched()).isFalse();
      assertThat(m.match(f, Integer.MAX_VALUE, 2, NO_MARK, NO_META, 0).matched()).isFalse();
      assertThat(m.match(null, 0, 0, NO_MARK, NO_META, 0).matched()).isFalse();
    }

    @Test
    void shouldStopAtBadHeaderWhenIpv4IsMalformedOrFragmented() {
      final FlowMatcher m = matcher(rule("eth / ipv4 / udp"), rule("eth / ipv4"), rule("eth"));
      final byte[] shortIhl =
          frame()
              .eth(MAC_A, MAC_B, 0x0800)
              .ipv4(4, 0, 0, 64, 17, "1.1.1.1", "2.2.2.2")
              .udp(1, 2)
              .bytes();
      assertThat(m.match(shortIhl, 0, shortIhl.length, NO_MARK, NO_META, 0).ruleIndex())
          .isEqualTo(2);
      final byte[] laterFragment =
          frame()
              .eth(MAC_A, MAC_B, 0x0800)
              .ipv4(5, 100, 0, 64, 17, "1.1.1.1", "2.2.2.2")
              .udp(1, 2)
              .bytes();
      assertThat(m.match(laterFragment, 0, laterFragment.length, NO_MARK, NO_META, 0).ruleIndex())
          .isEqualTo(1);
      final byte[] withOptions =
          frame()
              .eth(MAC_A, MAC_B, 0x0800)
              .ipv4(6, 0, 0, 64, 17, "1.1.1.1", "2.2.2.2")
              .udp(1, 2)
              .bytes();
      assertThat(m.match(withOptions, 0, withOptions.length, NO_MARK, NO_META, 0).ruleIndex())
          .isZero();
    }

    @Test
    void shouldMatchAtOffsetAndInByteBuffersWithoutMovingThem() {
      final byte[] f = vxlan4(9, "10.0.0.1");
      final byte[] padded = new byte[f.length + 7];
      System.arraycopy(f, 0, padded, 3, f.length);
      final ByteBuffer heap = ByteBuffer.wrap(padded, 3, f.length).slice();
      final ByteBuffer direct =
          ByteBuffer.allocateDirect(padded.length).put(padded).position(3).limit(3 + f.length);
      final FlowMatcher vx = matcher(rule("eth / ipv4 / udp / vxlan vni is 9 / eth / ipv4 / tcp"));
      assertThat(vx.match(padded, 3, f.length, NO_MARK, NO_META, 0).matched()).isTrue();
      assertThat(vx.match(padded, 2, f.length, NO_MARK, NO_META, 0).matched()).isFalse();
      assertThat(vx.match(heap, NO_MARK, NO_META, 0).matched()).isTrue();
      assertThat(vx.match(direct, NO_MARK, NO_META, 0).matched()).isTrue();
      assertThat(direct.position()).isEqualTo(3);
      assertThat(direct.limit()).isEqualTo(3 + f.length);
      assertThat(vx.hits(0)).isEqualTo(3);
      assertThat(vx.bytes(0)).isEqualTo(3L * f.length);
    }

    @Test
    void shouldNotAllocateWhenMatchingFrames() {
      final FlowMatcher m =
          matcher(
              rule("eth / ipv4 / udp dst is 4789 / vxlan vni is 1 / eth / ipv4 / tcp"),
              "ingress pattern mark id is 5 / eth / end actions jump group 1 / end",
              "group 1 ingress pattern ipv4 src spec 192.0.2.0 src prefix 24 / udp dst spec 4000 dst last 5000 / end actions count / end",
              rule("ipv6 / udp"));
      final byte[] f = vxlan4(2, "10.0.0.1");
      final ByteBuffer direct = ByteBuffer.allocateDirect(f.length).put(f).flip();
      final com.sun.management.ThreadMXBean threads =
          (com.sun.management.ThreadMXBean)
              java.lang.management.ManagementFactory.getThreadMXBean();
      final long thread = Thread.currentThread().threadId();
      for (int i = 0; i < 20_000; i++) {
        m.match(f, 0, f.length, i & 7, NO_META, 0);
        m.match(direct, NO_MARK, NO_META, 0);
      }
      final long before = threads.getThreadAllocatedBytes(thread);
      for (int i = 0; i < 100_000; i++) {
        m.match(f, 0, f.length, i & 7, NO_META, 0);
        m.match(direct, NO_MARK, NO_META, 0);
      }
      final long allocated = threads.getThreadAllocatedBytes(thread) - before;
      // 200k matches: even one 16-byte object per match would be 3.2 MB.
      assertThat(allocated).isLessThan(4096);
      assertThat(m.hits(1)).as("mark 5 frames jump to group 1").isEqualTo(120_000 / 8);
    }
  }
}
