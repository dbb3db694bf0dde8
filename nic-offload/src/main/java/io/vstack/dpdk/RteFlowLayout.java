package io.vstack.dpdk;

/**
 * Enum values, offsets and sizes of DPDK 22.11's {@code rte_flow.h} structs that {@link
 * RteFlowBuilder} encodes. One source of truth: {@code RteFlowLayoutTest} compiles a C program
 * against libdpdk-dev printing {@code offsetof}/{@code sizeof}/enum values and compares.
 *
 * <p>Header fields inside item specs are big-endian (DPDK's {@code rte_be*_t}); MARK, META and
 * PORT_ID values are host order.
 */
final class RteFlowLayout {
  private RteFlowLayout() {}

  // enum rte_flow_item_type
  static final int ITEM_END = 0;
  static final int ITEM_VOID = 1;
  static final int ITEM_PORT_ID = 4;
  static final int ITEM_ETH = 6;
  static final int ITEM_VLAN = 7;
  static final int ITEM_IPV4 = 8;
  static final int ITEM_IPV6 = 9;
  static final int ITEM_ICMP = 10;
  static final int ITEM_UDP = 11;
  static final int ITEM_TCP = 12;
  static final int ITEM_VXLAN = 14;
  static final int ITEM_GENEVE = 24;
  static final int ITEM_MARK = 34;
  static final int ITEM_META = 35;
  static final int ITEM_REPRESENTED_PORT = 54;

  // enum rte_flow_action_type
  static final int ACTION_END = 0;
  static final int ACTION_VOID = 1;
  static final int ACTION_PASSTHRU = 2;
  static final int ACTION_JUMP = 3;
  static final int ACTION_MARK = 4;
  static final int ACTION_FLAG = 5;
  static final int ACTION_QUEUE = 6;
  static final int ACTION_DROP = 7;
  static final int ACTION_COUNT = 8;
  static final int ACTION_RSS = 9;
  static final int ACTION_PORT_ID = 12;
  static final int ACTION_METER = 13;
  static final int ACTION_VXLAN_DECAP = 23;
  static final int ACTION_REPRESENTED_PORT = 55;

  // struct rte_flow_attr: group, priority, then bit-fields ingress:1 egress:1 transfer:1
  static final long ATTR_SIZE = 12;
  static final long ATTR_GROUP = 0;
  static final long ATTR_PRIORITY = 4;
  static final long ATTR_FLAGS = 8;
  static final int ATTR_INGRESS_BIT = 1;
  static final int ATTR_EGRESS_BIT = 2;
  static final int ATTR_TRANSFER_BIT = 4;

  // struct rte_flow_item { type; spec; last; mask; }
  static final long ITEM_SIZE = 32;
  static final long ITEM_TYPE = 0;
  static final long ITEM_SPEC = 8;
  static final long ITEM_LAST = 16;
  static final long ITEM_MASK = 24;

  // struct rte_flow_action { type; conf; }
  static final long ACTION_SIZE = 16;
  static final long ACTION_TYPE = 0;
  static final long ACTION_CONF = 8;

  // struct rte_flow_error { type; cause; message; }
  static final long ERROR_SIZE = 24;
  static final long ERROR_TYPE = 0;
  static final long ERROR_CAUSE = 8;
  static final long ERROR_MESSAGE = 16;

  // struct rte_flow_item_eth: dst[6] src[6] type(be16), then has_vlan:1 in a uint32_t bit-field
  // that gcc starts right after the header, at byte 14 (not 16), bit 0.
  static final long ETH_SIZE = 20;
  static final long ETH_DST = 0;
  static final long ETH_SRC = 6;
  static final long ETH_TYPE = 12;
  static final long ETH_FLAGS = 14;

  // struct rte_flow_item_vlan: tci(be16) inner_type(be16), has_more_vlan:1 in a uint32_t
  static final long VLAN_SIZE = 8;
  static final long VLAN_TCI = 0;
  static final long VLAN_INNER_TYPE = 2;

  // struct rte_flow_item_ipv4 = struct rte_ipv4_hdr
  static final long IPV4_SIZE = 20;
  static final long IPV4_TOS = 1;
  static final long IPV4_NEXT_PROTO = 9;
  static final long IPV4_SRC = 12;
  static final long IPV4_DST = 16;

  // struct rte_flow_item_ipv6: struct rte_ipv6_hdr + extension bit-fields
  static final long IPV6_SIZE = 44;
  static final long IPV6_PROTO = 6;
  static final long IPV6_SRC = 8;
  static final long IPV6_DST = 24;

  // struct rte_flow_item_udp = struct rte_udp_hdr
  static final long UDP_SIZE = 8;
  static final long UDP_SRC_PORT = 0;
  static final long UDP_DST_PORT = 2;

  // struct rte_flow_item_tcp = struct rte_tcp_hdr
  static final long TCP_SIZE = 20;
  static final long TCP_SRC_PORT = 0;
  static final long TCP_DST_PORT = 2;
  static final long TCP_FLAGS = 13;

  // struct rte_flow_item_icmp = struct rte_icmp_hdr
  static final long ICMP_SIZE = 8;
  static final long ICMP_TYPE = 0;
  static final long ICMP_CODE = 1;
  static final long ICMP_IDENT = 4;

  // struct rte_flow_item_vxlan: flags rsvd0[3] vni[3] rsvd1
  static final long VXLAN_SIZE = 8;
  static final long VXLAN_FLAGS = 0;
  static final long VXLAN_VNI = 4;

  // struct rte_flow_item_geneve: ver_opt_len_o_c_rsvd0(be16) protocol(be16) vni[3] rsvd1
  static final long GENEVE_SIZE = 8;
  static final long GENEVE_PROTOCOL = 2;
  static final long GENEVE_VNI = 4;

  // struct rte_flow_item_mark / _meta / _port_id: one uint32_t
  static final long MARK_SIZE = 4;
  static final long META_SIZE = 4;
  static final long ITEM_PORT_ID_SIZE = 4;
  // struct rte_flow_item_ethdev (REPRESENTED_PORT): one uint16_t port_id, host order
  static final long ETHDEV_SIZE = 2;

  // struct rte_flow_action_queue { uint16_t index; }
  static final long QUEUE_SIZE = 2;
  // struct rte_flow_action_mark / _count / _jump: one uint32_t
  static final long ACTION_MARK_SIZE = 4;
  static final long COUNT_SIZE = 4;
  static final long JUMP_SIZE = 4;
  // struct rte_flow_action_meter { uint32_t mtr_id; }
  static final long METER_SIZE = 4;
  // struct rte_flow_action_ethdev { uint16_t port_id; } (REPRESENTED_PORT)
  static final long ACTION_ETHDEV_SIZE = 2;
  // struct rte_flow_action_port_id: original:1 in a uint32_t, then uint32_t id
  static final long ACTION_PORT_ID_SIZE = 8;
  static final long ACTION_PORT_ID_ID = 4;

  // struct rte_flow_action_rss
  static final long RSS_SIZE = 40;
  static final long RSS_FUNC = 0;
  static final long RSS_LEVEL = 4;
  static final long RSS_TYPES = 8;
  static final long RSS_KEY_LEN = 16;
  static final long RSS_QUEUE_NUM = 20;
  static final long RSS_KEY = 24;
  static final long RSS_QUEUE = 32;

  // struct rte_flow_query_count: reset:1 hits_set:1 bytes_set:1, then hits, bytes
  static final long QUERY_COUNT_SIZE = 24;
  static final long QUERY_COUNT_FLAGS = 0;
  static final long QUERY_COUNT_HITS = 8;
  static final long QUERY_COUNT_BYTES = 16;
  static final int QUERY_COUNT_RESET_BIT = 1;
  static final int QUERY_COUNT_HITS_SET_BIT = 2;
  static final int QUERY_COUNT_BYTES_SET_BIT = 4;
}
