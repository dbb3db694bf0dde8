package io.vstack.config;

import io.vstack.port.PortSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the optional {@code ports} list: each port's {@code name} and {@code spec} ({@link
 * PortSpec}, the same text {@code vstack replay --port} takes).
 *
 * <pre>
 * ports:
 *   - name: uplink
 *     spec: tap:vs0        # memory:NAME, tap:NAME, packet:IFACE, pcap:FILE or dpdk:DEVICE[,ARGS]
 *   - name: loop
 *     spec: memory:loop
 * </pre>
 *
 * Port ids are list positions (0, 1, ...), the numbers testpmd syntax and {@code vstack flow} use.
 */
public final class PortsSection implements ConfigSection<List<PortDefinition>> {
  public static final PortsSection INSTANCE = new PortsSection();

  /** At most this many ports (testpmd port ids are 16 bit, but a host has a handful). */
  public static final int MAX_PORTS = 256;

  private static final List<String> KEYS = List.of("name", "spec");
  private static final String NAME_RULE = "a letter then up to 31 letters, digits, '_', '.' or '-'";

  private PortsSection() {}

  @Override
  public String key() {
    return "ports";
  }

  @Override
  public List<PortDefinition> read(final ConfigNode node, final VstackConfig earlier) {
    final List<ConfigNode> items = node.list("ports");
    if (items.isEmpty()) {
      throw node.error("expected at least one port, got an empty list");
    }
    if (items.size() > MAX_PORTS) {
      throw node.error("expected at most " + MAX_PORTS + " ports, got " + items.size());
    }
    final List<PortDefinition> ports = new ArrayList<>();
    final ConfigNode.Uniques<String> names = new ConfigNode.Uniques<>("port name");
    for (final ConfigNode item : items) {
      item.mapping(KEYS);
      final ConfigNode nameNode = item.field("name", NAME_RULE);
      final String name = nameNode.matching(PortDefinition.NAME, NAME_RULE);
      names.add(name, name, nameNode);
      ports.add(new PortDefinition(ports.size(), name, spec(item.field("spec", "KIND:ARGUMENT"))));
    }
    return List.copyOf(ports);
  }

  private static PortSpec spec(final ConfigNode node) {
    final String text = node.text(PortSpec.forms(PortSpec.CONFIG));
    try {
      return PortSpec.parse(text, PortSpec.CONFIG);
    } catch (final PortSpec.PortSpecException e) {
      throw e.unknownKind()
          ? node.expected(PortSpec.forms(PortSpec.CONFIG))
          : node.error(e.getMessage());
    }
  }

  @Override
  public List<PortDefinition> absent(final ConfigNode root, final VstackConfig earlier) {
    return List.of();
  }
}
