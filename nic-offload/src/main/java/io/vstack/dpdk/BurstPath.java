package io.vstack.dpdk;

/**
 * How Java reaches DPDK's {@code rte_eth_rx_burst}/{@code rte_eth_tx_burst}, which are static
 * inline functions in DPDK's headers and so have no symbol to call.
 */
public enum BurstPath {
  /**
   * Reads the PMD's burst function and queue pointer from the exported {@code rte_eth_fp_ops} table
   * and calls the function pointer directly; rx/tx callbacks registered on the queue are honoured
   * through the exported {@code rte_eth_call_rx_callbacks}/{@code rte_eth_call_tx_callbacks},
   * exactly as the inline code does. One downcall per burst.
   */
  FP_OPS,
  /** Calls the inline functions compiled into the shim {@code libvstackdpdk.so}. */
  SHIM
}
