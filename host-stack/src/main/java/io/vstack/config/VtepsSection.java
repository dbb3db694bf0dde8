package io.vstack.config;

import io.vstack.overlay.VtepTable;
import io.vstack.tenant.TenantRegistry;
import io.vstack.wire.Ipv4Address;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the optional {@code vteps} list: which remote host serves which tenant vIPs. Each (tenant,
 * vIP) may appear once, and not as a local address of the tenant or with this host as remote.
 *
 * <pre>
 * vteps:
 *   - tenant: blue
 *     host: 192.0.2.2
 *     vips: [10.0.0.2, 10.0.0.3]
 * </pre>
 */
public final class VtepsSection implements ConfigSection<VtepTable> {
  public static final VtepsSection INSTANCE = new VtepsSection();

  private static final List<String> KEYS = List.of("tenant", "host", "vips");

  private VtepsSection() {}

  @Override
  public String key() {
    return "vteps";
  }

  @Override
  public VtepTable read(final ConfigNode node, final VstackConfig earlier) {
    final TenantRegistry tenants = earlier.section(TenantsSection.INSTANCE);
    final int local = earlier.section(HostSection.INSTANCE).underlayIpv4();
    final ConfigNode.Uniques<Long> seen = new ConfigNode.Uniques<>("VTEP entry for vIP");
    final List<VtepTable.Remote> remotes = new ArrayList<>();
    for (final ConfigNode element : node.list("VTEP entries")) {
      element.mapping(KEYS);
      final ConfigNode tenantNode = element.field("tenant", "a tenant name");
      final String name = tenantNode.text("a tenant name");
      final int slot = tenants.slotOfName(name);
      if (slot == TenantRegistry.NO_SLOT) {
        throw tenantNode.expected(
            "a tenant name from the tenants section (" + names(tenants) + ")");
      }
      final ConfigNode hostNode = element.field("host", "the remote host's underlay IPv4");
      final int host = hostNode.ipv4();
      if (host == local || host == 0) {
        throw hostNode.expected("a remote host's underlay IPv4 (not 0.0.0.0 or this host's)");
      }
      for (final ConfigNode vipNode :
          element
              .field("vips", "a list of the tenant's IPv4 addresses on that host")
              .list("IPv4 addresses")) {
        final int vip = vipNode.ipv4();
        if (tenants.ownsIpv4(slot, vip)) {
          throw vipNode.error(
              "vIP " + Ipv4Address.toString(vip) + " is a local address of tenant " + name);
        }
        seen.add(((long) slot << 32) | (vip & 0xFFFF_FFFFL), Ipv4Address.toString(vip), vipNode);
        remotes.add(new VtepTable.Remote(slot, vip, host));
      }
    }
    return VtepTable.of(tenants, local, remotes);
  }

  private static String names(final TenantRegistry tenants) {
    final List<String> names = new ArrayList<>();
    for (int slot = 0; slot < tenants.size(); slot++) {
      names.add(tenants.tenant(slot).name());
    }
    return String.join(", ", names);
  }

  @Override
  public VtepTable absent(final ConfigNode root, final VstackConfig earlier) {
    if (earlier.host() == null) {
      return null;
    }
    return VtepTable.of(
        earlier.section(TenantsSection.INSTANCE),
        earlier.section(HostSection.INSTANCE).underlayIpv4(),
        List.of());
  }
}
