package io.vstack.dpdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What {@link RteFlowBuilder} writes, byte for byte, equals the same values written into DPDK's
 * structs by C code compiled against DPDK's headers (byte order, bit-fields, VNI packing).
 */
class RteFlowEncodingTest {
  private static Map<String, String> fromC;

  @BeforeAll
  static void compileAndRunTheCProgram() {
    fromC = ExternalTools.runDpdkProgram("dpdk_encoding.c");
  }

  @Test
  void shouldEncodeAttributesAsDpdkDoes() {
    try (RteFlowBuilder rule = new RteFlowBuilder().group(1).priority(2).ingress().transfer()) {
      assertThat(hex(rule.encode().attr(), RteFlowLayout.ATTR_SIZE)).isEqualTo(fromC.get("attr"));
    }
  }

  @Test
  void shouldEncodeEveryItemSpecAsDpdkDoes() {
    final byte[] a6 = new byte[16];
    final byte[] b6 = new byte[16];
    final byte[] ones = new byte[16];
    a6[0] = b6[0] = 0x20;
    a6[1] = b6[1] = 0x01;
    a6[2] = b6[2] = 0x0d;
    a6[3] = b6[3] = (byte) 0xb8;
    a6[15] = 1;
    b6[15] = 2;
    java.util.Arrays.fill(ones, (byte) 0xff);
    try (RteFlowBuilder rule =
        new RteFlowBuilder()
            .eth(0x02_00_00_00_00_01L, -1L, 0x02_aa_bb_cc_dd_eeL, -1L, 0x0800, 0xffff)
            .vlan(0x2003, 0xffff, 0x86dd, 0xffff)
            .ipv4(0x0a000001, -1, 0x0a000002, -1, 17, 0xff)
            .ipv6(a6, ones, b6, ones, 6, 0xff)
            .udp(1234, 0xffff, 4789, 0xffff)
            .tcp(80, 0xffff, 443, 0xffff, 0x12, 0xff)
            .icmp(8, 0xff, 3, 0xff)
            .vxlan(0x123456, 0xffffff)
            .geneve(0xabcdef, 0xffffff, 0x6558, 0xffff)
            .mark(7, -1)
            .meta(0xdeadbeef, -1)
            .portId(3, -1)) {
      final String[] names = {
        "eth", "vlan", "ipv4", "ipv6", "udp", "tcp", "icmp", "vxlan", "geneve", "mark", "meta",
        "port_id"
      };
      final MemorySegment pattern = rule.encode().pattern();
      for (int i = 0; i < names.length; i++) {
        final String expected = fromC.get(names[i]);
        final MemorySegment spec =
            pattern.get(ValueLayout.ADDRESS, i * RteFlowLayout.ITEM_SIZE + RteFlowLayout.ITEM_SPEC);
        assertThat(hex(spec, expected.length() / 2)).as(names[i]).isEqualTo(expected);
      }
      assertThat(pattern.get(ValueLayout.JAVA_INT, names.length * RteFlowLayout.ITEM_SIZE))
          .as("the pattern ends with END")
          .isEqualTo(RteFlowLayout.ITEM_END);
    }
  }

  @Test
  void shouldEncodeNullSpecAndMaskWhenAnItemMatchesAnyHeader() {
    try (RteFlowBuilder rule = new RteFlowBuilder().eth().ipv4()) {
      final MemorySegment pattern = rule.encode().pattern();
      assertThat(pattern.get(ValueLayout.JAVA_INT, RteFlowLayout.ITEM_SIZE))
          .isEqualTo(RteFlowLayout.ITEM_IPV4);
      assertThat(
              pattern.get(ValueLayout.JAVA_LONG, RteFlowLayout.ITEM_SIZE + RteFlowLayout.ITEM_SPEC))
          .isZero();
      assertThat(
              pattern.get(ValueLayout.JAVA_LONG, RteFlowLayout.ITEM_SIZE + RteFlowLayout.ITEM_MASK))
          .isZero();
    }
  }

  @Test
  void shouldEncodeEveryActionConfAsDpdkDoes() {
    final long rssTypes = Long.parseUnsignedLong(fromC.get("rss_types"));
    try (RteFlowBuilder rule =
        new RteFlowBuilder()
            .toQueue(5)
            .setMark(9)
            .count(2)
            .jump(4)
            .toPortId(6, true)
            .rss(rssTypes, 2, new int[] {0, 1, 2}, new byte[40])
            .flag()
            .drop()
            .passthru()) {
      final String[] names = {
        "action_queue", "action_mark", "action_count", "action_jump", "action_port_id", "action_rss"
      };
      final MemorySegment actions = rule.encode().actions();
      for (int i = 0; i < names.length; i++) {
        final String expected = fromC.get(names[i]);
        final MemorySegment conf =
            actions.get(
                ValueLayout.ADDRESS, i * RteFlowLayout.ACTION_SIZE + RteFlowLayout.ACTION_CONF);
        assertThat(hex(conf, expected.length() / 2)).as(names[i]).isEqualTo(expected);
      }
      final MemorySegment rss =
          actions
              .get(ValueLayout.ADDRESS, 5 * RteFlowLayout.ACTION_SIZE + RteFlowLayout.ACTION_CONF)
              .reinterpret(RteFlowLayout.RSS_SIZE);
      final MemorySegment queues =
          rss.get(ValueLayout.ADDRESS, RteFlowLayout.RSS_QUEUE).reinterpret(6);
      assertThat(queues.toArray(ValueLayout.JAVA_SHORT))
          .containsExactly((short) 0, (short) 1, (short) 2);
      final int[] types = new int[10];
      for (int i = 0; i < types.length; i++) {
        types[i] = actions.get(ValueLayout.JAVA_INT, i * RteFlowLayout.ACTION_SIZE);
      }
      assertThat(types)
          .containsExactly(
              RteFlowLayout.ACTION_QUEUE,
              RteFlowLayout.ACTION_MARK,
              RteFlowLayout.ACTION_COUNT,
              RteFlowLayout.ACTION_JUMP,
              RteFlowLayout.ACTION_PORT_ID,
              RteFlowLayout.ACTION_RSS,
              RteFlowLayout.ACTION_FLAG,
              RteFlowLayout.ACTION_DROP,
              RteFlowLayout.ACTION_PASSTHRU,
              RteFlowLayout.ACTION_END);
      assertThat(rule.countId()).isEqualTo(2);
    }
  }

  private static String hex(final MemorySegment segment, final long length) {
    return HexFormat.of().formatHex(segment.reinterpret(length).toArray(ValueLayout.JAVA_BYTE));
  }
}
