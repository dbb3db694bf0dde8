/*
 * libvstackdpdk: the few DPDK 22.11 functions that exist only as static inline code in DPDK's
 * headers (or as thread-local variables), exported as plain symbols so that Java can reach them
 * through java.lang.foreign. Everything else is called in DPDK's own shared libraries directly.
 *
 * Keep this file tiny: every function here is a one-line wrapper; logic belongs in Java.
 */
#include <rte_errno.h>
#include <rte_ethdev.h>
#include <rte_mbuf.h>
#include <rte_version.h>

/* The DPDK version this shim was compiled against, e.g. 221111 for 22.11.11. */
int vs_dpdk_version(void)
{
	return RTE_VER_YEAR * 10000 + RTE_VER_MONTH * 100 + RTE_VER_MINOR;
}

/* rte_errno is a per-lcore (thread-local) variable: FFM cannot address TLS. */
int vs_errno(void)
{
	return rte_errno;
}

/* Allocates n reset mbufs (data_off = headroom, lengths 0); 0 on success, -ENOENT when short. */
int vs_pktmbuf_alloc_bulk(struct rte_mempool *pool, struct rte_mbuf **mbufs, unsigned int n)
{
	return rte_pktmbuf_alloc_bulk(pool, mbufs, n);
}

/* The inline rx burst, callbacks included: the alternative to the rte_eth_fp_ops path. */
uint16_t vs_rx_burst(uint16_t port, uint16_t queue, struct rte_mbuf **mbufs, uint16_t n)
{
	return rte_eth_rx_burst(port, queue, mbufs, n);
}

/* The inline tx burst, callbacks included. */
uint16_t vs_tx_burst(uint16_t port, uint16_t queue, struct rte_mbuf **mbufs, uint16_t n)
{
	return rte_eth_tx_burst(port, queue, mbufs, n);
}
