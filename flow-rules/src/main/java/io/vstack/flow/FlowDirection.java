package io.vstack.flow;

/** The traffic a rule applies to, as rte_flow's ingress/egress/transfer attributes. */
public enum FlowDirection {
  INGRESS,
  EGRESS,
  TRANSFER
}
