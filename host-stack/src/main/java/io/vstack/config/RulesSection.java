package io.vstack.config;

import io.vstack.flow.FlowRule;
import io.vstack.flow.syntax.FlowSyntax;
import io.vstack.flow.syntax.FlowSyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the {@code rules} section: per port name, the rules wanted on it in creation order. A rule
 * is testpmd text without {@code flow create <port>} (see docs/FLOW-RULES.md), or a mapping of its
 * parts.
 *
 * <pre>
 * rules:
 *   uplink:
 *     - ingress pattern eth / ipv4 / udp dst is 4789 / vxlan vni is 1001 / end actions mark id 1 / queue index 0 / end
 *     - priority: 1
 *       ingress: true
 *       pattern: [eth, ipv4, udp dst is 4789, vxlan]
 *       actions: [count, drop]
 * </pre>
 *
 * <p>In a config with {@code ports}, the keys must be port names and every port gets an entry
 * (empty when it has no rules); the section is optional. In a rules file ({@link #load}, read
 * without ports) the names are the daemon's to check and the section is required. A syntax error in
 * a one-line rule is reported at its exact file column.
 */
public final class RulesSection implements ConfigSection<Map<String, List<FlowRule>>> {
  public static final RulesSection INSTANCE = new RulesSection();

  /** At most this many rules per port. */
  public static final int MAX_RULES_PER_PORT = 4096;

  private static final List<String> STRUCTURED_KEYS =
      List.of("group", "priority", "ingress", "egress", "transfer", "pattern", "actions");
  private static final long MAX_U32 = 0xFFFF_FFFFL;

  private RulesSection() {}

  /** Reads a rules file: a document whose only key is {@code rules}. */
  public static Map<String, List<FlowRule>> load(final Path file) {
    return VstackConfig.load(file, List.of(INSTANCE)).rules();
  }

  @Override
  public String key() {
    return "rules";
  }

  @Override
  public Map<String, List<FlowRule>> read(final ConfigNode node, final VstackConfig earlier) {
    node.freeMapping("port names to lists of rules");
    final Map<String, List<FlowRule>> out = new LinkedHashMap<>();
    final boolean withPorts = earlier.has(PortsSection.INSTANCE);
    if (withPorts) {
      earlier.ports().forEach(p -> out.put(p.name(), List.of()));
    }
    for (final String port : node.keys()) {
      if (withPorts && !out.containsKey(port)) {
        throw node.key(port)
            .expected("a port named in 'ports' (" + String.join(", ", out.keySet()) + ")");
      }
      final ConfigNode value = node.field(port, "");
      final List<ConfigNode> items = value.optionalList("rules");
      if (items.size() > MAX_RULES_PER_PORT) {
        throw value.error("expected at most " + MAX_RULES_PER_PORT + " rules, got " + items.size());
      }
      final List<FlowRule> rules = new ArrayList<>();
      for (final ConfigNode item : items) {
        rules.add(rule(item));
      }
      out.put(port, List.copyOf(rules));
    }
    return Collections.unmodifiableMap(out);
  }

  @Override
  public Map<String, List<FlowRule>> absent(final ConfigNode root, final VstackConfig earlier) {
    if (!earlier.has(PortsSection.INSTANCE)) {
      throw root.error("missing key \"rules\" (per port name, the rules wanted on it)");
    }
    final Map<String, List<FlowRule>> none = new LinkedHashMap<>();
    earlier.ports().forEach(p -> none.put(p.name(), List.of()));
    return Collections.unmodifiableMap(none);
  }

  private static FlowRule rule(final ConfigNode node) {
    if (node.isScalar()) {
      try {
        return FlowSyntax.parseRule(node.text("a rule"));
      } catch (final FlowSyntaxException e) {
        throw node.errorAt(e.column() - 1, detail(e));
      }
    }
    node.mapping(STRUCTURED_KEYS);
    final ConfigNode pattern = node.field("pattern", "a list of pattern items");
    final ConfigNode actions = node.field("actions", "a list of actions");
    final StringBuilder text = new StringBuilder();
    for (final String number : List.of("group", "priority")) {
      node.optional(number)
          .ifPresent(
              n -> text.append(number).append(' ').append(n.longInteger(0, MAX_U32)).append(' '));
    }
    boolean direction = false;
    for (final String attribute : List.of("ingress", "egress", "transfer")) {
      if (node.optional(attribute).map(ConfigNode::bool).orElse(false)) {
        text.append(attribute).append(' ');
        direction = true;
      }
    }
    if (!direction) {
      text.append("ingress ");
    }
    text.append("pattern ").append(steps(pattern)).append(" end");
    text.append(" actions ").append(steps(actions)).append(" end");
    try {
      return FlowSyntax.parseRule(text.toString());
    } catch (final FlowSyntaxException e) {
      throw node.error(detail(e) + " (in '" + text + "')");
    }
  }

  /** A list of items/actions (or one string of them) as {@code a / b /}. */
  private static String steps(final ConfigNode node) {
    if (node.isScalar()) {
      final String value = node.text("").strip();
      return value.isEmpty() ? "" : value + " /";
    }
    final StringBuilder text = new StringBuilder();
    for (final ConfigNode item : node.list("items or actions")) {
      text.append(item.text("an item or action")).append(" / ");
    }
    return text.toString().strip();
  }

  /** The syntax error without its "column N: " prefix (the position says where). */
  static String detail(final FlowSyntaxException e) {
    final String message = e.getMessage();
    final String prefix = "column " + e.column() + ": ";
    return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
  }
}
