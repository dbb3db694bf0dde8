/*
 * Prints the DOCA Flow struct layout vstack writes, from the installed headers (DOCA 3.3), one
 * line per value: "NAME offset size" for fields, "NAME value" for sizes and enum values. Compiled
 * and run on the target by io.vstack.doca.DocaLayout.probe(); what it names is DOCA-NOTES.md's
 * recipe 1b (outer UDP + VXLAN VNI match, pkt_meta action, RSS/drop forward, counter).
 */
#include <stddef.h>
#include <stdio.h>
#include <doca_flow.h>

#define FIELD(name, type, member) \
	printf("%s %zu %zu\n", name, offsetof(type, member), sizeof(((type *)0)->member))
#define VALUE(name, value) printf("%s %lld\n", name, (long long)(value))

int main(void)
{
	VALUE("MATCH_SIZE", sizeof(struct doca_flow_match));
	FIELD("MATCH_OUTER_L3_META", struct doca_flow_match, parser_meta.outer_l3_type);
	FIELD("MATCH_OUTER_L4_META", struct doca_flow_match, parser_meta.outer_l4_type);
	FIELD("MATCH_OUTER_L3_TYPE", struct doca_flow_match, outer.l3_type);
	FIELD("MATCH_OUTER_L4_TYPE_EXT", struct doca_flow_match, outer.l4_type_ext);
	FIELD("MATCH_OUTER_UDP_DST_PORT", struct doca_flow_match, outer.udp.l4_port.dst_port);
	FIELD("MATCH_TUN_TYPE", struct doca_flow_match, tun.type);
	FIELD("MATCH_TUN_VXLAN_TYPE", struct doca_flow_match, tun.vxlan_type);
	FIELD("MATCH_TUN_VXLAN_TUN_ID", struct doca_flow_match, tun.vxlan_tun_id);
	VALUE("ACTIONS_SIZE", sizeof(struct doca_flow_actions));
	FIELD("ACTIONS_PKT_META", struct doca_flow_actions, meta.pkt_meta);
	VALUE("FWD_SIZE", sizeof(struct doca_flow_fwd));
	FIELD("FWD_TYPE", struct doca_flow_fwd, type);
	FIELD("FWD_RSS_TYPE", struct doca_flow_fwd, rss_type);
	FIELD("FWD_RSS_OUTER_FLAGS", struct doca_flow_fwd, rss.outer_flags);
	FIELD("FWD_RSS_QUEUES", struct doca_flow_fwd, rss.queues_array);
	FIELD("FWD_RSS_NR_QUEUES", struct doca_flow_fwd, rss.nr_queues);
	VALUE("MONITOR_SIZE", sizeof(struct doca_flow_monitor));
	FIELD("MONITOR_COUNTER_TYPE", struct doca_flow_monitor, counter_type);
	VALUE("QUERY_SIZE", sizeof(struct doca_flow_resource_query));
	FIELD("QUERY_TOTAL_BYTES", struct doca_flow_resource_query, counter.total_bytes);
	FIELD("QUERY_TOTAL_PKTS", struct doca_flow_resource_query, counter.total_pkts);

	VALUE("L3_META_IPV4", DOCA_FLOW_L3_META_IPV4);
	VALUE("L4_META_UDP", DOCA_FLOW_L4_META_UDP);
	VALUE("L3_TYPE_IP4", DOCA_FLOW_L3_TYPE_IP4);
	VALUE("L4_TYPE_EXT_UDP", DOCA_FLOW_L4_TYPE_EXT_UDP);
	VALUE("TUN_VXLAN", DOCA_FLOW_TUN_VXLAN);
	VALUE("TUN_EXT_VXLAN_STANDARD", DOCA_FLOW_TUN_EXT_VXLAN_STANDARD);
	VALUE("FWD_RSS", DOCA_FLOW_FWD_RSS);
	VALUE("FWD_DROP", DOCA_FLOW_FWD_DROP);
	VALUE("FWD_CHANGEABLE", DOCA_FLOW_FWD_CHANGEABLE);
	VALUE("RESOURCE_NON_SHARED", DOCA_FLOW_RESOURCE_TYPE_NON_SHARED);
	VALUE("PIPE_BASIC", DOCA_FLOW_PIPE_BASIC);
	VALUE("RSS_IPV4", DOCA_FLOW_RSS_IPV4);
	VALUE("RSS_UDP", DOCA_FLOW_RSS_UDP);
	VALUE("ENTRY_FLAGS_NO_WAIT", DOCA_FLOW_ENTRY_FLAGS_NO_WAIT);
	VALUE("ENTRY_STATUS_SUCCESS", DOCA_FLOW_ENTRY_STATUS_SUCCESS);
	VALUE("ENTRY_STATUS_ERROR", DOCA_FLOW_ENTRY_STATUS_ERROR);
	return 0;
}
