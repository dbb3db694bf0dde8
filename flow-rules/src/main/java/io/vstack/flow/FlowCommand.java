package io.vstack.flow;

import java.util.List;

/**
 * A testpmd {@code flow ...} command as a value: what the CLI sends and the daemon executes. {@link
 * #port()} is the DPDK port id.
 */
public sealed interface FlowCommand {
  int port();

  /** {@code flow validate <port> <rule>}: check a rule without creating it. */
  record Validate(int port, FlowRule rule) implements FlowCommand {
    public Validate {
      FlowRule.checkUnsigned16("port", port);
    }
  }

  /** {@code flow create <port> <rule>}. */
  record Create(int port, FlowRule rule) implements FlowCommand {
    public Create {
      FlowRule.checkUnsigned16("port", port);
    }
  }

  /** {@code flow destroy <port> rule <id> [rule <id> ...]}. */
  record Destroy(int port, List<Long> ruleIds) implements FlowCommand {
    public Destroy {
      FlowRule.checkUnsigned16("port", port);
      ruleIds = List.copyOf(ruleIds);
      if (ruleIds.isEmpty()) {
        throw new IllegalArgumentException("flow destroy needs at least one rule id");
      }
      ruleIds.forEach(id -> FlowRule.checkUnsigned32("rule", id));
    }
  }

  /** {@code flow list <port> [group <n> ...]}: empty groups list all. */
  record ListRules(int port, List<Long> groups) implements FlowCommand {
    public ListRules {
      FlowRule.checkUnsigned16("port", port);
      groups = List.copyOf(groups);
      groups.forEach(group -> FlowRule.checkUnsigned32("group", group));
    }
  }

  /** {@code flow flush <port>}: destroy every rule. */
  record Flush(int port) implements FlowCommand {
    public Flush {
      FlowRule.checkUnsigned16("port", port);
    }
  }

  /** {@code flow query <port> <rule> count}: read a rule's COUNT action. */
  record Query(int port, long ruleId) implements FlowCommand {
    public Query {
      FlowRule.checkUnsigned16("port", port);
      FlowRule.checkUnsigned32("rule", ruleId);
    }
  }

  /** {@code flow isolate <port> 0|1}: restrict ingress to what rules allow. */
  record Isolate(int port, boolean enabled) implements FlowCommand {
    public Isolate {
      FlowRule.checkUnsigned16("port", port);
    }
  }
}
