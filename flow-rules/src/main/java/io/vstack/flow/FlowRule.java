package io.vstack.flow;

import java.util.List;
import java.util.Objects;

/**
 * One rte_flow rule: attributes, pattern items and actions, without the terminating END item and
 * END action (they are implicit). Equal by content; rule ids live in {@link RuleSet}.
 */
public record FlowRule(
    FlowAttributes attributes, List<PatternItem> pattern, List<FlowAction> actions) {
  public FlowRule {
    Objects.requireNonNull(attributes, "attributes");
    pattern = List.copyOf(pattern);
    actions = List.copyOf(actions);
  }

  static void checkUnsigned32(final String what, final long value) {
    if (value < 0 || value > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException(what + " " + value + " out of range 0..4294967295");
    }
  }

  static void checkUnsigned16(final String what, final long value) {
    if (value < 0 || value > 0xFFFF) {
      throw new IllegalArgumentException(what + " " + value + " out of range 0..65535");
    }
  }
}
