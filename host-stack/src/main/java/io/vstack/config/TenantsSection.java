package io.vstack.config;

import io.vstack.tenant.Tenant;
import io.vstack.tenant.TenantRegistry;
import io.vstack.tenant.VirtualInterface;
import io.vstack.wire.Ipv4Address;
import io.vstack.wire.Ipv6Address;
import io.vstack.wire.MacAddress;
import io.vstack.wire.VxlanHeader;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the {@code tenants} list into a {@link TenantRegistry}. Ids, names and VNIs must be unique
 * across tenants; MACs and addresses only within a tenant (tenants may overlap). Peers are named
 * and must exist.
 *
 * <pre>
 * tenants:
 *   - id: 1
 *     name: blue
 *     vni: 100
 *     weight: 2          # optional, default 1
 *     cycle-cap: 50      # optional, % of one lane's cycles; default none
 *     peers: [red]       # optional, default none (isolated)
 *     interfaces:
 *       - mac: "02:00:00:00:01:01"
 *         ipv4: [10.0.0.1]
 *         ipv6: ["fd00::1"]
 * </pre>
 */
public final class TenantsSection implements ConfigSection<TenantRegistry> {
  public static final TenantsSection INSTANCE = new TenantsSection();

  private static final List<String> KEYS =
      List.of("id", "name", "vni", "weight", "cycle-cap", "peers", "interfaces");
  private static final List<String> INTERFACE_KEYS = List.of("mac", "ipv4", "ipv6");
  private static final String NAME = "a name of lower-case letters, digits and dashes";

  private TenantsSection() {}

  @Override
  public String key() {
    return "tenants";
  }

  @Override
  public TenantRegistry read(final ConfigNode node, final VstackConfig earlier) {
    final List<ConfigNode> elements = node.list("tenants");
    final ConfigNode.Uniques<Integer> ids = new ConfigNode.Uniques<>("tenant id");
    final ConfigNode.Uniques<String> names = new ConfigNode.Uniques<>("tenant name");
    final ConfigNode.Uniques<Integer> vnis = new ConfigNode.Uniques<>("VNI");
    final List<ConfigNode> tenantNodes = new ArrayList<>();
    final List<Tenant> partial = new ArrayList<>();
    for (final ConfigNode element : elements) {
      element.mapping(KEYS);
      final ConfigNode idNode = element.field("id", "an integer 1.." + Tenant.MAX_ID);
      final int id = idNode.integer(1, Tenant.MAX_ID);
      ids.add(id, String.valueOf(id), idNode);
      final ConfigNode nameNode = element.field("name", NAME);
      final String name = nameNode.matching(Tenant.NAME_PATTERN, NAME + " (at most 32)");
      names.add(name, name, nameNode);
      final ConfigNode vniNode = element.field("vni", "an integer 0.." + VxlanHeader.MAX_VNI);
      final int vni = vniNode.integer(0, VxlanHeader.MAX_VNI);
      vnis.add(vni, String.valueOf(vni), vniNode);
      final int weight =
          element.optional("weight").map(n -> n.integer(1, Tenant.MAX_WEIGHT)).orElse(1);
      final int cap =
          element.optional("cycle-cap").map(n -> n.integer(1, 100)).orElse(Tenant.NO_CAP);
      final List<VirtualInterface> interfaces =
          interfaces(element.field("interfaces", "a list of virtual interfaces"));
      partial.add(new Tenant(id, name, vni, interfaces, weight, cap, Set.of()));
      tenantNodes.add(element);
    }
    return TenantRegistry.of(withPeers(partial, tenantNodes));
  }

  private static List<VirtualInterface> interfaces(final ConfigNode node) {
    final ConfigNode.Uniques<Long> macs = new ConfigNode.Uniques<>("virtual MAC");
    final ConfigNode.Uniques<Integer> ipv4s = new ConfigNode.Uniques<>("IPv4 address");
    final ConfigNode.Uniques<Ipv6Address> ipv6s = new ConfigNode.Uniques<>("IPv6 address");
    final List<VirtualInterface> interfaces = new ArrayList<>();
    for (final ConfigNode element : node.list("virtual interfaces")) {
      element.mapping(INTERFACE_KEYS);
      final ConfigNode macNode = element.field("mac", "the interface's virtual MAC");
      final long mac = macNode.unicastMac();
      macs.add(mac, MacAddress.toString(mac), macNode);
      final List<Integer> ipv4 = new ArrayList<>();
      for (final ConfigNode address : addresses(element, "ipv4")) {
        final int value = address.ipv4();
        ipv4s.add(value, Ipv4Address.toString(value), address);
        ipv4.add(value);
      }
      final List<Ipv6Address> ipv6 = new ArrayList<>();
      for (final ConfigNode address : addresses(element, "ipv6")) {
        final Ipv6Address value = address.ipv6();
        ipv6s.add(value, value.toString(), address);
        ipv6.add(value);
      }
      interfaces.add(new VirtualInterface(mac, ipv4, ipv6));
    }
    return interfaces;
  }

  private static List<ConfigNode> addresses(final ConfigNode element, final String key) {
    return element.optional(key).map(n -> n.list(key + " addresses")).orElse(List.of());
  }

  // Peers name tenants that may come later in the file, so they resolve after all are read.
  private static List<Tenant> withPeers(final List<Tenant> tenants, final List<ConfigNode> nodes) {
    final Map<String, Integer> idByName = new java.util.LinkedHashMap<>();
    for (final Tenant tenant : tenants) {
      idByName.put(tenant.name(), tenant.id());
    }
    final List<Tenant> result = new ArrayList<>();
    for (int i = 0; i < tenants.size(); i++) {
      final Tenant tenant = tenants.get(i);
      final Set<Integer> peers = new HashSet<>();
      final ConfigNode.Uniques<String> seen = new ConfigNode.Uniques<>("peer");
      final List<ConfigNode> peerNodes =
          nodes.get(i).optional("peers").map(n -> n.list("tenant names")).orElse(List.of());
      for (final ConfigNode peerNode : peerNodes) {
        final String peer = peerNode.text("a tenant name");
        final Integer id = idByName.get(peer);
        if (id == null || peer.equals(tenant.name())) {
          throw peerNode.expected(
              "the name of another tenant (" + String.join(", ", idByName.keySet()) + ")");
        }
        seen.add(peer, peer, peerNode);
        peers.add(id);
      }
      result.add(
          new Tenant(
              tenant.id(),
              tenant.name(),
              tenant.vni(),
              tenant.interfaces(),
              tenant.weight(),
              tenant.cycleCapPercent(),
              peers));
    }
    return result;
  }

  @Override
  public TenantRegistry absent(final ConfigNode root, final VstackConfig earlier) {
    return TenantRegistry.of(List.of());
  }
}
