package io.vstack.dpdk;

/**
 * A port's link state ({@code rte_eth_link_get_nowait}).
 *
 * @param speedMbps speed in Mbit/s; 0 when unknown.
 * @param fullDuplex full duplex.
 * @param autoneg autonegotiated.
 * @param up the link is up.
 */
public record EthLink(int speedMbps, boolean fullDuplex, boolean autoneg, boolean up) {}
