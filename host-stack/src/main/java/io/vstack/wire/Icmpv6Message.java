package io.vstack.wire;

import static java.nio.ByteOrder.BIG_ENDIAN;

import org.agrona.MutableDirectBuffer;

/**
 * Checked flyweight view of an ICMPv6 message (RFC 4443), with the bodies of echo request/reply and
 * of Neighbor Solicitation/Advertisement (RFC 4861 sections 4.3, 4.4) and their link-layer address
 * options (section 4.6.1, Ethernet only).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     Type      |     Code      |          Checksum             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * Echo (128 request, 129 reply):
 * |           Identifier          |        Sequence Number        |
 * |     Data ...
 * Neighbor Solicitation (135) / Advertisement (136):
 * |R|S|O|                     Reserved (NS: all 32 bits)          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  Target Address (16 octets)                   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   Options ... each: Type (8) | Length (8, in 8-octet units) | value
 * Source (type 1) / target (type 2) link-layer address on Ethernet, length 1:
 * |     Type      |    Length=1   |     MAC address (6 octets)  ...
 * </pre>
 *
 * <p>The checksum covers the IPv6 pseudo header (RFC 8200 section 8.1), so {@link #wrap} takes its
 * sum, or the IPv6 view itself via {@link #wrap(Ipv6Packet)}.
 */
public final class Icmpv6Message {
  public static final int TYPE_OFFSET = 0;
  public static final int CODE_OFFSET = 1;
  public static final int CHECKSUM_OFFSET = 2;
  public static final int HEADER_LENGTH = 4;
  public static final int ECHO_IDENTIFIER_OFFSET = 4;
  public static final int ECHO_SEQUENCE_OFFSET = 6;
  public static final int ECHO_HEADER_LENGTH = 8;
  public static final int ND_FLAGS_OFFSET = 4;
  public static final int ND_TARGET_OFFSET = 8;
  public static final int ND_HEADER_LENGTH = 24;

  /**
   * Error messages (types 0..127) carry 4 more bytes (unused, MTU or pointer) before the invoking
   * packet.
   */
  public static final int ERROR_HEADER_LENGTH = 8;

  public static final int TYPE_ECHO_REQUEST = 128;
  public static final int TYPE_ECHO_REPLY = 129;
  public static final int TYPE_NEIGHBOR_SOLICITATION = 135;
  public static final int TYPE_NEIGHBOR_ADVERTISEMENT = 136;

  public static final int FLAG_ROUTER = 0x80;
  public static final int FLAG_SOLICITED = 0x40;
  public static final int FLAG_OVERRIDE = 0x20;

  public static final int OPTION_SOURCE_LINK_LAYER_ADDRESS = 1;
  public static final int OPTION_TARGET_LINK_LAYER_ADDRESS = 2;

  /** Neighbor discovery option lengths count these units. */
  public static final int OPTION_UNIT = 8;

  /** RFC 4861 section 7.1: neighbor discovery is only accepted with this IPv6 hop limit. */
  public static final int ND_HOP_LIMIT = 255;

  private MutableDirectBuffer buffer;
  private int offset;
  private int length;
  private int linkLayerOptionOffset;

  /**
   * Wraps and checks an ICMPv6 message occupying exactly {@code length} bytes.
   *
   * @param pseudoHeaderSum the IPv6 pseudo header sum ({@link Ipv6Packet#pseudoHeaderSum})
   * @return {@link WireError#OK}; {@link WireError#TRUNCATED} when shorter than the header its type
   *     needs ({@link #minimumLength}); {@link WireError#BAD_CHECKSUM}; for NS/NA {@link
   *     WireError#BAD_FIELD} for a non-zero code or a multicast target, and {@link
   *     WireError#BAD_OPTION} for an option of length 0, one running past the message, or a
   *     link-layer address option not of Ethernet size.
   */
  public WireError wrap(
      final MutableDirectBuffer buffer,
      final int offset,
      final int length,
      final long pseudoHeaderSum) {
    this.buffer = buffer;
    this.offset = offset;
    this.length = length;
    this.linkLayerOptionOffset = -1;
    if (Bounds.truncated(buffer, offset, length, HEADER_LENGTH)) {
      return WireError.TRUNCATED;
    }
    final int type = type();
    final boolean neighborDiscovery = isNeighborDiscovery(type);
    if (length < minimumLength(type)) {
      return WireError.TRUNCATED;
    }
    if (!InternetChecksum.verifies(buffer, offset, length, pseudoHeaderSum)) {
      return WireError.BAD_CHECKSUM;
    }
    return neighborDiscovery ? checkNeighborDiscovery(type) : WireError.OK;
  }

  /**
   * Wraps the ICMPv6 message of an IPv6 packet whose {@link Ipv6Packet#skipExtensionHeaders()}
   * returned OK with upper-layer protocol 58, and adds the checks that need the IPv6 header (RFC
   * 4861 section 7.1): neighbor discovery with a hop limit other than 255 or an NA with the
   * solicited flag sent to a multicast address is {@link WireError#BAD_FIELD}; an NS from the
   * unspecified address carrying a source link-layer address is {@link WireError#BAD_OPTION}.
   */
  public WireError wrap(final Ipv6Packet ip) {
    final int upperLength = ip.upperLayerLength();
    final WireError error =
        wrap(
            ip.buffer(),
            ip.upperLayerOffset(),
            upperLength,
            ip.pseudoHeaderSum(Ipv6Packet.NEXT_HEADER_ICMPV6, upperLength));
    if (error != WireError.OK || !isNeighborDiscovery(type())) {
      return error;
    }
    if (ip.hopLimit() != ND_HOP_LIMIT) {
      return WireError.BAD_FIELD;
    }
    if (type() == TYPE_NEIGHBOR_ADVERTISEMENT
        && isSolicited()
        && Ipv6Address.isMulticast(ip.destinationHi())) {
      return WireError.BAD_FIELD;
    }
    if (type() == TYPE_NEIGHBOR_SOLICITATION
        && linkLayerOptionOffset >= 0
        && ip.sourceHi() == 0
        && ip.sourceLo() == 0) {
      return WireError.BAD_OPTION;
    }
    return WireError.OK;
  }

  private WireError checkNeighborDiscovery(final int type) {
    if (code() != 0 || Ipv6Address.isMulticast(targetHi())) {
      return WireError.BAD_FIELD;
    }
    // The option that carries the link-layer address this message is about; others are skipped.
    final int wanted =
        type == TYPE_NEIGHBOR_SOLICITATION
            ? OPTION_SOURCE_LINK_LAYER_ADDRESS
            : OPTION_TARGET_LINK_LAYER_ADDRESS;
    int option = offset + ND_HEADER_LENGTH;
    final int end = offset + length;
    while (option < end) {
      if (end - option < 2) {
        return WireError.BAD_OPTION;
      }
      final int optionType = buffer.getByte(option) & 0xFF;
      final int size = (buffer.getByte(option + 1) & 0xFF) * OPTION_UNIT;
      if (size == 0 || size > end - option) {
        return WireError.BAD_OPTION;
      }
      if (isLinkLayerOption(optionType) && size != OPTION_UNIT) {
        return WireError.BAD_OPTION;
      }
      if (optionType == wanted) {
        linkLayerOptionOffset = option;
      }
      option += size;
    }
    return WireError.OK;
  }

  private static boolean isLinkLayerOption(final int optionType) {
    return optionType == OPTION_SOURCE_LINK_LAYER_ADDRESS
        || optionType == OPTION_TARGET_LINK_LAYER_ADDRESS;
  }

  /** The shortest message of this type that {@link #wrap} accepts. */
  public static int minimumLength(final int type) {
    if (isNeighborDiscovery(type)) {
      return ND_HEADER_LENGTH;
    }
    return isEcho(type) || isError(type) ? ECHO_HEADER_LENGTH : HEADER_LENGTH;
  }

  /** Error messages have types 0..127 (RFC 4443 section 2.1). */
  public static boolean isError(final int type) {
    return type < TYPE_ECHO_REQUEST;
  }

  public static boolean isEcho(final int type) {
    return type == TYPE_ECHO_REQUEST || type == TYPE_ECHO_REPLY;
  }

  public static boolean isNeighborDiscovery(final int type) {
    return type == TYPE_NEIGHBOR_SOLICITATION || type == TYPE_NEIGHBOR_ADVERTISEMENT;
  }

  /** Wraps a buffer to write a new message of {@code length} bytes; nothing is checked. */
  public Icmpv6Message wrapForEmit(
      final MutableDirectBuffer buffer, final int offset, final int length) {
    this.buffer = buffer;
    this.offset = offset;
    this.length = length;
    this.linkLayerOptionOffset = -1;
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

  public int code() {
    return buffer.getByte(offset + CODE_OFFSET) & 0xFF;
  }

  /** Writes type and code. */
  public Icmpv6Message typeCode(final int type, final int code) {
    buffer.putByte(offset + TYPE_OFFSET, (byte) type);
    buffer.putByte(offset + CODE_OFFSET, (byte) code);
    return this;
  }

  public int checksum() {
    return buffer.getShort(offset + CHECKSUM_OFFSET, BIG_ENDIAN) & 0xFFFF;
  }

  /** Computes and writes the checksum over the whole message; write every other byte first. */
  public Icmpv6Message computeChecksum(final long pseudoHeaderSum) {
    buffer.putShort(offset + CHECKSUM_OFFSET, (short) 0);
    final int checksum =
        InternetChecksum.finish(InternetChecksum.sum(buffer, offset, length, pseudoHeaderSum));
    buffer.putShort(offset + CHECKSUM_OFFSET, (short) checksum, BIG_ENDIAN);
    return this;
  }

  public int echoIdentifier() {
    return buffer.getShort(offset + ECHO_IDENTIFIER_OFFSET, BIG_ENDIAN) & 0xFFFF;
  }

  public int echoSequence() {
    return buffer.getShort(offset + ECHO_SEQUENCE_OFFSET, BIG_ENDIAN) & 0xFFFF;
  }

  public Icmpv6Message echo(final int identifier, final int sequence) {
    buffer.putShort(offset + ECHO_IDENTIFIER_OFFSET, (short) identifier, BIG_ENDIAN);
    buffer.putShort(offset + ECHO_SEQUENCE_OFFSET, (short) sequence, BIG_ENDIAN);
    return this;
  }

  /** Offset of the data after an echo header. */
  public int echoDataOffset() {
    return offset + ECHO_HEADER_LENGTH;
  }

  public int echoDataLength() {
    return length - ECHO_HEADER_LENGTH;
  }

  /** Offset of the body after the 4-byte header. */
  public int bodyOffset() {
    return offset + HEADER_LENGTH;
  }

  public boolean isRouter() {
    return (buffer.getByte(offset + ND_FLAGS_OFFSET) & FLAG_ROUTER) != 0;
  }

  public boolean isSolicited() {
    return (buffer.getByte(offset + ND_FLAGS_OFFSET) & FLAG_SOLICITED) != 0;
  }

  public boolean isOverride() {
    return (buffer.getByte(offset + ND_FLAGS_OFFSET) & FLAG_OVERRIDE) != 0;
  }

  /** Writes the NS/NA flags word (R, S, O; the rest reserved, zero) and the target address. */
  public Icmpv6Message neighbor(final int flags, final long targetHi, final long targetLo) {
    buffer.putInt(offset + ND_FLAGS_OFFSET, (flags & 0xE0) << 24, BIG_ENDIAN);
    Ipv6Address.write(buffer, offset + ND_TARGET_OFFSET, targetHi, targetLo);
    return this;
  }

  public long targetHi() {
    return Ipv6Address.readHi(buffer, offset + ND_TARGET_OFFSET);
  }

  public long targetLo() {
    return Ipv6Address.readLo(buffer, offset + ND_TARGET_OFFSET);
  }

  /**
   * The MAC of the source link-layer address option of an NS, or of the target link-layer address
   * option of an NA; -1 when the message carries none.
   */
  public long linkLayerAddress() {
    return linkLayerOptionOffset < 0 ? -1 : MacAddress.read(buffer, linkLayerOptionOffset + 2);
  }

  /**
   * Writes an Ethernet link-layer address option at absolute {@code optionOffset}.
   *
   * @return the absolute offset after it
   */
  public int putLinkLayerOption(final int optionOffset, final int optionType, final long mac) {
    buffer.putByte(optionOffset, (byte) optionType);
    buffer.putByte(optionOffset + 1, (byte) 1);
    MacAddress.write(buffer, optionOffset + 2, mac);
    return optionOffset + OPTION_UNIT;
  }
}
