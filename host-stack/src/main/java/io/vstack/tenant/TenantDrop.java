package io.vstack.tenant;

/**
 * Why a tenant check refused a frame, or {@link #PASS}. Checks return one of these instead of
 * throwing, so a refused frame costs one counter increment; counters are arrays indexed by {@link
 * #ordinal()}.
 */
public enum TenantDrop {
  /** The frame may go on. */
  PASS,
  /** The overlay VNI belongs to no tenant of this host. */
  UNKNOWN_VNI,
  /** The inner source MAC is not one of the tenant's (or is a group address). */
  SPOOFED_SOURCE_MAC,
  /**
   * The inner source IP (or ARP sender address) is not the tenant's, or, from the overlay, not
   * known to live at the VTEP that sent it.
   */
  SPOOFED_SOURCE_IP,
  /** Source and destination belong to different tenants that have not both allowed each other. */
  ISOLATED,
  /** The inner frame's headers are malformed (truncated, bad checksum, ...). */
  MALFORMED_INNER,
  /**
   * An inner frame of a kind the checks do not cover (unknown EtherType, IPv6 from the overlay).
   */
  UNSUPPORTED_INNER;

  private static final TenantDrop[] VALUES = values();

  /** Number of reasons, for sizing per-reason counter arrays. */
  public static int count() {
    return VALUES.length;
  }

  /** The reason with this ordinal, without allocating. */
  public static TenantDrop of(final int ordinal) {
    return VALUES[ordinal];
  }
}
