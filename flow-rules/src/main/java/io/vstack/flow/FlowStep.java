package io.vstack.flow;

import java.util.List;

/** One step of a {@link FlowDiff}: create a rule or destroy one by id. */
public sealed interface FlowStep {
  /** The testpmd command performing this step on {@code port}. */
  FlowCommand toCommand(int port);

  /** Create {@code rule} (it is appended after existing rules). */
  record Create(FlowRule rule) implements FlowStep {
    @Override
    public FlowCommand toCommand(final int port) {
      return new FlowCommand.Create(port, rule);
    }
  }

  /** Destroy the rule with id {@code ruleId}. */
  record Destroy(long ruleId) implements FlowStep {
    @Override
    public FlowCommand toCommand(final int port) {
      return new FlowCommand.Destroy(port, List.of(ruleId));
    }
  }
}
