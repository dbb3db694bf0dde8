package io.vstack.dpdk;

/**
 * A port's basic counters ({@code rte_eth_stats_get}).
 *
 * @param ipackets frames received.
 * @param opackets frames sent.
 * @param ibytes bytes received.
 * @param obytes bytes sent.
 * @param imissed frames dropped by the device because the rx queue was full.
 * @param ierrors erroneous received frames.
 * @param oerrors failed transmissions.
 * @param rxNoMbuf receive failures for want of mbufs.
 */
public record EthStats(
    long ipackets,
    long opackets,
    long ibytes,
    long obytes,
    long imissed,
    long ierrors,
    long oerrors,
    long rxNoMbuf) {}
