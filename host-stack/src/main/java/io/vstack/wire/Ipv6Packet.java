package io.vstack.wire;

import static java.nio.ByteOrder.BIG_ENDIAN;

import org.agrona.MutableDirectBuffer;

/**
 * Checked flyweight view of an IPv6 packet (RFC 8200 section 3), with a bounded walk over its
 * extension headers to the upper-layer header (section 4).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |Version| Traffic Class |           Flow Label                  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |         Payload Length        |  Next Header  |   Hop Limit   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  Source Address (16 octets)                   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                Destination Address (16 octets)                |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * Hop-by-hop, routing and destination options headers start alike (Hdr Ext Len in 8-octet units,
 * not counting the first 8); the fragment header is always 8 octets:
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Next Header  |  Hdr Ext Len  |  type-specific data ...       ~
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>The packet is {@code 40 + payload length} bytes; bytes after that in the buffer (Ethernet
 * padding) are not part of it. Jumbograms (payload length 0 plus a jumbo option) are not supported.
 */
public final class Ipv6Packet {
  public static final int VERSION_OFFSET = 0;
  public static final int PAYLOAD_LENGTH_OFFSET = 4;
  public static final int NEXT_HEADER_OFFSET = 6;
  public static final int HOP_LIMIT_OFFSET = 7;
  public static final int SOURCE_OFFSET = 8;
  public static final int DESTINATION_OFFSET = 24;
  public static final int HEADER_LENGTH = 40;
  public static final int VERSION = 6;
  public static final int MAX_FLOW_LABEL = 0xF_FFFF;

  public static final int NEXT_HEADER_HOP_BY_HOP = 0;
  public static final int NEXT_HEADER_TCP = 6;
  public static final int NEXT_HEADER_UDP = 17;
  public static final int NEXT_HEADER_ROUTING = 43;
  public static final int NEXT_HEADER_FRAGMENT = 44;
  public static final int NEXT_HEADER_ICMPV6 = 58;
  public static final int NEXT_HEADER_NONE = 59;
  public static final int NEXT_HEADER_DESTINATION_OPTIONS = 60;

  /** Extension headers are 8-octet aligned; the fragment header is exactly this long. */
  public static final int EXTENSION_UNIT = 8;

  /**
   * More extension headers than this are refused ({@link WireError#UNSUPPORTED}): bounds the walk.
   */
  public static final int MAX_EXTENSION_HEADERS = 8;

  private MutableDirectBuffer buffer;
  private int offset;
  private int length;
  private int upperLayerProtocol;
  private int upperLayerOffset;
  private int fragmentHeaderOffset;

  /**
   * Wraps and checks the fixed header of a received packet; {@code length} is what the buffer holds
   * (it may exceed the packet, e.g. Ethernet padding).
   *
   * @return {@link WireError#OK}, {@link WireError#TRUNCATED} when shorter than 40 bytes, {@link
   *     WireError#BAD_VERSION} unless version 6, or {@link WireError#BAD_TOTAL_LENGTH} when the
   *     payload length runs past the buffer.
   */
  public WireError wrap(final MutableDirectBuffer buffer, final int offset, final int length) {
    this.buffer = buffer;
    this.offset = offset;
    this.length = length;
    this.upperLayerProtocol = -1;
    this.upperLayerOffset = -1;
    this.fragmentHeaderOffset = -1;
    if (Bounds.truncated(buffer, offset, length, HEADER_LENGTH)) {
      return WireError.TRUNCATED;
    }
    if (version() != VERSION) {
      return WireError.BAD_VERSION;
    }
    if (HEADER_LENGTH + payloadLength() > length) {
      return WireError.BAD_TOTAL_LENGTH;
    }
    this.length = HEADER_LENGTH + payloadLength();
    return WireError.OK;
  }

  /**
   * Walks the extension headers of a packet {@link #wrap} accepted, up to the upper-layer header;
   * then {@link #upperLayerProtocol()} and {@link #upperLayerOffset()} are set. Hop-by-hop, routing
   * and destination options headers are skipped (their options are not interpreted); any other Next
   * Header value (TCP, UDP, ICMPv6, no next header, ESP, AH, ...) ends the walk.
   *
   * @return {@link WireError#OK}; {@link WireError#FRAGMENT} at a fragment header ({@link
   *     #fragmentOffset()} etc. then describe it); {@link WireError#TRUNCATED} when an extension
   *     header's first 8 octets do not fit the payload; {@link WireError#BAD_HEADER_LENGTH} when
   *     its length runs past the payload; {@link WireError#BAD_FIELD} for a hop-by-hop header that
   *     is not first; {@link WireError#UNSUPPORTED} for a routing header with segments left (this
   *     stack routes no source routes) or more than {@link #MAX_EXTENSION_HEADERS} headers.
   */
  public WireError skipExtensionHeaders() {
    int next = nextHeader();
    int position = offset + HEADER_LENGTH;
    final int end = offset + length;
    for (int count = 0; count <= MAX_EXTENSION_HEADERS; count++) {
      if (!isExtensionHeader(next)) {
        upperLayerProtocol = next;
        upperLayerOffset = position;
        return WireError.OK;
      }
      if (count == MAX_EXTENSION_HEADERS) {
        break;
      }
      if (end - position < EXTENSION_UNIT) {
        return WireError.TRUNCATED;
      }
      if (next == NEXT_HEADER_FRAGMENT) {
        fragmentHeaderOffset = position;
        return WireError.FRAGMENT;
      }
      if (next == NEXT_HEADER_HOP_BY_HOP && count != 0) {
        return WireError.BAD_FIELD;
      }
      if (next == NEXT_HEADER_ROUTING && buffer.getByte(position + 3) != 0) {
        return WireError.UNSUPPORTED;
      }
      final int headerLength = ((buffer.getByte(position + 1) & 0xFF) + 1) * EXTENSION_UNIT;
      if (headerLength > end - position) {
        return WireError.BAD_HEADER_LENGTH;
      }
      next = buffer.getByte(position) & 0xFF;
      position += headerLength;
    }
    return WireError.UNSUPPORTED;
  }

  /** True for the extension headers {@link #skipExtensionHeaders()} recognises. */
  public static boolean isExtensionHeader(final int nextHeader) {
    return nextHeader == NEXT_HEADER_HOP_BY_HOP
        || nextHeader == NEXT_HEADER_ROUTING
        || nextHeader == NEXT_HEADER_FRAGMENT
        || nextHeader == NEXT_HEADER_DESTINATION_OPTIONS;
  }

  /**
   * Wraps a buffer to write a new packet of {@code length} bytes (header + payload); nothing is
   * checked.
   */
  public Ipv6Packet wrapForEmit(
      final MutableDirectBuffer buffer, final int offset, final int length) {
    this.buffer = buffer;
    this.offset = offset;
    this.length = length;
    this.upperLayerProtocol = -1;
    this.upperLayerOffset = -1;
    this.fragmentHeaderOffset = -1;
    return this;
  }

  public MutableDirectBuffer buffer() {
    return buffer;
  }

  public int offset() {
    return offset;
  }

  /** The packet length, {@code 40 + payloadLength()} once checked. */
  public int length() {
    return length;
  }

  public int version() {
    return (buffer.getByte(offset + VERSION_OFFSET) & 0xFF) >>> 4;
  }

  public int trafficClass() {
    return (buffer.getInt(offset + VERSION_OFFSET, BIG_ENDIAN) >>> 20) & 0xFF;
  }

  /** Differentiated services code point: the upper 6 bits of the traffic class. */
  public int dscp() {
    return trafficClass() >>> 2;
  }

  /** Explicit congestion notification: the lower 2 bits of the traffic class. */
  public int ecn() {
    return trafficClass() & 0x3;
  }

  public int flowLabel() {
    return buffer.getInt(offset + VERSION_OFFSET, BIG_ENDIAN) & MAX_FLOW_LABEL;
  }

  /** Writes the first word: version 6, traffic class and flow label. */
  public Ipv6Packet versionClassFlow(final int trafficClass, final int flowLabel) {
    buffer.putInt(
        offset + VERSION_OFFSET,
        VERSION << 28 | (trafficClass & 0xFF) << 20 | (flowLabel & MAX_FLOW_LABEL),
        BIG_ENDIAN);
    return this;
  }

  public int payloadLength() {
    return buffer.getShort(offset + PAYLOAD_LENGTH_OFFSET, BIG_ENDIAN) & 0xFFFF;
  }

  public Ipv6Packet payloadLength(final int payloadLength) {
    buffer.putShort(offset + PAYLOAD_LENGTH_OFFSET, (short) payloadLength, BIG_ENDIAN);
    return this;
  }

  /** The Next Header field of the fixed header (an extension header or the upper layer). */
  public int nextHeader() {
    return buffer.getByte(offset + NEXT_HEADER_OFFSET) & 0xFF;
  }

  public Ipv6Packet nextHeader(final int nextHeader) {
    buffer.putByte(offset + NEXT_HEADER_OFFSET, (byte) nextHeader);
    return this;
  }

  public int hopLimit() {
    return buffer.getByte(offset + HOP_LIMIT_OFFSET) & 0xFF;
  }

  public Ipv6Packet hopLimit(final int hopLimit) {
    buffer.putByte(offset + HOP_LIMIT_OFFSET, (byte) hopLimit);
    return this;
  }

  public long sourceHi() {
    return Ipv6Address.readHi(buffer, offset + SOURCE_OFFSET);
  }

  public long sourceLo() {
    return Ipv6Address.readLo(buffer, offset + SOURCE_OFFSET);
  }

  public Ipv6Packet source(final long hi, final long lo) {
    Ipv6Address.write(buffer, offset + SOURCE_OFFSET, hi, lo);
    return this;
  }

  public long destinationHi() {
    return Ipv6Address.readHi(buffer, offset + DESTINATION_OFFSET);
  }

  public long destinationLo() {
    return Ipv6Address.readLo(buffer, offset + DESTINATION_OFFSET);
  }

  public Ipv6Packet destination(final long hi, final long lo) {
    Ipv6Address.write(buffer, offset + DESTINATION_OFFSET, hi, lo);
    return this;
  }

  /** Offset of the payload (the first extension header or the upper layer). */
  public int payloadOffset() {
    return offset + HEADER_LENGTH;
  }

  /** Upper-layer protocol found by {@link #skipExtensionHeaders()}, else -1. */
  public int upperLayerProtocol() {
    return upperLayerProtocol;
  }

  /**
   * Absolute offset of the upper-layer header found by {@link #skipExtensionHeaders()}, else -1.
   */
  public int upperLayerOffset() {
    return upperLayerOffset;
  }

  /** Length of the upper-layer data after {@link #skipExtensionHeaders()} returned OK. */
  public int upperLayerLength() {
    return offset + length - upperLayerOffset;
  }

  /**
   * Sum of the pseudo header (RFC 8200 section 8.1) for an upper-layer checksum, to pass to {@link
   * InternetChecksum#finish} or a transport view.
   */
  public long pseudoHeaderSum(final int upperLayerProtocol, final int upperLayerLength) {
    return InternetChecksum.ipv6PseudoHeaderSum(
        buffer,
        offset + SOURCE_OFFSET,
        offset + DESTINATION_OFFSET,
        upperLayerProtocol,
        upperLayerLength);
  }

  /** Fragment offset in bytes, after {@link #skipExtensionHeaders()} returned FRAGMENT. */
  public int fragmentOffset() {
    return buffer.getShort(fragmentHeaderOffset + 2, BIG_ENDIAN) & 0xFFF8;
  }

  /** The M flag of the fragment header. */
  public boolean moreFragments() {
    return (buffer.getByte(fragmentHeaderOffset + 3) & 1) != 0;
  }

  /** Identification of the fragment header. */
  public int fragmentIdentification() {
    return buffer.getInt(fragmentHeaderOffset + 4, BIG_ENDIAN);
  }
}
