package io.vstack.dpdk;

import java.lang.foreign.MemorySegment;

/**
 * A rule created on a port ({@code struct rte_flow *}).
 *
 * @param portId the port it lives on.
 * @param flow DPDK's handle.
 * @param description the rule in words, as {@link RteFlowBuilder#describe()} gave it.
 * @param countId the COUNT action's counter id, -1 when the rule does not count.
 */
public record RteFlowHandle(int portId, MemorySegment flow, String description, int countId) {}
