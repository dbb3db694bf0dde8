package io.vstack.flow;

/**
 * Rule attributes ({@code struct rte_flow_attr}): the group (table) it lives in, its priority
 * within the group (lower wins) and the traffic directions it applies to.
 */
public record FlowAttributes(
    long group, long priority, boolean ingress, boolean egress, boolean transfer) {
  /** Group 0, priority 0, ingress: the common case. */
  public static final FlowAttributes INGRESS = new FlowAttributes(0, 0, true, false, false);

  public FlowAttributes {
    FlowRule.checkUnsigned32("group", group);
    FlowRule.checkUnsigned32("priority", priority);
  }

  /** True when a rule with these attributes sees traffic of {@code direction}. */
  public boolean appliesTo(final FlowDirection direction) {
    return switch (direction) {
      case INGRESS -> ingress;
      case EGRESS -> egress;
      case TRANSFER -> transfer;
    };
  }

  /** A copy in group {@code value}. */
  public FlowAttributes withGroup(final long value) {
    return new FlowAttributes(value, priority, ingress, egress, transfer);
  }

  /** A copy with priority {@code value}. */
  public FlowAttributes withPriority(final long value) {
    return new FlowAttributes(group, value, ingress, egress, transfer);
  }
}
