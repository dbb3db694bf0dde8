package io.vstack.config;

import io.vstack.wire.OverlayProtocol;
import java.util.List;
import java.util.Locale;

/**
 * Reads the {@code host} section, required when the file has {@code tenants} or {@code vteps}.
 *
 * <pre>
 * host:
 *   underlay: {ipv4: 192.0.2.1, mac: "02:00:00:00:00:01", mtu: 1500}
 *   overlay: {protocol: vxlan, udp-port: 4789, udp-checksum: false}
 * </pre>
 */
public final class HostSection implements ConfigSection<HostConfig> {
  public static final HostSection INSTANCE = new HostSection();

  private static final List<String> KEYS = List.of("underlay", "overlay");
  private static final List<String> UNDERLAY_KEYS = List.of("ipv4", "mac", "mtu");
  private static final List<String> OVERLAY_KEYS = List.of("protocol", "udp-port", "udp-checksum");
  private static final List<String> PROTOCOLS = List.of("vxlan", "geneve");
  private static final int MIN_MTU = 576;
  private static final int MAX_MTU = 65535;

  private HostSection() {}

  @Override
  public String key() {
    return "host";
  }

  @Override
  public HostConfig read(final ConfigNode node, final VstackConfig earlier) {
    node.mapping(KEYS);
    final ConfigNode underlay =
        node.field("underlay", "a mapping with keys " + String.join(", ", UNDERLAY_KEYS))
            .mapping(UNDERLAY_KEYS);
    final ConfigNode overlay =
        node.field("overlay", "a mapping with keys " + String.join(", ", OVERLAY_KEYS))
            .mapping(OVERLAY_KEYS);
    final int ipv4 = underlay.field("ipv4", "the host's underlay IPv4 address").ipv4();
    if (ipv4 == 0) {
      throw underlay.field("ipv4", "").expected("a non-zero IPv4 address");
    }
    final long mac = underlay.field("mac", "the host's underlay MAC address").unicastMac();
    final int mtu =
        underlay
            .optional("mtu")
            .map(n -> n.integer(MIN_MTU, MAX_MTU))
            .orElse(HostConfig.DEFAULT_MTU);
    final OverlayProtocol protocol =
        OverlayProtocol.valueOf(
            overlay
                .field("protocol", "one of " + String.join(", ", PROTOCOLS))
                .oneOf(PROTOCOLS)
                .toUpperCase(Locale.ROOT));
    final int port =
        overlay.optional("udp-port").map(n -> n.integer(1, 65535)).orElse(protocol.udpPort());
    final boolean checksum = overlay.optional("udp-checksum").map(ConfigNode::bool).orElse(false);
    return new HostConfig(ipv4, mac, mtu, protocol, port, checksum);
  }

  @Override
  public HostConfig absent(final ConfigNode root, final VstackConfig earlier) {
    if (root.has(TenantsSection.INSTANCE.key()) || root.has(VtepsSection.INSTANCE.key())) {
      throw root.error("missing key \"host\" (the host's underlay address and overlay protocol)");
    }
    return null;
  }
}
