package io.vstack.wire;

/**
 * Why a received packet was rejected by a checked view. Every view's {@code wrap} returns one of
 * these instead of throwing, so a malformed packet costs a counter increment, never an exception.
 * {@link #OK} means the view is valid.
 */
public enum WireError {
  /** The view is valid. */
  OK,
  /** The buffer is shorter than the header or than a length field claims. */
  TRUNCATED,
  /** A version field holds a value this view does not parse (IPv4 != 4, IPv6 != 6, ...). */
  BAD_VERSION,
  /** A header-length field is below the minimum or points past the packet. */
  BAD_HEADER_LENGTH,
  /** A total/payload length field is inconsistent with the header or the buffer. */
  BAD_TOTAL_LENGTH,
  /** The checksum does not verify. */
  BAD_CHECKSUM,
  /** An IPv4 fragment: handed to the slow path, never parsed as a transport segment. */
  FRAGMENT,
  /** A malformed option (length 0/1, running past the header, wrong fixed length). */
  BAD_OPTION,
  /** A field holds a value the format does not allow (ARP hardware type, reserved flags, ...). */
  BAD_FIELD,
  /** A well-formed packet of a kind this stack does not handle (unknown EtherType, ...). */
  UNSUPPORTED;

  private static final WireError[] VALUES = values();

  /** Number of reasons, for sizing per-reason counter arrays indexed by {@link #ordinal()}. */
  public static int count() {
    return VALUES.length;
  }

  /** The reason with this ordinal, without allocating (unlike {@link #values()}). */
  public static WireError of(final int ordinal) {
    return VALUES[ordinal];
  }
}
