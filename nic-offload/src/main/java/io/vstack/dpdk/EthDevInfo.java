package io.vstack.dpdk;

/**
 * What {@code rte_eth_dev_info_get} says about a port.
 *
 * @param driverName the PMD, e.g. {@code net_null}, {@code net_ring}, {@code net_tap}.
 * @param ifIndex the kernel interface index, 0 when none.
 * @param maxRxQueues receive queues the device offers.
 * @param maxTxQueues transmit queues the device offers.
 * @param maxRxPktLen the longest frame it receives.
 * @param retaSize RSS redirection table entries, 0 when the PMD has no RSS.
 * @param hashKeySize RSS hash key bytes.
 * @param flowTypeRssOffloads {@code RTE_ETH_RSS_*} bits the device hashes on.
 * @param rxQueues receive queues configured now.
 * @param txQueues transmit queues configured now.
 */
public record EthDevInfo(
    String driverName,
    int ifIndex,
    int maxRxQueues,
    int maxTxQueues,
    long maxRxPktLen,
    int retaSize,
    int hashKeySize,
    long flowTypeRssOffloads,
    int rxQueues,
    int txQueues) {}
