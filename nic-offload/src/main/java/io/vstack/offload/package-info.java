/**
 * Flow offload: where a port's rte_flow rules run. {@link io.vstack.offload.FlowOffload} is the
 * backend interface (a NIC through DPDK rte_flow or DOCA Flow, or {@link
 * io.vstack.offload.SoftwareFlowOffload}, the flow-rules matcher run in the lane); {@link
 * io.vstack.offload.ProbingFlowOffload} tries the NIC per rule and falls back to software.
 */
package io.vstack.offload;
