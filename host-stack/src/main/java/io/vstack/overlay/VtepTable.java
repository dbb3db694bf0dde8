package io.vstack.overlay;

import io.vstack.tenant.Tenant;
import io.vstack.tenant.TenantRegistry;
import io.vstack.tenant.VirtualInterface;
import io.vstack.wire.Ipv4Address;
import java.util.List;
import org.agrona.collections.Long2LongHashMap;

/**
 * Where a tenant's virtual IPv4 address lives: (tenant slot, vIP) → underlay IPv4 of the host that
 * serves it, this host included. Keyed by tenant, so overlapping tenant ranges map independently.
 * Immutable once built; lookups allocate nothing.
 */
public final class VtepTable {
  /** Returned by {@link #underlayOf} for an address no VTEP serves. */
  public static final long NOT_FOUND = -1L;

  /** A remote tenant address: tenant slot, virtual IPv4, underlay IPv4 of its host. */
  public record Remote(int slot, int virtualIpv4, int underlayIpv4) {}

  private final int localUnderlay;
  private final Long2LongHashMap underlayByAddress = new Long2LongHashMap(NOT_FOUND);
  private final List<Remote> remotes;

  private VtepTable(final int localUnderlay, final List<Remote> remotes) {
    this.localUnderlay = localUnderlay;
    this.remotes = List.copyOf(remotes);
  }

  /**
   * Maps every local tenant address to {@code localUnderlay} and every remote entry to its host.
   *
   * @throws IllegalArgumentException when a remote entry repeats a (tenant, vIP) pair, names a
   *     local address of its tenant, or names this host as the remote
   */
  public static VtepTable of(
      final TenantRegistry registry, final int localUnderlay, final List<Remote> remotes) {
    final VtepTable table = new VtepTable(localUnderlay, remotes);
    for (int slot = 0; slot < registry.size(); slot++) {
      for (final VirtualInterface vif : registry.tenant(slot).interfaces()) {
        for (final int address : vif.ipv4()) {
          table.underlayByAddress.put(key(slot, address), localUnderlay & 0xFFFF_FFFFL);
        }
      }
    }
    for (final Remote remote : remotes) {
      final Tenant tenant = registry.tenant(remote.slot());
      final String where =
          "tenant " + tenant.name() + " vIP " + Ipv4Address.toString(remote.virtualIpv4());
      if (remote.underlayIpv4() == localUnderlay) {
        throw new IllegalArgumentException(where + ": remote host is this host's underlay address");
      }
      final long previous =
          table.underlayByAddress.put(
              key(remote.slot(), remote.virtualIpv4()), remote.underlayIpv4() & 0xFFFF_FFFFL);
      if (previous != NOT_FOUND) {
        throw new IllegalArgumentException(
            where
                + (previous == (localUnderlay & 0xFFFF_FFFFL)
                    ? ": already a local address of the tenant"
                    : ": listed twice"));
      }
    }
    return table;
  }

  /** The underlay IPv4 (as an unsigned value) serving the tenant's vIP, or {@link #NOT_FOUND}. */
  public long underlayOf(final int slot, final int virtualIpv4) {
    return underlayByAddress.get(key(slot, virtualIpv4));
  }

  /** Whether the tenant's vIP is served by this host. */
  public boolean isLocal(final int slot, final int virtualIpv4) {
    return underlayOf(slot, virtualIpv4) == (localUnderlay & 0xFFFF_FFFFL);
  }

  /** The remote entries the table was built from, in their order. */
  public List<Remote> remotes() {
    return remotes;
  }

  /** This host's underlay IPv4. */
  public int localUnderlay() {
    return localUnderlay;
  }

  private static long key(final int slot, final int address) {
    return ((long) slot << 32) | (address & 0xFFFF_FFFFL);
  }
}
