package io.vstack.mode;

import io.vstack.overlay.OverlaySettings;
import io.vstack.overlay.VtepTable;
import io.vstack.tenant.Tenant;
import io.vstack.tenant.TenantRegistry;
import io.vstack.tenant.VirtualInterface;
import io.vstack.wire.Ipv4Address;
import io.vstack.wire.OverlayProtocol;
import java.util.ArrayList;
import java.util.List;

/**
 * Addresses and tenants of one host of a two-host setup: its underlay address and MAC, its tenants
 * (one virtual interface with one vIP each) and where the peer host's tenant addresses live.
 *
 * @param underlayIpv4 this host's underlay (or, unvirtualized, only) IPv4 address
 * @param underlayMac this host's underlay MAC
 * @param peerUnderlayIpv4 the other host's underlay IPv4 address
 * @param peerUnderlayMac the other host's underlay MAC (known up front, no underlay ARP)
 * @param overlay encapsulation settings of this host
 * @param registry the tenants on this host, slot = tenant index
 * @param vteps this host's tenants locally, the peer's tenant vIPs at the peer
 * @param peerTenantMacs per tenant slot, the vMAC of the tenant's interface on the peer host
 */
public record HostPlan(
    int underlayIpv4,
    long underlayMac,
    int peerUnderlayIpv4,
    long peerUnderlayMac,
    OverlaySettings overlay,
    TenantRegistry registry,
    VtepTable vteps,
    List<Long> peerTenantMacs) {
  /** Most tenants {@link #twoHosts} lays out (vIPs are 10.slot.0.host). */
  public static final int MAX_TENANTS = 250;

  /** Tenants served by this host. */
  public int tenants() {
    return registry.size();
  }

  /** The vIP of the tenant in {@code slot} on this host. */
  public int tenantAddress(final int slot) {
    return registry.tenant(slot).interfaces().getFirst().ipv4().getFirst();
  }

  /** The vMAC of the tenant in {@code slot} on this host. */
  public long tenantMac(final int slot) {
    return registry.tenant(slot).interfaces().getFirst().mac();
  }

  /** The vMAC of the tenant in {@code slot} on the peer host. */
  public long peerTenantMac(final int slot) {
    return peerTenantMacs.get(slot);
  }

  /**
   * Two hosts, 192.0.2.1 and 192.0.2.2 on the underlay, each serving {@code tenants} tenants:
   * tenant {@code t} has VNI 1000+t and vIP 10.t.0.1 on the first host, 10.t.0.2 on the second.
   *
   * @return the plans of the first and the second host
   */
  public static HostPlan[] twoHosts(final int tenants, final OverlayProtocol protocol) {
    if (tenants < 1 || tenants > MAX_TENANTS) {
      throw new IllegalArgumentException("tenants must be 1.." + MAX_TENANTS + ": " + tenants);
    }
    final HostPlan[] plans = new HostPlan[2];
    for (int host = 0; host < 2; host++) {
      final int peer = 1 - host;
      final List<Tenant> list = new ArrayList<>(tenants);
      final List<VtepTable.Remote> remotes = new ArrayList<>(tenants);
      final List<Long> peerMacs = new ArrayList<>(tenants);
      for (int t = 0; t < tenants; t++) {
        list.add(
            Tenant.of(
                t + 1,
                "tenant-" + t,
                1000 + t,
                List.of(
                    new VirtualInterface(tenantMac(host, t), List.of(vip(host, t)), List.of()))));
        remotes.add(new VtepTable.Remote(t, vip(peer, t), underlay(peer)));
        peerMacs.add(tenantMac(peer, t));
      }
      final TenantRegistry registry = TenantRegistry.of(list);
      plans[host] =
          new HostPlan(
              underlay(host),
              underlayMac(host),
              underlay(peer),
              underlayMac(peer),
              OverlaySettings.of(protocol, underlay(host), underlayMac(host)),
              registry,
              VtepTable.of(registry, underlay(host), remotes),
              List.copyOf(peerMacs));
    }
    return plans;
  }

  private static int underlay(final int host) {
    return Ipv4Address.parse("192.0.2." + (host + 1));
  }

  private static long underlayMac(final int host) {
    return 0x0200_00C0_0000L + host + 1;
  }

  private static int vip(final int host, final int tenant) {
    return Ipv4Address.parse("10." + tenant + ".0." + (host + 1));
  }

  private static long tenantMac(final int host, final int tenant) {
    return 0x0200_0A00_0000L | ((long) tenant << 8) | (host + 1);
  }
}
