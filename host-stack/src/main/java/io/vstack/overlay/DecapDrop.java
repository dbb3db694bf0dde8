package io.vstack.overlay;

/**
 * What {@link Decapsulator} made of an underlay frame: {@link #PASS} (an inner frame for a tenant),
 * {@link #NOT_OVERLAY} (not overlay traffic for this host: ARP, ICMP, other UDP, which the underlay
 * host handles), or why an overlay frame was dropped. Counters index arrays by {@link #ordinal()}.
 */
public enum DecapDrop {
  /** A well-formed overlay frame: the inner frame and VNI are valid. */
  PASS,
  /** Not UDP to this host's overlay port: hand it to the underlay host. */
  NOT_OVERLAY,
  /** Overlay traffic to this host's underlay IP but another Ethernet destination. */
  NOT_FOR_THIS_HOST,
  /** Outer Ethernet or IPv4 header malformed (truncated, bad checksum, bad length, ...). */
  MALFORMED_OUTER,
  /**
   * An outer IPv4 fragment: VTEPs never fragment (RFC 7348 section 4.3), reassembly is not done.
   */
  OUTER_FRAGMENT,
  /** UDP length inconsistent with the IPv4 payload, or a wrong non-zero UDP checksum. */
  BAD_UDP,
  /** The VXLAN or Geneve header is malformed (I flag clear, bad version, option overrun). */
  MALFORMED_TUNNEL,
  /** A Geneve OAM (control) packet: not tenant data. */
  GENEVE_OAM,
  /** A Geneve packet with a critical option, none of which this host understands (RFC 8926). */
  GENEVE_CRITICAL_OPTION,
  /** A Geneve payload other than Ethernet. */
  UNSUPPORTED_PAYLOAD,
  /** The inner frame is shorter than an Ethernet header. */
  INNER_TRUNCATED;

  private static final DecapDrop[] VALUES = values();

  public static int count() {
    return VALUES.length;
  }

  /** The reason with this ordinal, without allocating. */
  public static DecapDrop of(final int ordinal) {
    return VALUES[ordinal];
  }
}
