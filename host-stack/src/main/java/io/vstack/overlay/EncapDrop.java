package io.vstack.overlay;

/**
 * Why a tenant frame was not encapsulated onto the underlay, or {@link #PASS}. (Frames refused by
 * the anti-spoofing check are counted by their {@link io.vstack.tenant.TenantDrop} instead.)
 */
public enum EncapDrop {
  /** Encapsulated and handed to the underlay port. */
  PASS,
  /** No VTEP serves the destination vIP in this tenant (or the destination is not unicast IPv4). */
  NO_VTEP,
  /** The destination is a vIP of the same tenant on this host: the virtual switch's job. */
  LOCAL_DESTINATION,
  /** The remote VTEP's underlay MAC is not known yet (learned from its ARP and overlay traffic). */
  NO_UNDERLAY_NEIGHBOR,
  /** The encapsulated frame would exceed the underlay port's largest frame. */
  TOO_LONG;

  private static final EncapDrop[] VALUES = values();

  public static int count() {
    return VALUES.length;
  }

  /** The reason with this ordinal, without allocating. */
  public static EncapDrop of(final int ordinal) {
    return VALUES[ordinal];
  }
}
