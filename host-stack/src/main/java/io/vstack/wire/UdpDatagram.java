package io.vstack.wire;

import static java.nio.ByteOrder.BIG_ENDIAN;

import org.agrona.MutableDirectBuffer;

/**
 * Checked flyweight view of a UDP datagram (RFC 768).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |          Source Port          |       Destination Port        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |            Length             |           Checksum            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                          Payload ...
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>Checksums take the pseudo-header sum with its length left 0 (e.g. {@link
 * Ipv4Packet#pseudoHeaderSum()} or {@link InternetChecksum#ipv6PseudoHeaderSum} with length 0): the
 * view adds its own Length field, so the same code serves IPv4 and IPv6.
 */
public final class UdpDatagram {
  public static final int SOURCE_PORT_OFFSET = 0;
  public static final int DESTINATION_PORT_OFFSET = 2;
  public static final int LENGTH_OFFSET = 4;
  public static final int CHECKSUM_OFFSET = 6;
  public static final int HEADER_LENGTH = 8;

  private MutableDirectBuffer buffer;
  private int offset;

  /**
   * Wraps and checks the structure of a received datagram; {@code length} is the IP payload length.
   * A Length field shorter than {@code length} is accepted (the rest is ignored, as Linux trims
   * it). Follow with {@link #verifyChecksum}.
   *
   * @return {@link WireError#OK}, {@link WireError#TRUNCATED} when shorter than 8 bytes, or {@link
   *     WireError#BAD_TOTAL_LENGTH} when the Length field is below 8 or beyond {@code length}.
   */
  public WireError wrap(final MutableDirectBuffer buffer, final int offset, final int length) {
    this.buffer = buffer;
    this.offset = offset;
    if (Bounds.truncated(buffer, offset, length, HEADER_LENGTH)) {
      return WireError.TRUNCATED;
    }
    final int udpLength = udpLength();
    return udpLength < HEADER_LENGTH || udpLength > length
        ? WireError.BAD_TOTAL_LENGTH
        : WireError.OK;
  }

  /**
   * Verifies the checksum of a wrapped datagram.
   *
   * @param pseudoHeaderSum pseudo-header sum with the length left 0
   * @param zeroMeansNone true for IPv4, where checksum 0 means "not computed"; false for IPv6,
   *     where 0 is invalid (RFC 8200 section 8.1)
   * @return {@link WireError#OK} or {@link WireError#BAD_CHECKSUM}
   */
  public WireError verifyChecksum(final long pseudoHeaderSum, final boolean zeroMeansNone) {
    if (checksum() == 0) {
      return zeroMeansNone ? WireError.OK : WireError.BAD_CHECKSUM;
    }
    final int udpLength = udpLength();
    return InternetChecksum.verifies(buffer, offset, udpLength, pseudoHeaderSum + udpLength)
        ? WireError.OK
        : WireError.BAD_CHECKSUM;
  }

  /** Wraps a buffer to write a new datagram; nothing is checked or read. */
  public UdpDatagram wrapForEmit(final MutableDirectBuffer buffer, final int offset) {
    this.buffer = buffer;
    this.offset = offset;
    return this;
  }

  public MutableDirectBuffer buffer() {
    return buffer;
  }

  public int offset() {
    return offset;
  }

  public int sourcePort() {
    return buffer.getShort(offset + SOURCE_PORT_OFFSET, BIG_ENDIAN) & 0xFFFF;
  }

  public UdpDatagram sourcePort(final int port) {
    buffer.putShort(offset + SOURCE_PORT_OFFSET, (short) port, BIG_ENDIAN);
    return this;
  }

  public int destinationPort() {
    return buffer.getShort(offset + DESTINATION_PORT_OFFSET, BIG_ENDIAN) & 0xFFFF;
  }

  public UdpDatagram destinationPort(final int port) {
    buffer.putShort(offset + DESTINATION_PORT_OFFSET, (short) port, BIG_ENDIAN);
    return this;
  }

  /** The Length field: header plus payload. */
  public int udpLength() {
    return buffer.getShort(offset + LENGTH_OFFSET, BIG_ENDIAN) & 0xFFFF;
  }

  public UdpDatagram udpLength(final int length) {
    buffer.putShort(offset + LENGTH_OFFSET, (short) length, BIG_ENDIAN);
    return this;
  }

  public int checksum() {
    return buffer.getShort(offset + CHECKSUM_OFFSET, BIG_ENDIAN) & 0xFFFF;
  }

  public UdpDatagram checksum(final int checksum) {
    buffer.putShort(offset + CHECKSUM_OFFSET, (short) checksum, BIG_ENDIAN);
    return this;
  }

  /**
   * Computes and writes the checksum over the Length field's bytes; a computed 0 is sent as 0xFFFF
   * (RFC 768), since 0 means "none".
   */
  public UdpDatagram fillChecksum(final long pseudoHeaderSum) {
    checksum(0);
    final int udpLength = udpLength();
    final int checksum =
        InternetChecksum.finish(
            InternetChecksum.sum(buffer, offset, udpLength, pseudoHeaderSum + udpLength));
    return checksum(checksum == 0 ? 0xFFFF : checksum);
  }

  /**
   * Fixes the checksum after an address of the pseudo header changed (NAT, overlay rewrite); a
   * datagram without checksum stays without.
   */
  public UdpDatagram adjustChecksumForAddressChange(final int oldAddress, final int newAddress) {
    final int checksum = checksum();
    if (checksum == 0) {
      return this;
    }
    final int updated = InternetChecksum.update32(checksum, oldAddress, newAddress);
    return checksum(updated == 0 ? 0xFFFF : updated);
  }

  public int payloadOffset() {
    return offset + HEADER_LENGTH;
  }

  /** Payload length from the Length field. */
  public int payloadLength() {
    return udpLength() - HEADER_LENGTH;
  }
}
