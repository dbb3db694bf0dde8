package io.vstack.txqueue;

/**
 * Why a record of a tenant's transmit queue was skipped instead of becoming a frame. The queue's
 * memory is tenant-writable, so these count a misbehaving (or buggy) tenant, never a stack error;
 * counters are arrays indexed by {@link #ordinal()}.
 */
public enum TxQueueDrop {
  /**
   * The record's length is below the header's or runs past the end of the ring: the next record
   * cannot be found, so the reader skips to the start of the ring's next lap.
   */
  CORRUPT_HEADER,
  /** A record type other than a frame or padding. */
  UNKNOWN_TYPE,
  /** A frame shorter than an Ethernet header. */
  FRAME_TOO_SHORT,
  /** A frame longer than the queue's maximum frame length (or a receive batch slot). */
  FRAME_TOO_LONG;

  private static final TxQueueDrop[] VALUES = values();

  /** Number of reasons, for sizing per-reason counter arrays. */
  public static int count() {
    return VALUES.length;
  }

  /** The reason with this ordinal, without allocating. */
  public static TxQueueDrop of(final int ordinal) {
    return VALUES[ordinal];
  }
}
