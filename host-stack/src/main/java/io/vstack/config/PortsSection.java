package io.vstack.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * The {@code ports} section: a list of ports, each {@code name} and {@code spec}.
 *
 * <pre>
 * ports:
 *   - name: uplink
 *     spec: tap:vs0        # memory:NAME, tap:NAME, packet:IFACE or pcap:FILE
 *   - name: loop
 *     spec: memory:loop
 * </pre>
 *
 * Port ids are list positions (0, 1, ...), the numbers testpmd syntax and {@code vstack flow} use.
 */
public final class PortsSection {
  /** At most this many ports (testpmd port ids are 16 bit, but a host has a handful). */
  public static final int MAX_PORTS = 256;

  private static final List<String> KEYS = List.of("name", "spec");

  private PortsSection() {}

  /** Parses the value of the {@code ports} key. */
  public static List<PortDefinition> parse(final Node node) {
    final List<Node> items = YamlNodes.sequence(node, "ports");
    if (items.isEmpty()) {
      throw YamlNodes.problem(node, "ports", "expected at least one port, got an empty list");
    }
    if (items.size() > MAX_PORTS) {
      throw YamlNodes.problem(
          node, "ports", "expected at most " + MAX_PORTS + " ports, got " + items.size());
    }
    final List<PortDefinition> ports = new ArrayList<>();
    final Set<String> names = new HashSet<>();
    for (int i = 0; i < items.size(); i++) {
      final String path = "ports[" + i + "]";
      final Node item = items.get(i);
      final Map<String, Node> fields = YamlNodes.mapping(item, path, KEYS);
      YamlNodes.require(item, fields, path, "name", "spec");
      final Node nameNode = fields.get("name");
      final String name = YamlNodes.scalar(nameNode, path + ".name", "a port name").getValue();
      if (!PortDefinition.NAME.matcher(name).matches()) {
        throw YamlNodes.problem(
            nameNode,
            path + ".name",
            "expected a letter then up to 31 letters, digits, '_', '.' or '-', got '" + name + "'");
      }
      if (!names.add(name)) {
        throw YamlNodes.problem(nameNode, path + ".name", "duplicate port name '" + name + "'");
      }
      ports.add(spec(i, name, fields.get("spec"), path + ".spec"));
    }
    return List.copyOf(ports);
  }

  private static PortDefinition spec(
      final int id, final String name, final Node node, final String path) {
    final String spec = YamlNodes.scalar(node, path, "KIND:ARGUMENT").getValue();
    final int colon = spec.indexOf(':');
    final String expected = "expected memory:NAME, tap:NAME, packet:IFACE or pcap:FILE, got '";
    if (colon <= 0 || colon == spec.length() - 1) {
      throw YamlNodes.problem(node, path, expected + spec + "'");
    }
    final String prefix = spec.substring(0, colon);
    final String argument = spec.substring(colon + 1);
    for (final PortDefinition.Kind kind : PortDefinition.Kind.values()) {
      if (kind.prefix().equals(prefix)) {
        if (kind != PortDefinition.Kind.PCAP && argument.length() > 15) {
          throw YamlNodes.problem(
              node, path, "expected a name of at most 15 characters, got '" + argument + "'");
        }
        return new PortDefinition(id, name, kind, argument);
      }
    }
    throw YamlNodes.problem(node, path, expected + spec + "'");
  }
}
