package io.vstack.dpdk;

import io.vstack.flow.RssType;

/**
 * The {@code RTE_ETH_RSS_*} bits (DPDK 22.11 rte_ethdev.h) of each testpmd RSS type name, as
 * testpmd 22.11's {@code rss_type_table} defines them; checked against the headers by a C program
 * in {@code RteFlowCompilerTest}.
 */
final class RssTypeBits {
  private RssTypeBits() {}

  static long of(final RssType type) {
    return switch (type) {
      case ALL -> 0x137f83fffcL;
      case NONE -> 0x0L;
      case ETH -> 1L << 24;
      case VLAN -> 0x6000000L;
      case S_VLAN -> 1L << 25;
      case C_VLAN -> 1L << 26;
      case IPV4 -> 1L << 2;
      case IPV4_FRAG -> 1L << 3;
      case IPV4_TCP -> 1L << 4;
      case IPV4_UDP -> 1L << 5;
      case IPV4_SCTP -> 1L << 6;
      case IPV4_OTHER -> 1L << 7;
      case IPV6 -> 1L << 8;
      case IPV6_FRAG -> 1L << 9;
      case IPV6_TCP -> 1L << 10;
      case IPV6_UDP -> 1L << 11;
      case IPV6_SCTP -> 1L << 12;
      case IPV6_OTHER -> 1L << 13;
      case L2_PAYLOAD -> 1L << 14;
      case IPV6_EX -> 1L << 15;
      case IPV6_TCP_EX -> 1L << 16;
      case IPV6_UDP_EX -> 1L << 17;
      case PORT -> 1L << 18;
      case VXLAN -> 1L << 19;
      case GENEVE -> 1L << 20;
      case NVGRE -> 1L << 21;
      case IP -> 0xa38cL;
      case UDP -> 0x20820L;
      case TCP -> 0x10410L;
      case SCTP -> 0x1040L;
      case TUNNEL -> 0x380000L;
      case L3_PRE32 -> 1L << 57;
      case L3_PRE40 -> 1L << 56;
      case L3_PRE48 -> 1L << 55;
      case L3_PRE56 -> 1L << 54;
      case L3_PRE64 -> 1L << 53;
      case L3_PRE96 -> 1L << 52;
      case L3_SRC_ONLY -> 1L << 63;
      case L3_DST_ONLY -> 1L << 62;
      case L4_SRC_ONLY -> 1L << 61;
      case L4_DST_ONLY -> 1L << 60;
      case L2_SRC_ONLY -> 1L << 59;
      case L2_DST_ONLY -> 1L << 58;
      case ESP -> 1L << 27;
      case AH -> 1L << 28;
      case L2TPV3 -> 1L << 29;
      case PFCP -> 1L << 30;
      case PPPOE -> 1L << 31;
      case GTPU -> 1L << 23;
      case ECPRI -> 1L << 32;
      case MPLS -> 1L << 33;
      case IPV4_CHKSUM -> 1L << 34;
      case L4_CHKSUM -> 1L << 35;
      case L2TPV2 -> 1L << 36;
    };
  }
}
