package io.vstack.dpdk;

/**
 * A COUNT query's answer ({@code struct rte_flow_query_count}).
 *
 * @param hits frames that matched, when {@code hitsSet}.
 * @param bytes bytes that matched, when {@code bytesSet}.
 */
public record RteFlowCount(boolean hitsSet, long hits, boolean bytesSet, long bytes) {}
