package io.vstack.wire;

import static java.nio.ByteOrder.BIG_ENDIAN;

import org.agrona.MutableDirectBuffer;

/**
 * Checked flyweight view of an Ethernet II frame, optionally with one IEEE 802.1Q tag.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Destination MAC (6 octets)                 |
 * +                               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                               |                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+        Source MAC             +
 * |                           (6 octets)                          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   TPID 0x8100 (optional)      | PCP |D|  VLAN id (optional)   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |          EtherType            |   Payload ...
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>Usage, as for every view in this package: {@link #wrap} checks and returns a {@link WireError}
 * (never throws for packet content); accessors are valid only after {@link WireError#OK}. {@link
 * #wrapForEmit} skips the checks to write a new frame. One instance is reused for many packets, so
 * the hot path allocates nothing.
 */
public final class EthernetFrame {
  public static final int DESTINATION_OFFSET = 0;
  public static final int SOURCE_OFFSET = 6;
  public static final int TYPE_OFFSET = 12;
  public static final int HEADER_LENGTH = 14;
  public static final int VLAN_TAG_LENGTH = 4;
  public static final int TPID_VLAN = 0x8100;

  public static final int TYPE_IPV4 = 0x0800;
  public static final int TYPE_ARP = 0x0806;
  public static final int TYPE_IPV6 = 0x86DD;

  /** Values below this are IEEE 802.3 lengths, not EtherTypes. */
  private static final int MIN_ETHER_TYPE = 0x0600;

  private MutableDirectBuffer buffer;
  private int offset;
  private int length;
  private int headerLength;

  /**
   * Wraps and checks a received frame.
   *
   * @return {@link WireError#OK}, {@link WireError#TRUNCATED} when shorter than its header, or
   *     {@link WireError#UNSUPPORTED} for 802.3 length frames and stacked tags.
   */
  public WireError wrap(final MutableDirectBuffer buffer, final int offset, final int length) {
    this.buffer = buffer;
    this.offset = offset;
    this.length = length;
    this.headerLength = HEADER_LENGTH;
    if (Bounds.truncated(buffer, offset, length, HEADER_LENGTH)) {
      return WireError.TRUNCATED;
    }
    int type = buffer.getShort(offset + TYPE_OFFSET, BIG_ENDIAN) & 0xFFFF;
    if (type == TPID_VLAN) {
      if (length < HEADER_LENGTH + VLAN_TAG_LENGTH) {
        return WireError.TRUNCATED;
      }
      headerLength = HEADER_LENGTH + VLAN_TAG_LENGTH;
      type = etherType();
      if (type == TPID_VLAN) {
        return WireError.UNSUPPORTED;
      }
    }
    return type < MIN_ETHER_TYPE ? WireError.UNSUPPORTED : WireError.OK;
  }

  /**
   * Wraps a buffer to write a new frame of {@code length} bytes (header + payload); nothing is
   * checked or read. Call {@link #vlanTagged(boolean)} before the setters when emitting a tag.
   */
  public EthernetFrame wrapForEmit(
      final MutableDirectBuffer buffer, final int offset, final int length) {
    this.buffer = buffer;
    this.offset = offset;
    this.length = length;
    this.headerLength = HEADER_LENGTH;
    return this;
  }

  /** Sets whether the frame being emitted carries an 802.1Q tag (writes the TPID). */
  public EthernetFrame vlanTagged(final boolean tagged) {
    headerLength = tagged ? HEADER_LENGTH + VLAN_TAG_LENGTH : HEADER_LENGTH;
    if (tagged) {
      buffer.putShort(offset + TYPE_OFFSET, (short) TPID_VLAN, BIG_ENDIAN);
    }
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

  public int headerLength() {
    return headerLength;
  }

  public boolean isVlanTagged() {
    return headerLength != HEADER_LENGTH;
  }

  public long destination() {
    return MacAddress.read(buffer, offset + DESTINATION_OFFSET);
  }

  public EthernetFrame destination(final long mac) {
    MacAddress.write(buffer, offset + DESTINATION_OFFSET, mac);
    return this;
  }

  public long source() {
    return MacAddress.read(buffer, offset + SOURCE_OFFSET);
  }

  public EthernetFrame source(final long mac) {
    MacAddress.write(buffer, offset + SOURCE_OFFSET, mac);
    return this;
  }

  /** VLAN id (12 bits), or -1 when untagged. */
  public int vlanId() {
    return isVlanTagged() ? buffer.getShort(offset + TYPE_OFFSET + 2, BIG_ENDIAN) & 0x0FFF : -1;
  }

  /** Priority code point (3 bits), or -1 when untagged. */
  public int vlanPriority() {
    return isVlanTagged()
        ? (buffer.getShort(offset + TYPE_OFFSET + 2, BIG_ENDIAN) >>> 13) & 0x7
        : -1;
  }

  /** Writes the tag control information of a tagged frame. */
  public EthernetFrame vlan(final int priority, final int vlanId) {
    buffer.putShort(
        offset + TYPE_OFFSET + 2, (short) ((priority & 0x7) << 13 | (vlanId & 0x0FFF)), BIG_ENDIAN);
    return this;
  }

  /** The EtherType of the payload (behind the tag, when tagged). */
  public int etherType() {
    return buffer.getShort(offset + headerLength - 2, BIG_ENDIAN) & 0xFFFF;
  }

  public EthernetFrame etherType(final int type) {
    buffer.putShort(offset + headerLength - 2, (short) type, BIG_ENDIAN);
    return this;
  }

  public int payloadOffset() {
    return offset + headerLength;
  }

  public int payloadLength() {
    return length - headerLength;
  }
}
