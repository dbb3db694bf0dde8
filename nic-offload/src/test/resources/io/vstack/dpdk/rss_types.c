/* Prints "<testpmd rss type name> <RTE_ETH_RSS_* bits>" per line: testpmd 22.11's rss_type_table
 * (app/test-pmd/config.c) spelled with the macros of the installed rte_ethdev.h, plus the
 * rte_eth_hash_function values as "func:<name> <value>". Checked by RteFlowCompilerTest. */
#include <stdio.h>
#include <rte_ethdev.h>

#define T(name, bits) printf("%s %llu\n", name, (unsigned long long) (bits));

int main(void) {
  T("all", RTE_ETH_RSS_ETH | RTE_ETH_RSS_VLAN | RTE_ETH_RSS_IP | RTE_ETH_RSS_TCP | RTE_ETH_RSS_UDP
      | RTE_ETH_RSS_SCTP | RTE_ETH_RSS_L2_PAYLOAD | RTE_ETH_RSS_L2TPV3 | RTE_ETH_RSS_ESP
      | RTE_ETH_RSS_AH | RTE_ETH_RSS_PFCP | RTE_ETH_RSS_GTPU | RTE_ETH_RSS_ECPRI | RTE_ETH_RSS_MPLS
      | RTE_ETH_RSS_L2TPV2)
  T("none", 0)
  T("eth", RTE_ETH_RSS_ETH)
  T("vlan", RTE_ETH_RSS_VLAN)
  T("s-vlan", RTE_ETH_RSS_S_VLAN)
  T("c-vlan", RTE_ETH_RSS_C_VLAN)
  T("ipv4", RTE_ETH_RSS_IPV4)
  T("ipv4-frag", RTE_ETH_RSS_FRAG_IPV4)
  T("ipv4-tcp", RTE_ETH_RSS_NONFRAG_IPV4_TCP)
  T("ipv4-udp", RTE_ETH_RSS_NONFRAG_IPV4_UDP)
  T("ipv4-sctp", RTE_ETH_RSS_NONFRAG_IPV4_SCTP)
  T("ipv4-other", RTE_ETH_RSS_NONFRAG_IPV4_OTHER)
  T("ipv6", RTE_ETH_RSS_IPV6)
  T("ipv6-frag", RTE_ETH_RSS_FRAG_IPV6)
  T("ipv6-tcp", RTE_ETH_RSS_NONFRAG_IPV6_TCP)
  T("ipv6-udp", RTE_ETH_RSS_NONFRAG_IPV6_UDP)
  T("ipv6-sctp", RTE_ETH_RSS_NONFRAG_IPV6_SCTP)
  T("ipv6-other", RTE_ETH_RSS_NONFRAG_IPV6_OTHER)
  T("l2-payload", RTE_ETH_RSS_L2_PAYLOAD)
  T("ipv6-ex", RTE_ETH_RSS_IPV6_EX)
  T("ipv6-tcp-ex", RTE_ETH_RSS_IPV6_TCP_EX)
  T("ipv6-udp-ex", RTE_ETH_RSS_IPV6_UDP_EX)
  T("port", RTE_ETH_RSS_PORT)
  T("vxlan", RTE_ETH_RSS_VXLAN)
  T("geneve", RTE_ETH_RSS_GENEVE)
  T("nvgre", RTE_ETH_RSS_NVGRE)
  T("ip", RTE_ETH_RSS_IP)
  T("udp", RTE_ETH_RSS_UDP)
  T("tcp", RTE_ETH_RSS_TCP)
  T("sctp", RTE_ETH_RSS_SCTP)
  T("tunnel", RTE_ETH_RSS_TUNNEL)
  T("l3-pre32", RTE_ETH_RSS_L3_PRE32)
  T("l3-pre40", RTE_ETH_RSS_L3_PRE40)
  T("l3-pre48", RTE_ETH_RSS_L3_PRE48)
  T("l3-pre56", RTE_ETH_RSS_L3_PRE56)
  T("l3-pre64", RTE_ETH_RSS_L3_PRE64)
  T("l3-pre96", RTE_ETH_RSS_L3_PRE96)
  T("l3-src-only", RTE_ETH_RSS_L3_SRC_ONLY)
  T("l3-dst-only", RTE_ETH_RSS_L3_DST_ONLY)
  T("l4-src-only", RTE_ETH_RSS_L4_SRC_ONLY)
  T("l4-dst-only", RTE_ETH_RSS_L4_DST_ONLY)
  T("l2-src-only", RTE_ETH_RSS_L2_SRC_ONLY)
  T("l2-dst-only", RTE_ETH_RSS_L2_DST_ONLY)
  T("esp", RTE_ETH_RSS_ESP)
  T("ah", RTE_ETH_RSS_AH)
  T("l2tpv3", RTE_ETH_RSS_L2TPV3)
  T("pfcp", RTE_ETH_RSS_PFCP)
  T("pppoe", RTE_ETH_RSS_PPPOE)
  T("gtpu", RTE_ETH_RSS_GTPU)
  T("ecpri", RTE_ETH_RSS_ECPRI)
  T("mpls", RTE_ETH_RSS_MPLS)
  T("ipv4-chksum", RTE_ETH_RSS_IPV4_CHKSUM)
  T("l4-chksum", RTE_ETH_RSS_L4_CHKSUM)
  T("l2tpv2", RTE_ETH_RSS_L2TPV2)
  T("func:default", RTE_ETH_HASH_FUNCTION_DEFAULT)
  T("func:toeplitz", RTE_ETH_HASH_FUNCTION_TOEPLITZ)
  T("func:simple_xor", RTE_ETH_HASH_FUNCTION_SIMPLE_XOR)
  T("func:symmetric_toeplitz", RTE_ETH_HASH_FUNCTION_SYMMETRIC_TOEPLITZ)
  return 0;
}
