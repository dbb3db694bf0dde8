/**
 * The rte_flow rule model: {@link io.vstack.flow.FlowRule} (attributes, pattern items with
 * spec/last/mask per field, actions), testpmd {@link io.vstack.flow.FlowCommand}s, per-port {@link
 * io.vstack.flow.RuleSet}s and the desired-state {@link io.vstack.flow.FlowDiff}. Pure Java, no
 * dependencies. Text form: {@code io.vstack.flow.syntax}; software matching: {@code
 * io.vstack.flow.match}.
 */
package io.vstack.flow;
