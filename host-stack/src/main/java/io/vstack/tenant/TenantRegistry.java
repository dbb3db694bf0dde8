package io.vstack.tenant;

import io.vstack.wire.Ipv4Address;
import io.vstack.wire.Ipv6Address;
import io.vstack.wire.MacAddress;
import java.util.ArrayList;
import java.util.List;
import org.agrona.collections.Int2IntHashMap;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.LongHashSet;

/**
 * The tenants of this host, compiled into primitive hash tables for the fast path. Each tenant gets
 * a dense <em>slot</em> (0..size-1) that per-tenant arrays (counters, ledgers, ports) index.
 *
 * <p>Addresses are keyed by (slot, address), never by address alone, so tenants with overlapping
 * ranges coexist. Immutable once built: a configuration change builds a new registry and swaps it
 * in, so readers need no locks; every lookup is allocation-free.
 */
public final class TenantRegistry {
  /** Returned by slot lookups that find nothing. */
  public static final int NO_SLOT = -1;

  /** Returned by MAC lookups that find nothing. */
  public static final long NO_MAC = -1L;

  private final Tenant[] tenants;
  private final Int2IntHashMap slotByVni = new Int2IntHashMap(NO_SLOT);
  private final Int2IntHashMap slotById = new Int2IntHashMap(NO_SLOT);
  private final Long2LongHashMap macByIpv4 = new Long2LongHashMap(NO_MAC);
  private final LongHashSet macs = new LongHashSet();
  private final LongHashSet allowedPairs = new LongHashSet();
  private final Ipv6OwnerTable ipv6;

  private TenantRegistry(final List<Tenant> tenants) {
    this.tenants = tenants.toArray(new Tenant[0]);
    int ipv6Count = 0;
    for (final Tenant tenant : tenants) {
      for (final VirtualInterface vif : tenant.interfaces()) {
        ipv6Count += vif.ipv6().size();
      }
    }
    this.ipv6 = new Ipv6OwnerTable(ipv6Count);
  }

  /**
   * Compiles tenants into a registry; slots follow list order.
   *
   * @throws IllegalArgumentException naming the tenant when an id, name or VNI repeats, a tenant
   *     lists the same MAC or address twice, names an unknown peer, or there are more than {@link
   *     Tenant#MAX_ID} tenants.
   */
  public static TenantRegistry of(final List<Tenant> tenants) {
    if (tenants.size() > Tenant.MAX_ID) {
      throw new IllegalArgumentException("at most " + Tenant.MAX_ID + " tenants");
    }
    final TenantRegistry registry = new TenantRegistry(tenants);
    final List<String> names = new ArrayList<>();
    for (int slot = 0; slot < tenants.size(); slot++) {
      final Tenant tenant = tenants.get(slot);
      if (registry.slotById.put(tenant.id(), slot) != NO_SLOT) {
        throw duplicate(tenant, "id " + tenant.id());
      }
      if (registry.slotByVni.put(tenant.vni(), slot) != NO_SLOT) {
        throw duplicate(tenant, "VNI " + tenant.vni());
      }
      if (names.contains(tenant.name())) {
        throw duplicate(tenant, "name");
      }
      names.add(tenant.name());
      registry.addInterfaces(slot, tenant);
    }
    for (int slot = 0; slot < tenants.size(); slot++) {
      for (final int peerId : tenants.get(slot).peers()) {
        final int peer = registry.slotById.get(peerId);
        if (peer == NO_SLOT) {
          throw new IllegalArgumentException(
              "tenant " + tenants.get(slot).name() + " lists unknown peer tenant id " + peerId);
        }
        registry.allowedPairs.add(pairKey(slot, peer));
      }
    }
    return registry;
  }

  private void addInterfaces(final int slot, final Tenant tenant) {
    for (final VirtualInterface vif : tenant.interfaces()) {
      if (!macs.add(macKey(slot, vif.mac()))) {
        throw duplicate(tenant, "virtual MAC " + MacAddress.toString(vif.mac()));
      }
      for (final int address : vif.ipv4()) {
        if (macByIpv4.put(ipv4Key(slot, address), vif.mac()) != NO_MAC) {
          throw duplicate(tenant, "IPv4 " + Ipv4Address.toString(address));
        }
      }
      for (final Ipv6Address address : vif.ipv6()) {
        if (!ipv6.put(slot, address.hi(), address.lo(), vif.mac())) {
          throw duplicate(tenant, "IPv6 " + address);
        }
      }
    }
  }

  private static IllegalArgumentException duplicate(final Tenant tenant, final String what) {
    return new IllegalArgumentException("tenant " + tenant.name() + ": duplicate " + what);
  }

  /** Number of tenants (slots are 0..size-1). */
  public int size() {
    return tenants.length;
  }

  public Tenant tenant(final int slot) {
    return tenants[slot];
  }

  /** The slot of the tenant with this VNI, or {@link #NO_SLOT}. */
  public int slotOfVni(final int vni) {
    return slotByVni.get(vni);
  }

  /** The slot of the tenant with this id (e.g. a NIC MARK), or {@link #NO_SLOT}. */
  public int slotOfId(final int id) {
    return slotById.get(id);
  }

  /** The slot of the tenant with this name, or {@link #NO_SLOT}. Control plane only (linear). */
  public int slotOfName(final String name) {
    for (int slot = 0; slot < tenants.length; slot++) {
      if (tenants[slot].name().equals(name)) {
        return slot;
      }
    }
    return NO_SLOT;
  }

  /** The virtual MAC behind the tenant's IPv4 address, or {@link #NO_MAC} if it owns none such. */
  public long macOfIpv4(final int slot, final int address) {
    return macByIpv4.get(ipv4Key(slot, address));
  }

  /** The virtual MAC behind the tenant's IPv6 address, or {@link #NO_MAC}. */
  public long macOfIpv6(final int slot, final long hi, final long lo) {
    return ipv6.get(slot, hi, lo);
  }

  public boolean ownsIpv4(final int slot, final int address) {
    return macOfIpv4(slot, address) != NO_MAC;
  }

  public boolean ownsIpv6(final int slot, final long hi, final long lo) {
    return macOfIpv6(slot, hi, lo) != NO_MAC;
  }

  public boolean ownsMac(final int slot, final long mac) {
    return macs.contains(macKey(slot, mac));
  }

  /**
   * Whether traffic may flow from tenant {@code from} to tenant {@code to}.
   *
   * @return {@link TenantDrop#PASS} within one tenant or between tenants that list each other, else
   *     {@link TenantDrop#ISOLATED}
   */
  public TenantDrop checkPeer(final int from, final int to) {
    if (from == to
        || (allowedPairs.contains(pairKey(from, to)) && allowedPairs.contains(pairKey(to, from)))) {
      return TenantDrop.PASS;
    }
    return TenantDrop.ISOLATED;
  }

  /**
   * Anti-spoofing for a frame a local tenant sends: its source MAC and IPv4 source must be the
   * tenant's own.
   */
  public TenantDrop checkSource(final int slot, final long sourceMac, final int sourceIpv4) {
    if (!ownsMac(slot, sourceMac)) {
      return TenantDrop.SPOOFED_SOURCE_MAC;
    }
    return ownsIpv4(slot, sourceIpv4) ? TenantDrop.PASS : TenantDrop.SPOOFED_SOURCE_IP;
  }

  // Slots < 2^16 and MACs < 2^48, so both fit one long without collisions.
  private static long macKey(final int slot, final long mac) {
    return ((long) slot << 48) | mac;
  }

  private static long ipv4Key(final int slot, final int address) {
    return ((long) slot << 32) | (address & 0xFFFF_FFFFL);
  }

  private static long pairKey(final int from, final int to) {
    return ((long) from << 32) | to;
  }
}
