/**
 * DPDK 22.11 through java.lang.foreign (no JNI): the EAL ({@link io.vstack.dpdk.Eal}, one per
 * process, on a thread of its own), ethdev control ({@link io.vstack.dpdk.EthDev}), mbuf pools
 * ({@link io.vstack.dpdk.Mempool}), rx/tx bursts ({@link io.vstack.dpdk.EthBurst} along a {@link
 * io.vstack.dpdk.BurstPath}), a zero-copy {@link io.vstack.port.Port} ({@link
 * io.vstack.dpdk.DpdkPort}) and rte_flow ({@link io.vstack.dpdk.RteFlow} with rules encoded by
 * {@link io.vstack.dpdk.RteFlowBuilder}; refusals carry DPDK's own message as {@link
 * io.vstack.dpdk.RteFlowError}).
 *
 * <p>Struct offsets live in {@code DpdkLayout} and {@code RteFlowLayout}, checked by a test against
 * DPDK's headers. Functions that DPDK only has as static inline code (mbuf allocation, {@code
 * rte_errno}, and the alternative burst path) come from the shim {@code libvstackdpdk.so}, built
 * from {@code src/main/c} by the module's build; see the module README.
 */
package io.vstack.dpdk;
