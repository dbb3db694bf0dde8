package io.vstack.config;

import io.vstack.flow.FlowRule;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * What {@code vstack daemon --config vstack.yaml} reads: the {@code ports} (required) and the
 * {@code rules} wanted on them (optional, keyed by port name).
 *
 * @param ports the ports, id = position
 * @param rules per port name, the desired rules in creation order; every port has an entry
 */
public record DaemonConfig(List<PortDefinition> ports, Map<String, List<FlowRule>> rules) {
  private static final List<String> SECTIONS = List.of("ports", "rules");

  public DaemonConfig {
    ports = List.copyOf(ports);
    rules = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(rules));
  }

  /** Loads and checks {@code file}; errors are {@link ConfigProblem}s naming file:line:column. */
  public static DaemonConfig load(final Path file) {
    final Node root = YamlNodes.compose(file);
    if (root == null) {
      throw new ConfigProblem(file + ": empty file, expected a 'ports' list");
    }
    final Map<String, Node> sections = YamlNodes.mapping(root, "(top)", SECTIONS);
    YamlNodes.require(root, sections, "(top)", "ports");
    final List<PortDefinition> ports = PortsSection.parse(sections.get("ports"));
    final Map<String, List<FlowRule>> rules = new LinkedHashMap<>();
    ports.forEach(p -> rules.put(p.name(), List.of()));
    if (sections.containsKey("rules")) {
      final Node rulesNode = sections.get("rules");
      final Map<String, List<FlowRule>> wanted = RulesSection.parse(rulesNode);
      final Map<String, Node> keys = YamlNodes.mapping(rulesNode, "rules", null);
      for (final Map.Entry<String, List<FlowRule>> entry : wanted.entrySet()) {
        if (!rules.containsKey(entry.getKey())) {
          throw YamlNodes.problem(
              keys.get(entry.getKey()),
              "rules",
              "expected a port named in 'ports' ("
                  + String.join(", ", rules.keySet())
                  + "), got '"
                  + entry.getKey()
                  + "'");
        }
        rules.put(entry.getKey(), entry.getValue());
      }
    }
    return new DaemonConfig(ports, rules);
  }

  /** The port called {@code name}, or null. */
  public PortDefinition port(final String name) {
    return ports.stream().filter(p -> p.name().equals(name)).findFirst().orElse(null);
  }
}
