package io.vstack.wire;

import static java.nio.ByteOrder.BIG_ENDIAN;

import org.agrona.MutableDirectBuffer;

/**
 * Checked flyweight view of a TCP segment (RFC 9293, ECN bits RFC 3168, NS RFC 3540).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |          Source Port          |       Destination Port        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                        Sequence Number                        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Acknowledgment Number                      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Data |Rsvd |N|C|E|U|A|P|R|S|F|                               |
 * | Offset|     |S|W|C|R|C|S|S|Y|I|            Window             |
 * |       |     | |R|E|G|K|H|T|N|N|                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           Checksum            |         Urgent Pointer        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Options                    |    Padding    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>{@link #wrap} checks the structure and reads the options into {@link #options()} in the same
 * pass; {@link #verifyChecksum} checks the checksum (skip it when the NIC verified it). Sequence
 * numbers are raw 32-bit values here.
 */
public final class TcpSegment {
  public static final int SOURCE_PORT_OFFSET = 0;
  public static final int DESTINATION_PORT_OFFSET = 2;
  public static final int SEQUENCE_OFFSET = 4;
  public static final int ACKNOWLEDGMENT_OFFSET = 8;
  public static final int DATA_OFFSET_FLAGS_OFFSET = 12;
  public static final int WINDOW_OFFSET = 14;
  public static final int CHECKSUM_OFFSET = 16;
  public static final int URGENT_POINTER_OFFSET = 18;
  public static final int OPTIONS_OFFSET = 20;
  public static final int MIN_HEADER_LENGTH = 20;
  public static final int MAX_HEADER_LENGTH = 60;
  public static final int MAX_OPTIONS_LENGTH = MAX_HEADER_LENGTH - MIN_HEADER_LENGTH;

  public static final int FLAG_FIN = 0x001;
  public static final int FLAG_SYN = 0x002;
  public static final int FLAG_RST = 0x004;
  public static final int FLAG_PSH = 0x008;
  public static final int FLAG_ACK = 0x010;
  public static final int FLAG_URG = 0x020;
  public static final int FLAG_ECE = 0x040;
  public static final int FLAG_CWR = 0x080;

  /** ECN nonce sum (RFC 3540, historic since RFC 8311): accessor kept for the bit only. */
  public static final int FLAG_NS = 0x100;

  /** All nine flag bits, NS included. */
  public static final int FLAGS_MASK = 0x1FF;

  private final TcpOptionsReader options = new TcpOptionsReader();
  private MutableDirectBuffer buffer;
  private int offset;
  private int length;

  /**
   * Wraps and checks a received segment of exactly {@code length} bytes (the IP payload length),
   * and reads its options.
   *
   * @return {@link WireError#OK}; {@link WireError#TRUNCATED} when shorter than 20 bytes; {@link
   *     WireError#BAD_HEADER_LENGTH} when the data offset is below 5 or beyond the segment; {@link
   *     WireError#BAD_OPTION} for malformed options (see {@link TcpOptionsReader}).
   */
  public WireError wrap(final MutableDirectBuffer buffer, final int offset, final int length) {
    this.buffer = buffer;
    this.offset = offset;
    this.length = length;
    if (Bounds.truncated(buffer, offset, length, MIN_HEADER_LENGTH)) {
      return WireError.TRUNCATED;
    }
    final int headerLength = headerLength();
    if (headerLength < MIN_HEADER_LENGTH || headerLength > length) {
      return WireError.BAD_HEADER_LENGTH;
    }
    return options.read(buffer, offset + OPTIONS_OFFSET, headerLength - MIN_HEADER_LENGTH);
  }

  /**
   * Verifies the checksum of a wrapped segment.
   *
   * @param pseudoHeaderSum pseudo-header sum with the length left 0 ({@link
   *     Ipv4Packet#pseudoHeaderSum()}, or the IPv6 one); the segment length is added here
   * @return {@link WireError#OK} or {@link WireError#BAD_CHECKSUM}
   */
  public WireError verifyChecksum(final long pseudoHeaderSum) {
    return InternetChecksum.verifies(buffer, offset, length, pseudoHeaderSum + length)
        ? WireError.OK
        : WireError.BAD_CHECKSUM;
  }

  /**
   * Wraps a buffer to write a new segment of {@code length} bytes; writes the data offset for
   * {@code headerLength} (20..60, a multiple of 4) and clears the flags.
   */
  public TcpSegment wrapForEmit(
      final MutableDirectBuffer buffer,
      final int offset,
      final int length,
      final int headerLength) {
    this.buffer = buffer;
    this.offset = offset;
    this.length = length;
    buffer.putShort(
        offset + DATA_OFFSET_FLAGS_OFFSET, (short) ((headerLength >>> 2) << 12), BIG_ENDIAN);
    return this;
  }

  /** The options read by the last {@link #wrap} (valid after OK). */
  public TcpOptionsReader options() {
    return options;
  }

  public MutableDirectBuffer buffer() {
    return buffer;
  }

  public int offset() {
    return offset;
  }

  /** Segment length: header plus payload. */
  public int length() {
    return length;
  }

  public int sourcePort() {
    return buffer.getShort(offset + SOURCE_PORT_OFFSET, BIG_ENDIAN) & 0xFFFF;
  }

  public TcpSegment sourcePort(final int port) {
    buffer.putShort(offset + SOURCE_PORT_OFFSET, (short) port, BIG_ENDIAN);
    return this;
  }

  public int destinationPort() {
    return buffer.getShort(offset + DESTINATION_PORT_OFFSET, BIG_ENDIAN) & 0xFFFF;
  }

  public TcpSegment destinationPort(final int port) {
    buffer.putShort(offset + DESTINATION_PORT_OFFSET, (short) port, BIG_ENDIAN);
    return this;
  }

  /** Raw 32-bit sequence number. */
  public int sequenceNumber() {
    return buffer.getInt(offset + SEQUENCE_OFFSET, BIG_ENDIAN);
  }

  public TcpSegment sequenceNumber(final int sequence) {
    buffer.putInt(offset + SEQUENCE_OFFSET, sequence, BIG_ENDIAN);
    return this;
  }

  /** Raw 32-bit acknowledgment number. */
  public int acknowledgmentNumber() {
    return buffer.getInt(offset + ACKNOWLEDGMENT_OFFSET, BIG_ENDIAN);
  }

  public TcpSegment acknowledgmentNumber(final int acknowledgment) {
    buffer.putInt(offset + ACKNOWLEDGMENT_OFFSET, acknowledgment, BIG_ENDIAN);
    return this;
  }

  private int dataOffsetFlags() {
    return buffer.getShort(offset + DATA_OFFSET_FLAGS_OFFSET, BIG_ENDIAN) & 0xFFFF;
  }

  /** Header length in bytes (data offset * 4). */
  public int headerLength() {
    return (dataOffsetFlags() >>> 12) << 2;
  }

  /** The nine flag bits ({@code FLAG_*}, NS included). */
  public int flags() {
    return dataOffsetFlags() & FLAGS_MASK;
  }

  /** True when every bit of {@code flags} is set. */
  public boolean hasFlags(final int flags) {
    return (flags() & flags) == flags;
  }

  /** The three reserved bits between data offset and NS; senders must send 0, receivers ignore. */
  public int reservedBits() {
    return (dataOffsetFlags() >>> 9) & 0x7;
  }

  /** Writes the nine flag bits, keeping the data offset. */
  public TcpSegment flags(final int flags) {
    final int word = (dataOffsetFlags() & 0xF000) | (flags & FLAGS_MASK);
    buffer.putShort(offset + DATA_OFFSET_FLAGS_OFFSET, (short) word, BIG_ENDIAN);
    return this;
  }

  public int window() {
    return buffer.getShort(offset + WINDOW_OFFSET, BIG_ENDIAN) & 0xFFFF;
  }

  public TcpSegment window(final int window) {
    buffer.putShort(offset + WINDOW_OFFSET, (short) window, BIG_ENDIAN);
    return this;
  }

  public int checksum() {
    return buffer.getShort(offset + CHECKSUM_OFFSET, BIG_ENDIAN) & 0xFFFF;
  }

  public TcpSegment checksum(final int checksum) {
    buffer.putShort(offset + CHECKSUM_OFFSET, (short) checksum, BIG_ENDIAN);
    return this;
  }

  public int urgentPointer() {
    return buffer.getShort(offset + URGENT_POINTER_OFFSET, BIG_ENDIAN) & 0xFFFF;
  }

  public TcpSegment urgentPointer(final int pointer) {
    buffer.putShort(offset + URGENT_POINTER_OFFSET, (short) pointer, BIG_ENDIAN);
    return this;
  }

  /** Computes and writes the checksum over the whole segment. */
  public TcpSegment fillChecksum(final long pseudoHeaderSum) {
    checksum(0);
    return checksum(
        InternetChecksum.finish(
            InternetChecksum.sum(buffer, offset, length, pseudoHeaderSum + length)));
  }

  /** Fixes the checksum after an address of the pseudo header changed (RFC 1624). */
  public TcpSegment adjustChecksumForAddressChange(final int oldAddress, final int newAddress) {
    return checksum(InternetChecksum.update32(checksum(), oldAddress, newAddress));
  }

  /** Absolute offset of the options. */
  public int optionsOffset() {
    return offset + OPTIONS_OFFSET;
  }

  public int optionsLength() {
    return headerLength() - MIN_HEADER_LENGTH;
  }

  public int payloadOffset() {
    return offset + headerLength();
  }

  public int payloadLength() {
    return length - headerLength();
  }
}
