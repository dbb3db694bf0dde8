/**
 * Software rte_flow matching: {@link io.vstack.flow.match.FlowMatcher} applies a compiled rule set
 * to raw Ethernet frames without allocating, as the software offload backend in the fast path.
 */
package io.vstack.flow.match;
