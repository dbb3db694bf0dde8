package io.vstack.offload;

import io.vstack.flow.FlowRule;

/**
 * A rule created on a port: its id there (testpmd style, the next id is one above the highest in
 * use), the rule and where it runs.
 */
public record OffloadedRule(long id, FlowRule rule, Placement placement) {}
