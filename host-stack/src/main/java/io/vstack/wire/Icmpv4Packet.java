package io.vstack.wire;

import static java.nio.ByteOrder.BIG_ENDIAN;

import org.agrona.MutableDirectBuffer;

/**
 * Checked flyweight view of an ICMPv4 message (RFC 792): echo request/reply, destination
 * unreachable and time exceeded.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     Type      |     Code      |          Checksum             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   Identifier (echo) / unused  | Sequence (echo) / next-hop MTU|
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Echo data, or the quoted IPv4 header + first bytes of its payload
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>The checksum covers the whole message, so {@code length} must be exactly the message length
 * (the IPv4 payload length), not the buffer's remaining bytes.
 */
public final class Icmpv4Packet {
  public static final int TYPE_OFFSET = 0;
  public static final int CODE_OFFSET = 1;
  public static final int CHECKSUM_OFFSET = 2;
  public static final int IDENTIFIER_OFFSET = 4;
  public static final int SEQUENCE_OFFSET = 6;
  public static final int NEXT_HOP_MTU_OFFSET = 6;
  public static final int DATA_OFFSET = 8;
  public static final int HEADER_LENGTH = 8;

  public static final int TYPE_ECHO_REPLY = 0;
  public static final int TYPE_DESTINATION_UNREACHABLE = 3;
  public static final int TYPE_ECHO_REQUEST = 8;
  public static final int TYPE_TIME_EXCEEDED = 11;

  public static final int CODE_NET_UNREACHABLE = 0;
  public static final int CODE_HOST_UNREACHABLE = 1;
  public static final int CODE_PROTOCOL_UNREACHABLE = 2;
  public static final int CODE_PORT_UNREACHABLE = 3;

  /** Fragmentation needed and DF set: carries the next-hop MTU (RFC 1191). */
  public static final int CODE_FRAGMENTATION_NEEDED = 4;

  public static final int CODE_TTL_EXCEEDED = 0;
  public static final int CODE_REASSEMBLY_TIME_EXCEEDED = 1;

  private MutableDirectBuffer buffer;
  private int offset;
  private int length;

  /**
   * Wraps and checks a received message of exactly {@code length} bytes.
   *
   * @return {@link WireError#OK}; {@link WireError#TRUNCATED} when shorter than 8 bytes, or than 8
   *     + a minimal IPv4 header for an error message (which must quote the offending header);
   *     {@link WireError#BAD_CHECKSUM}; {@link WireError#UNSUPPORTED} for other types.
   */
  public WireError wrap(final MutableDirectBuffer buffer, final int offset, final int length) {
    this.buffer = buffer;
    this.offset = offset;
    this.length = length;
    if (Bounds.truncated(buffer, offset, length, HEADER_LENGTH)) {
      return WireError.TRUNCATED;
    }
    if (!InternetChecksum.verifies(buffer, offset, length, 0)) {
      return WireError.BAD_CHECKSUM;
    }
    return switch (type()) {
      case TYPE_ECHO_REQUEST, TYPE_ECHO_REPLY -> WireError.OK;
      case TYPE_DESTINATION_UNREACHABLE, TYPE_TIME_EXCEEDED ->
          length < HEADER_LENGTH + Ipv4Packet.MIN_HEADER_LENGTH
              ? WireError.TRUNCATED
              : WireError.OK;
      default -> WireError.UNSUPPORTED;
    };
  }

  /** Wraps a buffer to write a new message of {@code length} bytes; nothing is checked or read. */
  public Icmpv4Packet wrapForEmit(
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

  public int type() {
    return buffer.getByte(offset + TYPE_OFFSET) & 0xFF;
  }

  public Icmpv4Packet type(final int type) {
    buffer.putByte(offset + TYPE_OFFSET, (byte) type);
    return this;
  }

  public int code() {
    return buffer.getByte(offset + CODE_OFFSET) & 0xFF;
  }

  public Icmpv4Packet code(final int code) {
    buffer.putByte(offset + CODE_OFFSET, (byte) code);
    return this;
  }

  public int checksum() {
    return buffer.getShort(offset + CHECKSUM_OFFSET, BIG_ENDIAN) & 0xFFFF;
  }

  /** Computes and writes the checksum over the whole message. */
  public Icmpv4Packet fillChecksum() {
    buffer.putShort(offset + CHECKSUM_OFFSET, (short) 0, BIG_ENDIAN);
    buffer.putShort(
        offset + CHECKSUM_OFFSET,
        (short) InternetChecksum.compute(buffer, offset, length),
        BIG_ENDIAN);
    return this;
  }

  /** Echo identifier. */
  public int identifier() {
    return buffer.getShort(offset + IDENTIFIER_OFFSET, BIG_ENDIAN) & 0xFFFF;
  }

  public Icmpv4Packet identifier(final int identifier) {
    buffer.putShort(offset + IDENTIFIER_OFFSET, (short) identifier, BIG_ENDIAN);
    return this;
  }

  /** Echo sequence number. */
  public int sequence() {
    return buffer.getShort(offset + SEQUENCE_OFFSET, BIG_ENDIAN) & 0xFFFF;
  }

  public Icmpv4Packet sequence(final int sequence) {
    buffer.putShort(offset + SEQUENCE_OFFSET, (short) sequence, BIG_ENDIAN);
    return this;
  }

  /** The 32-bit "rest of header" word (unused in unreachable/time exceeded, except the MTU). */
  public int restOfHeader() {
    return buffer.getInt(offset + IDENTIFIER_OFFSET, BIG_ENDIAN);
  }

  public Icmpv4Packet restOfHeader(final int value) {
    buffer.putInt(offset + IDENTIFIER_OFFSET, value, BIG_ENDIAN);
    return this;
  }

  /** Next-hop MTU of a "fragmentation needed" message (RFC 1191). */
  public int nextHopMtu() {
    return buffer.getShort(offset + NEXT_HOP_MTU_OFFSET, BIG_ENDIAN) & 0xFFFF;
  }

  /** Absolute offset of the echo data or the quoted datagram. */
  public int dataOffset() {
    return offset + DATA_OFFSET;
  }

  public int dataLength() {
    return length - HEADER_LENGTH;
  }
}
