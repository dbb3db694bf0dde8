package io.vstack.config;

import io.vstack.flow.FlowRule;
import io.vstack.flow.syntax.FlowSyntax;
import io.vstack.flow.syntax.FlowSyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * The {@code rules} section: per port name, the rules wanted on it in creation order. A rule is
 * testpmd text without {@code flow create <port>} (see docs/FLOW-RULES.md), or a mapping of its
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
 * A syntax error in a one-line rule is reported at its exact file column.
 */
public final class RulesSection {
  /** At most this many rules per port. */
  public static final int MAX_RULES_PER_PORT = 4096;

  private static final List<String> STRUCTURED_KEYS =
      List.of("group", "priority", "ingress", "egress", "transfer", "pattern", "actions");

  private RulesSection() {}

  /** Parses the value of the {@code rules} key: port name to rules, in file order. */
  public static Map<String, List<FlowRule>> parse(final Node node) {
    final Map<String, List<FlowRule>> out = new LinkedHashMap<>();
    for (final Map.Entry<String, Node> port : YamlNodes.mapping(node, "rules", null).entrySet()) {
      final String path = "rules." + port.getKey();
      final Node value = port.getValue();
      final List<Node> items =
          value instanceof ScalarNode s && s.getValue().isEmpty()
              ? List.of()
              : YamlNodes.sequence(value, path);
      if (items.size() > MAX_RULES_PER_PORT) {
        throw YamlNodes.problem(
            value, path, "expected at most " + MAX_RULES_PER_PORT + " rules, got " + items.size());
      }
      final List<FlowRule> rules = new ArrayList<>();
      for (int i = 0; i < items.size(); i++) {
        rules.add(rule(items.get(i), path + "[" + i + "]"));
      }
      out.put(port.getKey(), List.copyOf(rules));
    }
    return out;
  }

  /** Reads a rules file: a document whose only key is {@code rules}. */
  public static Map<String, List<FlowRule>> load(final Path file) {
    final Node root = YamlNodes.compose(file);
    if (root == null) {
      throw new ConfigProblem(file + ": empty file, expected a 'rules' mapping");
    }
    final Map<String, Node> sections = YamlNodes.mapping(root, "(top)", List.of("rules"));
    YamlNodes.require(root, sections, "(top)", "rules");
    return parse(sections.get("rules"));
  }

  private static FlowRule rule(final Node node, final String path) {
    if (node instanceof ScalarNode scalar) {
      try {
        return FlowSyntax.parseRule(scalar.getValue());
      } catch (final FlowSyntaxException e) {
        throw YamlNodes.problemInScalar(scalar, e.column() - 1, path, detail(e));
      }
    }
    final Map<String, Node> parts = YamlNodes.mapping(node, path, STRUCTURED_KEYS);
    YamlNodes.require(node, parts, path, "pattern", "actions");
    final StringBuilder text = new StringBuilder();
    if (parts.containsKey("group")) {
      text.append("group ")
          .append(YamlNodes.number(parts.get("group"), path + ".group", 0xFFFF_FFFFL))
          .append(' ');
    }
    if (parts.containsKey("priority")) {
      text.append("priority ")
          .append(YamlNodes.number(parts.get("priority"), path + ".priority", 0xFFFF_FFFFL))
          .append(' ');
    }
    boolean direction = false;
    for (final String attribute : List.of("ingress", "egress", "transfer")) {
      if (parts.containsKey(attribute)
          && YamlNodes.bool(parts.get(attribute), path + "." + attribute)) {
        text.append(attribute).append(' ');
        direction = true;
      }
    }
    if (!direction) {
      text.append("ingress ");
    }
    text.append("pattern ").append(steps(parts.get("pattern"), path + ".pattern")).append(" end");
    text.append(" actions ").append(steps(parts.get("actions"), path + ".actions")).append(" end");
    try {
      return FlowSyntax.parseRule(text.toString());
    } catch (final FlowSyntaxException e) {
      throw YamlNodes.problem(node, path, detail(e) + " (in '" + text + "')");
    }
  }

  /** A list of items/actions (or one string of them) as {@code a / b /}. */
  private static String steps(final Node node, final String path) {
    if (node instanceof ScalarNode scalar) {
      final String value = scalar.getValue().strip();
      return value.isEmpty() ? "" : value + " /";
    }
    final StringBuilder text = new StringBuilder();
    final List<Node> items = YamlNodes.sequence(node, path);
    for (int i = 0; i < items.size(); i++) {
      text.append(
              YamlNodes.scalar(items.get(i), path + "[" + i + "]", "an item or action").getValue())
          .append(" / ");
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
