package io.vstack.fastpath;

/**
 * Why the fused fast path dropped a frame or a segment, for the reasons that {@link
 * io.vstack.overlay.DecapDrop}, {@link io.vstack.tenant.TenantDrop} and {@link
 * io.vstack.overlay.EncapDrop} do not already name. Counters index arrays by {@link #ordinal()}.
 */
public enum FastPathDrop {
  /** No tenant reachable from the sender owns the destination vIP, here or at any VTEP. */
  NO_ROUTE,
  /**
   * The remote tenant address has no known inner MAC yet: an inner ARP request went out through the
   * overlay and the segment was dropped (TCP retransmits it).
   */
  NO_INNER_NEIGHBOR,
  /** The port's transmit burst was full and the port took nothing more. */
  TX_FULL,
  /** Frames the port refused at the end of a burst. */
  PORT_REFUSED,
  /** The local (tenant-to-tenant) ring was full. */
  LOCAL_FULL,
  /** An inner IPv4 packet for an address the tenant does not own. */
  NOT_TENANT_ADDRESS,
  /** An inner IPv4 fragment (tenant TCP sets DF; reassembly is not done). */
  INNER_FRAGMENT,
  /** An inner TCP segment with a malformed header, bad options or a wrong checksum. */
  MALFORMED_TCP,
  /** An inner IPv4 protocol other than TCP and ICMP, or an ICMP message other than echo. */
  UNSUPPORTED_PROTOCOL,
  /** A frame marked with a slot that no tenant has. */
  BAD_MARK;

  private static final FastPathDrop[] VALUES = values();

  public static int count() {
    return VALUES.length;
  }

  /** The reason with this ordinal, without allocating. */
  public static FastPathDrop of(final int ordinal) {
    return VALUES[ordinal];
  }
}
