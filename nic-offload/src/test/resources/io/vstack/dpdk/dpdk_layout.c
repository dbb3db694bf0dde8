/*
 * Prints "Class.CONSTANT value" for every DPDK struct offset, size, enum value and bit-field bit
 * that vstack's Java code encodes (DpdkLayout, RteFlowLayout), taken from DPDK's own headers.
 * Compiled and run by DpdkLayoutTest with gcc and `pkg-config --cflags libdpdk`.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <rte_ethdev.h>
#include <rte_flow.h>
#include <rte_mbuf.h>

#define D(name, value) printf("DpdkLayout.%s %lld\n", name, (long long)(value))
#define F(name, value) printf("RteFlowLayout.%s %lld\n", name, (long long)(value))
#define E(name) printf("RteFlowError.%s %d\n", #name, (int)RTE_FLOW_ERROR_TYPE_##name)

/* The 32-bit word at byte offset `off` of a struct in which one bit-field was set to 1. */
#define BIT(type, field, off) ({ type s; uint32_t w; memset(&s, 0, sizeof s); s.field = 1; \
	memcpy(&w, (char *)&s + (off), 4); (long long)w; })

int main(void)
{
	D("MAX_ETHPORTS", RTE_MAX_ETHPORTS);
	D("MAX_QUEUES_PER_PORT", RTE_MAX_QUEUES_PER_PORT);
	D("ETH_NAME_MAX_LEN", RTE_ETH_NAME_MAX_LEN);
	D("FP_OPS_SIZE", sizeof(struct rte_eth_fp_ops));
	D("FP_OPS_RX_PKT_BURST", offsetof(struct rte_eth_fp_ops, rx_pkt_burst));
	D("FP_OPS_RXQ_DATA", offsetof(struct rte_eth_fp_ops, rxq.data));
	D("FP_OPS_RXQ_CLBK", offsetof(struct rte_eth_fp_ops, rxq.clbk));
	D("FP_OPS_TX_PKT_BURST", offsetof(struct rte_eth_fp_ops, tx_pkt_burst));
	D("FP_OPS_TXQ_DATA", offsetof(struct rte_eth_fp_ops, txq.data));
	D("FP_OPS_TXQ_CLBK", offsetof(struct rte_eth_fp_ops, txq.clbk));
	D("MBUF_BUF_ADDR", offsetof(struct rte_mbuf, buf_addr));
	D("MBUF_DATA_OFF", offsetof(struct rte_mbuf, data_off));
	D("MBUF_NB_SEGS", offsetof(struct rte_mbuf, nb_segs));
	D("MBUF_OL_FLAGS", offsetof(struct rte_mbuf, ol_flags));
	D("MBUF_PKT_LEN", offsetof(struct rte_mbuf, pkt_len));
	D("MBUF_DATA_LEN", offsetof(struct rte_mbuf, data_len));
	D("MBUF_HASH", offsetof(struct rte_mbuf, hash));
	D("MBUF_BUF_LEN", offsetof(struct rte_mbuf, buf_len));
	D("MBUF_NEXT", offsetof(struct rte_mbuf, next));
	D("PKTMBUF_HEADROOM", RTE_PKTMBUF_HEADROOM);
	D("MBUF_DEFAULT_BUF_SIZE", RTE_MBUF_DEFAULT_BUF_SIZE);
	D("MBUF_F_RX_FDIR_ID", RTE_MBUF_F_RX_FDIR_ID);
	D("MBUF_FDIR_HI", offsetof(struct rte_mbuf, hash.fdir.hi));
	D("DEV_INFO_SIZE", sizeof(struct rte_eth_dev_info));
	D("DEV_INFO_DRIVER_NAME", offsetof(struct rte_eth_dev_info, driver_name));
	D("DEV_INFO_IF_INDEX", offsetof(struct rte_eth_dev_info, if_index));
	D("DEV_INFO_MIN_MTU", offsetof(struct rte_eth_dev_info, min_mtu));
	D("DEV_INFO_MAX_MTU", offsetof(struct rte_eth_dev_info, max_mtu));
	D("DEV_INFO_MAX_RX_PKTLEN", offsetof(struct rte_eth_dev_info, max_rx_pktlen));
	D("DEV_INFO_MAX_RX_QUEUES", offsetof(struct rte_eth_dev_info, max_rx_queues));
	D("DEV_INFO_MAX_TX_QUEUES", offsetof(struct rte_eth_dev_info, max_tx_queues));
	D("DEV_INFO_RETA_SIZE", offsetof(struct rte_eth_dev_info, reta_size));
	D("DEV_INFO_HASH_KEY_SIZE", offsetof(struct rte_eth_dev_info, hash_key_size));
	D("DEV_INFO_FLOW_TYPE_RSS_OFFLOADS", offsetof(struct rte_eth_dev_info, flow_type_rss_offloads));
	D("DEV_INFO_NB_RX_QUEUES", offsetof(struct rte_eth_dev_info, nb_rx_queues));
	D("DEV_INFO_NB_TX_QUEUES", offsetof(struct rte_eth_dev_info, nb_tx_queues));
	D("ETH_CONF_SIZE", sizeof(struct rte_eth_conf));
	D("ETH_CONF_RXMODE_MQ_MODE", offsetof(struct rte_eth_conf, rxmode.mq_mode));
	D("ETH_CONF_RSS_CONF", offsetof(struct rte_eth_conf, rx_adv_conf.rss_conf));
	D("RSS_CONF_KEY_LEN", offsetof(struct rte_eth_rss_conf, rss_key_len));
	D("RSS_CONF_RSS_HF", offsetof(struct rte_eth_rss_conf, rss_hf));
	D("ETH_MQ_RX_RSS", RTE_ETH_MQ_RX_RSS);
	D("STATS_SIZE", sizeof(struct rte_eth_stats));
	D("STATS_IPACKETS", offsetof(struct rte_eth_stats, ipackets));
	D("STATS_OPACKETS", offsetof(struct rte_eth_stats, opackets));
	D("STATS_IBYTES", offsetof(struct rte_eth_stats, ibytes));
	D("STATS_OBYTES", offsetof(struct rte_eth_stats, obytes));
	D("STATS_IMISSED", offsetof(struct rte_eth_stats, imissed));
	D("STATS_IERRORS", offsetof(struct rte_eth_stats, ierrors));
	D("STATS_OERRORS", offsetof(struct rte_eth_stats, oerrors));
	D("STATS_RX_NOMBUF", offsetof(struct rte_eth_stats, rx_nombuf));
	D("LINK_SIZE", sizeof(struct rte_eth_link));
	D("LINK_SPEED", offsetof(struct rte_eth_link, link_speed));
	D("LINK_FLAGS", offsetof(struct rte_eth_link, link_speed) + sizeof(uint32_t));
	D("LINK_DUPLEX_BIT", BIT(struct rte_eth_link, link_duplex, 4));
	D("LINK_AUTONEG_BIT", BIT(struct rte_eth_link, link_autoneg, 4));
	D("LINK_STATUS_BIT", BIT(struct rte_eth_link, link_status, 4));
	D("RETA_ENTRY_SIZE", sizeof(struct rte_eth_rss_reta_entry64));
	D("RETA_ENTRY_RETA", offsetof(struct rte_eth_rss_reta_entry64, reta));
	D("RETA_GROUP_SIZE", RTE_ETH_RETA_GROUP_SIZE);

	F("ITEM_END", RTE_FLOW_ITEM_TYPE_END);
	F("ITEM_VOID", RTE_FLOW_ITEM_TYPE_VOID);
	F("ITEM_PORT_ID", RTE_FLOW_ITEM_TYPE_PORT_ID);
	F("ITEM_ETH", RTE_FLOW_ITEM_TYPE_ETH);
	F("ITEM_VLAN", RTE_FLOW_ITEM_TYPE_VLAN);
	F("ITEM_IPV4", RTE_FLOW_ITEM_TYPE_IPV4);
	F("ITEM_IPV6", RTE_FLOW_ITEM_TYPE_IPV6);
	F("ITEM_ICMP", RTE_FLOW_ITEM_TYPE_ICMP);
	F("ITEM_UDP", RTE_FLOW_ITEM_TYPE_UDP);
	F("ITEM_TCP", RTE_FLOW_ITEM_TYPE_TCP);
	F("ITEM_VXLAN", RTE_FLOW_ITEM_TYPE_VXLAN);
	F("ITEM_GENEVE", RTE_FLOW_ITEM_TYPE_GENEVE);
	F("ITEM_MARK", RTE_FLOW_ITEM_TYPE_MARK);
	F("ITEM_META", RTE_FLOW_ITEM_TYPE_META);
	F("ITEM_REPRESENTED_PORT", RTE_FLOW_ITEM_TYPE_REPRESENTED_PORT);
	F("ACTION_END", RTE_FLOW_ACTION_TYPE_END);
	F("ACTION_VOID", RTE_FLOW_ACTION_TYPE_VOID);
	F("ACTION_PASSTHRU", RTE_FLOW_ACTION_TYPE_PASSTHRU);
	F("ACTION_JUMP", RTE_FLOW_ACTION_TYPE_JUMP);
	F("ACTION_MARK", RTE_FLOW_ACTION_TYPE_MARK);
	F("ACTION_FLAG", RTE_FLOW_ACTION_TYPE_FLAG);
	F("ACTION_QUEUE", RTE_FLOW_ACTION_TYPE_QUEUE);
	F("ACTION_DROP", RTE_FLOW_ACTION_TYPE_DROP);
	F("ACTION_COUNT", RTE_FLOW_ACTION_TYPE_COUNT);
	F("ACTION_RSS", RTE_FLOW_ACTION_TYPE_RSS);
	F("ACTION_PORT_ID", RTE_FLOW_ACTION_TYPE_PORT_ID);
	F("ACTION_METER", RTE_FLOW_ACTION_TYPE_METER);
	F("ACTION_VXLAN_DECAP", RTE_FLOW_ACTION_TYPE_VXLAN_DECAP);
	F("ACTION_REPRESENTED_PORT", RTE_FLOW_ACTION_TYPE_REPRESENTED_PORT);

	F("ATTR_SIZE", sizeof(struct rte_flow_attr));
	F("ATTR_GROUP", offsetof(struct rte_flow_attr, group));
	F("ATTR_PRIORITY", offsetof(struct rte_flow_attr, priority));
	F("ATTR_FLAGS", offsetof(struct rte_flow_attr, priority) + sizeof(uint32_t));
	F("ATTR_INGRESS_BIT", BIT(struct rte_flow_attr, ingress, 8));
	F("ATTR_EGRESS_BIT", BIT(struct rte_flow_attr, egress, 8));
	F("ATTR_TRANSFER_BIT", BIT(struct rte_flow_attr, transfer, 8));
	F("ITEM_SIZE", sizeof(struct rte_flow_item));
	F("ITEM_TYPE", offsetof(struct rte_flow_item, type));
	F("ITEM_SPEC", offsetof(struct rte_flow_item, spec));
	F("ITEM_LAST", offsetof(struct rte_flow_item, last));
	F("ITEM_MASK", offsetof(struct rte_flow_item, mask));
	F("ACTION_SIZE", sizeof(struct rte_flow_action));
	F("ACTION_TYPE", offsetof(struct rte_flow_action, type));
	F("ACTION_CONF", offsetof(struct rte_flow_action, conf));
	F("ERROR_SIZE", sizeof(struct rte_flow_error));
	F("ERROR_TYPE", offsetof(struct rte_flow_error, type));
	F("ERROR_CAUSE", offsetof(struct rte_flow_error, cause));
	F("ERROR_MESSAGE", offsetof(struct rte_flow_error, message));

	F("ETH_SIZE", sizeof(struct rte_flow_item_eth));
	F("ETH_DST", offsetof(struct rte_flow_item_eth, hdr.dst_addr));
	F("ETH_SRC", offsetof(struct rte_flow_item_eth, hdr.src_addr));
	F("ETH_TYPE", offsetof(struct rte_flow_item_eth, hdr.ether_type));
	/* has_vlan is bit 0 of the word at ETH_FLAGS: print the offset only if that holds */
	F("ETH_FLAGS", BIT(struct rte_flow_item_eth, has_vlan, 14) == 1 ? 14 : -1);
	F("VLAN_SIZE", sizeof(struct rte_flow_item_vlan));
	F("VLAN_TCI", offsetof(struct rte_flow_item_vlan, hdr.vlan_tci));
	F("VLAN_INNER_TYPE", offsetof(struct rte_flow_item_vlan, hdr.eth_proto));
	F("IPV4_SIZE", sizeof(struct rte_flow_item_ipv4));
	F("IPV4_TOS", offsetof(struct rte_flow_item_ipv4, hdr.type_of_service));
	F("IPV4_NEXT_PROTO", offsetof(struct rte_flow_item_ipv4, hdr.next_proto_id));
	F("IPV4_SRC", offsetof(struct rte_flow_item_ipv4, hdr.src_addr));
	F("IPV4_DST", offsetof(struct rte_flow_item_ipv4, hdr.dst_addr));
	F("IPV6_SIZE", sizeof(struct rte_flow_item_ipv6));
	F("IPV6_PROTO", offsetof(struct rte_flow_item_ipv6, hdr.proto));
	F("IPV6_SRC", offsetof(struct rte_flow_item_ipv6, hdr.src_addr));
	F("IPV6_DST", offsetof(struct rte_flow_item_ipv6, hdr.dst_addr));
	F("UDP_SIZE", sizeof(struct rte_flow_item_udp));
	F("UDP_SRC_PORT", offsetof(struct rte_flow_item_udp, hdr.src_port));
	F("UDP_DST_PORT", offsetof(struct rte_flow_item_udp, hdr.dst_port));
	F("TCP_SIZE", sizeof(struct rte_flow_item_tcp));
	F("TCP_SRC_PORT", offsetof(struct rte_flow_item_tcp, hdr.src_port));
	F("TCP_DST_PORT", offsetof(struct rte_flow_item_tcp, hdr.dst_port));
	F("TCP_FLAGS", offsetof(struct rte_flow_item_tcp, hdr.tcp_flags));
	F("ICMP_SIZE", sizeof(struct rte_flow_item_icmp));
	F("ICMP_TYPE", offsetof(struct rte_flow_item_icmp, hdr.icmp_type));
	F("ICMP_CODE", offsetof(struct rte_flow_item_icmp, hdr.icmp_code));
	F("VXLAN_SIZE", sizeof(struct rte_flow_item_vxlan));
	F("VXLAN_FLAGS", offsetof(struct rte_flow_item_vxlan, flags));
	F("VXLAN_VNI", offsetof(struct rte_flow_item_vxlan, vni));
	F("GENEVE_SIZE", sizeof(struct rte_flow_item_geneve));
	F("GENEVE_PROTOCOL", offsetof(struct rte_flow_item_geneve, protocol));
	F("GENEVE_VNI", offsetof(struct rte_flow_item_geneve, vni));
	F("MARK_SIZE", sizeof(struct rte_flow_item_mark));
	F("META_SIZE", sizeof(struct rte_flow_item_meta));
	F("ITEM_PORT_ID_SIZE", sizeof(struct rte_flow_item_port_id));
	F("ETHDEV_SIZE", sizeof(struct rte_flow_item_ethdev));
	F("ICMP_IDENT", offsetof(struct rte_flow_item_icmp, hdr.icmp_ident));

	F("QUEUE_SIZE", sizeof(struct rte_flow_action_queue));
	F("ACTION_MARK_SIZE", sizeof(struct rte_flow_action_mark));
	F("COUNT_SIZE", sizeof(struct rte_flow_action_count));
	F("JUMP_SIZE", sizeof(struct rte_flow_action_jump));
	F("METER_SIZE", sizeof(struct rte_flow_action_meter));
	F("ACTION_ETHDEV_SIZE", sizeof(struct rte_flow_action_ethdev));
	F("ACTION_PORT_ID_SIZE", sizeof(struct rte_flow_action_port_id));
	F("ACTION_PORT_ID_ID", offsetof(struct rte_flow_action_port_id, id));
	F("RSS_SIZE", sizeof(struct rte_flow_action_rss));
	F("RSS_FUNC", offsetof(struct rte_flow_action_rss, func));
	F("RSS_LEVEL", offsetof(struct rte_flow_action_rss, level));
	F("RSS_TYPES", offsetof(struct rte_flow_action_rss, types));
	F("RSS_KEY_LEN", offsetof(struct rte_flow_action_rss, key_len));
	F("RSS_QUEUE_NUM", offsetof(struct rte_flow_action_rss, queue_num));
	F("RSS_KEY", offsetof(struct rte_flow_action_rss, key));
	F("RSS_QUEUE", offsetof(struct rte_flow_action_rss, queue));
	F("QUERY_COUNT_SIZE", sizeof(struct rte_flow_query_count));
	F("QUERY_COUNT_FLAGS", 0);
	F("QUERY_COUNT_HITS", offsetof(struct rte_flow_query_count, hits));
	F("QUERY_COUNT_BYTES", offsetof(struct rte_flow_query_count, bytes));
	F("QUERY_COUNT_RESET_BIT", BIT(struct rte_flow_query_count, reset, 0));
	F("QUERY_COUNT_HITS_SET_BIT", BIT(struct rte_flow_query_count, hits_set, 0));
	F("QUERY_COUNT_BYTES_SET_BIT", BIT(struct rte_flow_query_count, bytes_set, 0));

	E(NONE); E(UNSPECIFIED); E(HANDLE); E(ATTR_GROUP); E(ATTR_PRIORITY); E(ATTR_INGRESS);
	E(ATTR_EGRESS); E(ATTR_TRANSFER); E(ATTR); E(ITEM_NUM); E(ITEM_SPEC); E(ITEM_LAST);
	E(ITEM_MASK); E(ITEM); E(ACTION_NUM); E(ACTION_CONF); E(ACTION); E(STATE);
	return 0;
}
