/*
 * Prints "name hex-bytes" for rte_flow structs filled with fixed values through DPDK's own
 * headers and macros; RteFlowEncodingTest encodes the same values with RteFlowBuilder and
 * compares byte for byte. Padding is zeroed first (memset), as the builder's memory is.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <rte_ethdev.h>
#include <rte_flow.h>
#include <rte_ip.h>

static void dump(const char *name, const void *p, size_t n)
{
	const unsigned char *b = p;
	printf("%s ", name);
	for (size_t i = 0; i < n; i++)
		printf("%02x", b[i]);
	printf("\n");
}

#define ZERO(v) memset(&(v), 0, sizeof(v))

int main(void)
{
	struct rte_flow_attr attr; ZERO(attr);
	attr.group = 1; attr.priority = 2; attr.ingress = 1; attr.transfer = 1;
	dump("attr", &attr, sizeof attr);

	struct rte_flow_item_eth eth; ZERO(eth);
	struct rte_ether_addr dst = {{0x02, 0x00, 0x00, 0x00, 0x00, 0x01}};
	struct rte_ether_addr src = {{0x02, 0xaa, 0xbb, 0xcc, 0xdd, 0xee}};
	eth.hdr.dst_addr = dst; eth.hdr.src_addr = src; eth.hdr.ether_type = RTE_BE16(0x0800);
	dump("eth", &eth, sizeof eth);

	struct rte_flow_item_vlan vlan; ZERO(vlan);
	vlan.hdr.vlan_tci = RTE_BE16(0x2003); vlan.hdr.eth_proto = RTE_BE16(0x86dd);
	dump("vlan", &vlan, sizeof vlan);

	struct rte_flow_item_ipv4 ipv4; ZERO(ipv4);
	ipv4.hdr.src_addr = RTE_BE32(RTE_IPV4(10, 0, 0, 1));
	ipv4.hdr.dst_addr = RTE_BE32(RTE_IPV4(10, 0, 0, 2));
	ipv4.hdr.next_proto_id = 17;
	dump("ipv4", &ipv4, sizeof ipv4);

	struct rte_flow_item_ipv6 ipv6; ZERO(ipv6);
	const uint8_t a6[16] = {0x20, 0x01, 0x0d, 0xb8, [15] = 1};
	const uint8_t b6[16] = {0x20, 0x01, 0x0d, 0xb8, [15] = 2};
	memcpy(ipv6.hdr.src_addr, a6, 16); memcpy(ipv6.hdr.dst_addr, b6, 16);
	ipv6.hdr.proto = 6;
	dump("ipv6", &ipv6, sizeof ipv6);

	struct rte_flow_item_udp udp; ZERO(udp);
	udp.hdr.src_port = RTE_BE16(1234); udp.hdr.dst_port = RTE_BE16(4789);
	dump("udp", &udp, sizeof udp);

	struct rte_flow_item_tcp tcp; ZERO(tcp);
	tcp.hdr.src_port = RTE_BE16(80); tcp.hdr.dst_port = RTE_BE16(443); tcp.hdr.tcp_flags = 0x12;
	dump("tcp", &tcp, sizeof tcp);

	struct rte_flow_item_icmp icmp; ZERO(icmp);
	icmp.hdr.icmp_type = 8; icmp.hdr.icmp_code = 3;
	dump("icmp", &icmp, sizeof icmp);

	struct rte_flow_item_vxlan vxlan; ZERO(vxlan);
	vxlan.vni[0] = 0x12; vxlan.vni[1] = 0x34; vxlan.vni[2] = 0x56;
	dump("vxlan", &vxlan, sizeof vxlan);

	struct rte_flow_item_geneve geneve; ZERO(geneve);
	geneve.vni[0] = 0xab; geneve.vni[1] = 0xcd; geneve.vni[2] = 0xef;
	geneve.protocol = RTE_BE16(0x6558);
	dump("geneve", &geneve, sizeof geneve);

	struct rte_flow_item_mark mark; ZERO(mark); mark.id = 7;
	dump("mark", &mark, sizeof mark);
	struct rte_flow_item_meta meta; ZERO(meta); meta.data = 0xdeadbeef;
	dump("meta", &meta, sizeof meta);
	struct rte_flow_item_port_id port_id; ZERO(port_id); port_id.id = 3;
	dump("port_id", &port_id, sizeof port_id);

	struct rte_flow_action_queue queue; ZERO(queue); queue.index = 5;
	dump("action_queue", &queue, sizeof queue);
	struct rte_flow_action_mark amark; ZERO(amark); amark.id = 9;
	dump("action_mark", &amark, sizeof amark);
	struct rte_flow_action_count count; ZERO(count); count.id = 2;
	dump("action_count", &count, sizeof count);
	struct rte_flow_action_jump jump; ZERO(jump); jump.group = 4;
	dump("action_jump", &jump, sizeof jump);
	struct rte_flow_action_port_id aport; ZERO(aport); aport.original = 1; aport.id = 6;
	dump("action_port_id", &aport, sizeof aport);
	struct rte_flow_action_rss rss; ZERO(rss);
	rss.func = RTE_ETH_HASH_FUNCTION_DEFAULT; rss.level = 2;
	rss.types = RTE_ETH_RSS_IP | RTE_ETH_RSS_UDP; rss.key_len = 40; rss.queue_num = 3;
	/* the key and queue pointers differ by nature: compare up to them */
	dump("action_rss", &rss, offsetof(struct rte_flow_action_rss, key));
	printf("rss_types %llu\n", (unsigned long long)(RTE_ETH_RSS_IP | RTE_ETH_RSS_UDP));
	return 0;
}
