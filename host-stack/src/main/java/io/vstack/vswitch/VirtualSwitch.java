package io.vstack.vswitch;

import io.vstack.overlay.VtepTable;
import io.vstack.tenant.TenantDrop;
import io.vstack.tenant.TenantRegistry;
import java.util.Arrays;

/**
 * Decides where a packet a tenant sends to a virtual IPv4 address goes: to a tenant on this host
 * (the sender itself, or a peer tenant: both list each other, {@link TenantRegistry#checkPeer}), to
 * a remote VTEP through the overlay, or nowhere. Traffic between tenants that are not peers is
 * refused ({@link #ISOLATED}), which is the default.
 *
 * <p>Lookups: the sender's own (slot, vIP) in the {@link VtepTable} first (its local and remote
 * addresses), then the vIPs of its peers on this host. Only a packet that has no route at all pays
 * for the scan that tells {@link #ISOLATED} (another tenant here owns the address) from {@link
 * #NO_ROUTE}. Immutable tables; allocation-free.
 */
public final class VirtualSwitch {
  /** {@link #route}: through the overlay to {@link #remoteUnderlay()}. */
  public static final int REMOTE = -1;

  /** {@link #route}: the address belongs to a tenant on this host that is not a peer. */
  public static final int ISOLATED = -2;

  /** {@link #route}: no tenant reachable from the sender owns the address. */
  public static final int NO_ROUTE = -3;

  private final TenantRegistry registry;
  private final VtepTable vteps;
  private final int[][] peers;
  private int remoteUnderlay;

  public VirtualSwitch(final TenantRegistry registry, final VtepTable vteps) {
    this.registry = registry;
    this.vteps = vteps;
    this.peers = new int[registry.size()][];
    for (int slot = 0; slot < peers.length; slot++) {
      int count = 0;
      final int[] found = new int[registry.size()];
      for (int other = 0; other < peers.length; other++) {
        if (other != slot && registry.checkPeer(slot, other) == TenantDrop.PASS) {
          found[count++] = other;
        }
      }
      peers[slot] = Arrays.copyOf(found, count);
    }
  }

  /**
   * Where a packet from the tenant in {@code slot} to its virtual {@code destination} goes.
   *
   * @return the slot of the local tenant that receives it (possibly {@code slot} itself), {@link
   *     #REMOTE} (then {@link #remoteUnderlay()} says where), {@link #ISOLATED} or {@link
   *     #NO_ROUTE}
   */
  public int route(final int slot, final int destination) {
    final long underlay = vteps.underlayOf(slot, destination);
    if (underlay != VtepTable.NOT_FOUND) {
      if (underlay == (vteps.localUnderlay() & 0xFFFF_FFFFL)) {
        return slot;
      }
      remoteUnderlay = (int) underlay;
      return REMOTE;
    }
    for (final int peer : peers[slot]) {
      if (registry.ownsIpv4(peer, destination)) {
        return peer;
      }
    }
    for (int other = 0; other < registry.size(); other++) {
      if (registry.ownsIpv4(other, destination)) {
        return ISOLATED;
      }
    }
    return NO_ROUTE;
  }

  /** The underlay IPv4 of the VTEP of the last {@link #REMOTE} route. */
  public int remoteUnderlay() {
    return remoteUnderlay;
  }
}
