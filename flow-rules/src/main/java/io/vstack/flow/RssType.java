package io.vstack.flow;

/**
 * RSS hash types by their testpmd names ({@code rss types ... end}); the list DPDK 22.11's testpmd
 * accepts (each checked against the real parser).
 */
public enum RssType {
  ALL("all"),
  NONE("none"),
  ETH("eth"),
  VLAN("vlan"),
  S_VLAN("s-vlan"),
  C_VLAN("c-vlan"),
  IPV4("ipv4"),
  IPV4_FRAG("ipv4-frag"),
  IPV4_TCP("ipv4-tcp"),
  IPV4_UDP("ipv4-udp"),
  IPV4_SCTP("ipv4-sctp"),
  IPV4_OTHER("ipv4-other"),
  IPV6("ipv6"),
  IPV6_FRAG("ipv6-frag"),
  IPV6_TCP("ipv6-tcp"),
  IPV6_UDP("ipv6-udp"),
  IPV6_SCTP("ipv6-sctp"),
  IPV6_OTHER("ipv6-other"),
  L2_PAYLOAD("l2-payload"),
  IPV6_EX("ipv6-ex"),
  IPV6_TCP_EX("ipv6-tcp-ex"),
  IPV6_UDP_EX("ipv6-udp-ex"),
  PORT("port"),
  VXLAN("vxlan"),
  GENEVE("geneve"),
  NVGRE("nvgre"),
  IP("ip"),
  UDP("udp"),
  TCP("tcp"),
  SCTP("sctp"),
  TUNNEL("tunnel"),
  L3_PRE32("l3-pre32"),
  L3_PRE40("l3-pre40"),
  L3_PRE48("l3-pre48"),
  L3_PRE56("l3-pre56"),
  L3_PRE64("l3-pre64"),
  L3_PRE96("l3-pre96"),
  L3_SRC_ONLY("l3-src-only"),
  L3_DST_ONLY("l3-dst-only"),
  L4_SRC_ONLY("l4-src-only"),
  L4_DST_ONLY("l4-dst-only"),
  L2_SRC_ONLY("l2-src-only"),
  L2_DST_ONLY("l2-dst-only"),
  ESP("esp"),
  AH("ah"),
  L2TPV3("l2tpv3"),
  PFCP("pfcp"),
  PPPOE("pppoe"),
  GTPU("gtpu"),
  ECPRI("ecpri"),
  MPLS("mpls"),
  IPV4_CHKSUM("ipv4-chksum"),
  L4_CHKSUM("l4-chksum"),
  L2TPV2("l2tpv2");

  private final String token;

  RssType(final String token) {
    this.token = token;
  }

  /** The testpmd name, e.g. {@code ipv4-udp}. */
  public String token() {
    return token;
  }

  /** The type named {@code token}, or null. */
  public static RssType fromToken(final String token) {
    return Tokens.find(values(), RssType::token, token);
  }
}
