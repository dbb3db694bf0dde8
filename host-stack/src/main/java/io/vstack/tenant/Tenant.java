package io.vstack.tenant;

import io.vstack.wire.VxlanHeader;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An isolation domain (VM, container) served by the shared stack: its identity, overlay VNI,
 * virtual interfaces and scheduling share. Tenants may use overlapping address ranges: an address
 * means something only together with its tenant.
 *
 * @param id stable numeric id, 1..{@link #MAX_ID}; NIC rules MARK packets with it
 * @param name unique human name, {@link #NAME_PATTERN}
 * @param vni overlay network identifier, 0..2^24-1, unique per tenant
 * @param interfaces the tenant's virtual NICs on this host
 * @param weight share in the weighted scheduler, 1..{@link #MAX_WEIGHT}
 * @param cycleCapPercent hard cap on the tenant's share of one lane's cycles, 1..100, or {@link
 *     #NO_CAP}
 * @param peers ids of tenants this one agrees to talk to; empty means isolated. Traffic flows only
 *     when both sides list each other (mutual consent, so one tenant cannot open a path into
 *     another on its own).
 */
public record Tenant(
    int id,
    String name,
    int vni,
    List<VirtualInterface> interfaces,
    int weight,
    int cycleCapPercent,
    Set<Integer> peers) {
  /** Largest tenant id: ids fit the 16 bits that NIC MARK values and registry keys reserve. */
  public static final int MAX_ID = 0xFFFF;

  public static final int MAX_WEIGHT = 1_000_000;

  /** {@link #cycleCapPercent} of a tenant without a hard cap (work-conserving only). */
  public static final int NO_CAP = 0;

  /** Lower-case letters, digits and dashes, starting with a letter, at most 32 characters. */
  public static final Pattern NAME_PATTERN = Pattern.compile("[a-z][a-z0-9-]{0,31}");

  public Tenant {
    if (id < 1 || id > MAX_ID) {
      throw new IllegalArgumentException("tenant id must be 1.." + MAX_ID + ": " + id);
    }
    if (name == null || !NAME_PATTERN.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "tenant name must match " + NAME_PATTERN.pattern() + ": " + name);
    }
    if (vni < 0 || vni > VxlanHeader.MAX_VNI) {
      throw new IllegalArgumentException(
          "tenant VNI must be 0.." + VxlanHeader.MAX_VNI + ": " + vni);
    }
    if (weight < 1 || weight > MAX_WEIGHT) {
      throw new IllegalArgumentException("tenant weight must be 1.." + MAX_WEIGHT + ": " + weight);
    }
    if (cycleCapPercent != NO_CAP && (cycleCapPercent < 1 || cycleCapPercent > 100)) {
      throw new IllegalArgumentException("tenant cycle cap must be 1..100 %: " + cycleCapPercent);
    }
    interfaces = List.copyOf(interfaces);
    peers = Set.copyOf(peers);
  }

  /** An isolated tenant with weight 1 and no cap. */
  public static Tenant of(
      final int id, final String name, final int vni, final List<VirtualInterface> interfaces) {
    return new Tenant(id, name, vni, interfaces, 1, NO_CAP, Set.of());
  }

  public boolean hasCycleCap() {
    return cycleCapPercent != NO_CAP;
  }
}
