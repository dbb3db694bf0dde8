package io.vstack.wire;

import static java.nio.ByteOrder.BIG_ENDIAN;

import org.agrona.MutableDirectBuffer;

/**
 * Checked flyweight view of a VXLAN header (RFC 7348 section 5), carried in UDP to port {@link
 * OverlayProtocol#VXLAN}; the payload is an inner Ethernet frame.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |R|R|R|R|I|R|R|R|            Reserved                           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                VXLAN Network Identifier (VNI) |   Reserved    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>The I flag must be set (the VNI is valid); the R bits and reserved fields are ignored on
 * receive and written as zero, as the RFC requires.
 */
public final class VxlanHeader {
  public static final int FLAGS_OFFSET = 0;
  public static final int VNI_OFFSET = 4;
  public static final int HEADER_LENGTH = 8;

  /** The I flag: the VNI field is valid. */
  public static final int FLAG_VNI_VALID = 0x08;

  /** Largest VNI (24 bits). */
  public static final int MAX_VNI = 0xFF_FFFF;

  private MutableDirectBuffer buffer;
  private int offset;
  private int length;

  /**
   * Wraps and checks a received VXLAN header plus payload.
   *
   * @return {@link WireError#OK}, {@link WireError#TRUNCATED} when shorter than the header, or
   *     {@link WireError#BAD_FIELD} when the I flag is clear.
   */
  public WireError wrap(final MutableDirectBuffer buffer, final int offset, final int length) {
    this.buffer = buffer;
    this.offset = offset;
    this.length = length;
    if (Bounds.truncated(buffer, offset, length, HEADER_LENGTH)) {
      return WireError.TRUNCATED;
    }
    return (buffer.getByte(offset + FLAGS_OFFSET) & FLAG_VNI_VALID) == 0
        ? WireError.BAD_FIELD
        : WireError.OK;
  }

  /**
   * Wraps a buffer to write a new header (+ payload, {@code length} bytes in all); nothing is
   * checked.
   */
  public VxlanHeader wrapForEmit(
      final MutableDirectBuffer buffer, final int offset, final int length) {
    this.buffer = buffer;
    this.offset = offset;
    this.length = length;
    return this;
  }

  public MutableDirectBuffer buffer() {
    return buffer;
  }

  public int offset() {
    return offset;
  }

  public int length() {
    return length;
  }

  /** The 24-bit VXLAN network identifier. */
  public int vni() {
    return buffer.getInt(offset + VNI_OFFSET, BIG_ENDIAN) >>> 8;
  }

  /** Writes the whole header: I flag, VNI, zero reserved fields. */
  public VxlanHeader vni(final int vni) {
    buffer.putInt(offset + FLAGS_OFFSET, FLAG_VNI_VALID << 24, BIG_ENDIAN);
    buffer.putInt(offset + VNI_OFFSET, (vni & MAX_VNI) << 8, BIG_ENDIAN);
    return this;
  }

  /** Offset of the inner Ethernet frame. */
  public int payloadOffset() {
    return offset + HEADER_LENGTH;
  }

  public int payloadLength() {
    return length - HEADER_LENGTH;
  }
}
