package io.vstack.wire;

import static java.nio.ByteOrder.BIG_ENDIAN;

import org.agrona.MutableDirectBuffer;

/**
 * Checked flyweight view of an IPv4 header (RFC 791) and its payload.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |Version|  IHL  |   DSCP    |ECN|          Total Length         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |         Identification        |0|D|M|      Fragment Offset    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Time to Live |    Protocol   |         Header Checksum       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                       Source Address                          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Destination Address                        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Options (IHL > 5)          |    Padding    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>The buffer may be longer than Total Length (Ethernet pads short frames); {@link
 * #payloadLength()} follows Total Length. The {@code rewrite*}/{@code decrementTtl}/{@link
 * #markCongestionExperienced} helpers change one field and fix the header checksum incrementally
 * (RFC 1624) instead of recomputing it; a transport checksum covering the addresses must be fixed
 * separately (see {@link TcpSegment#adjustChecksumForAddressChange}).
 */
public final class Ipv4Packet {
  public static final int VERSION_IHL_OFFSET = 0;
  public static final int TOS_OFFSET = 1;
  public static final int TOTAL_LENGTH_OFFSET = 2;
  public static final int IDENTIFICATION_OFFSET = 4;
  public static final int FLAGS_FRAGMENT_OFFSET = 6;
  public static final int TTL_OFFSET = 8;
  public static final int PROTOCOL_OFFSET = 9;
  public static final int CHECKSUM_OFFSET = 10;
  public static final int SOURCE_OFFSET = 12;
  public static final int DESTINATION_OFFSET = 16;
  public static final int OPTIONS_OFFSET = 20;
  public static final int MIN_HEADER_LENGTH = 20;
  public static final int MAX_HEADER_LENGTH = 60;
  public static final int MAX_TOTAL_LENGTH = 0xFFFF;

  public static final int PROTOCOL_ICMP = 1;
  public static final int PROTOCOL_TCP = 6;
  public static final int PROTOCOL_UDP = 17;

  public static final int ECN_NOT_ECT = 0;
  public static final int ECN_ECT1 = 1;
  public static final int ECN_ECT0 = 2;
  public static final int ECN_CE = 3;

  /** Option kinds with no length byte (RFC 791): End of Option List and No Operation. */
  public static final int OPTION_END = 0;

  public static final int OPTION_NOP = 1;

  private static final int FLAG_RESERVED = 0x8000;
  private static final int FLAG_DONT_FRAGMENT = 0x4000;
  private static final int FLAG_MORE_FRAGMENTS = 0x2000;
  private static final int FRAGMENT_OFFSET_MASK = 0x1FFF;

  private MutableDirectBuffer buffer;
  private int offset;

  /**
   * Wraps and checks a received packet: {@code length} is what the buffer holds from {@code offset}
   * (the Ethernet payload), which may exceed Total Length.
   *
   * @return {@link WireError#OK}, or the first problem in this order: {@link WireError#TRUNCATED}
   *     (buffer shorter than 20 bytes or than Total Length), {@link WireError#BAD_VERSION}, {@link
   *     WireError#BAD_HEADER_LENGTH} (IHL below 5 or beyond Total Length), {@link
   *     WireError#BAD_TOTAL_LENGTH} (Total Length below 20), {@link WireError#BAD_CHECKSUM}, {@link
   *     WireError#BAD_OPTION} (an option with length below 2 or running past the header), {@link
   *     WireError#FRAGMENT} (a valid header of a fragment: MF set or a non-zero offset).
   */
  public WireError wrap(final MutableDirectBuffer buffer, final int offset, final int length) {
    this.buffer = buffer;
    this.offset = offset;
    if (Bounds.truncated(buffer, offset, length, MIN_HEADER_LENGTH)) {
      return WireError.TRUNCATED;
    }
    if (version() != 4) {
      return WireError.BAD_VERSION;
    }
    final int headerLength = headerLength();
    final int totalLength = totalLength();
    if (headerLength < MIN_HEADER_LENGTH) {
      return WireError.BAD_HEADER_LENGTH;
    }
    if (totalLength < MIN_HEADER_LENGTH) {
      return WireError.BAD_TOTAL_LENGTH;
    }
    if (headerLength > totalLength) {
      return WireError.BAD_HEADER_LENGTH;
    }
    if (totalLength > length) {
      return WireError.TRUNCATED;
    }
    if (headerLength == MIN_HEADER_LENGTH
        ? InternetChecksum.fold(minimumHeaderSum(buffer, offset)) != 0xFFFF
        : !InternetChecksum.verifies(buffer, offset, headerLength, 0)) {
      return WireError.BAD_CHECKSUM;
    }
    if (headerLength > MIN_HEADER_LENGTH
        && !optionsWellFormed(offset + OPTIONS_OFFSET, offset + headerLength)) {
      return WireError.BAD_OPTION;
    }
    return isFragment() ? WireError.FRAGMENT : WireError.OK;
  }

  // The 20 bytes of an option-less header as two 64-bit and one 32-bit load: the sum of its 32-bit
  // words folds to the same one's-complement sum as its 16-bit words (see InternetChecksum).
  private static long minimumHeaderSum(final MutableDirectBuffer buffer, final int offset) {
    final long first = buffer.getLong(offset, BIG_ENDIAN);
    final long second = buffer.getLong(offset + 8, BIG_ENDIAN);
    return (first >>> 32)
        + (first & 0xFFFF_FFFFL)
        + (second >>> 32)
        + (second & 0xFFFF_FFFFL)
        + (buffer.getInt(offset + 16, BIG_ENDIAN) & 0xFFFF_FFFFL);
  }

  /**
   * Writes a whole option-less header (IHL 5, DSCP 0, no fragmentation flags but DF) at {@code
   * offset}, its checksum computed from the field values rather than read back from the buffer: two
   * 64-bit and one 32-bit store. Senders' fast path (host agent, fused overlay, encapsulation).
   *
   * @param ecn the ECN codepoint ({@code ECN_*})
   * @param dontFragment whether DF is set
   */
  public static void writeHeader(
      final MutableDirectBuffer buffer,
      final int offset,
      final int ecn,
      final int totalLength,
      final int identification,
      final boolean dontFragment,
      final int ttl,
      final int protocol,
      final int source,
      final int destination) {
    final long word0 = 0x4500_0000L | (ecn & 0x3L) << 16 | (totalLength & 0xFFFFL);
    final long word1 = (identification & 0xFFFFL) << 16 | (dontFragment ? FLAG_DONT_FRAGMENT : 0);
    final long word2 = (ttl & 0xFFL) << 24 | (protocol & 0xFFL) << 16;
    final long sourceWord = source & 0xFFFF_FFFFL;
    final long destinationWord = destination & 0xFFFF_FFFFL;
    final long checksum =
        InternetChecksum.finish(word0 + word1 + word2 + sourceWord + destinationWord);
    buffer.putLong(offset, word0 << 32 | word1, BIG_ENDIAN);
    buffer.putLong(offset + 8, (word2 | checksum) << 32 | sourceWord, BIG_ENDIAN);
    buffer.putInt(offset + 16, destination, BIG_ENDIAN);
  }

  private boolean optionsWellFormed(final int start, final int end) {
    int i = start;
    while (i < end) {
      final int kind = buffer.getByte(i) & 0xFF;
      if (kind == OPTION_END) {
        return true;
      }
      if (kind == OPTION_NOP) {
        i++;
        continue;
      }
      if (end - i < 2) {
        return false;
      }
      final int optionLength = buffer.getByte(i + 1) & 0xFF;
      if (optionLength < 2 || optionLength > end - i) {
        return false;
      }
      i += optionLength;
    }
    return true;
  }

  /**
   * Wraps a buffer to write a new packet; writes version and IHL for {@code headerLength} (20..60,
   * a multiple of 4) and nothing else. Set the fields, then {@link #fillChecksum()}.
   */
  public Ipv4Packet wrapForEmit(
      final MutableDirectBuffer buffer, final int offset, final int headerLength) {
    this.buffer = buffer;
    this.offset = offset;
    buffer.putByte(offset + VERSION_IHL_OFFSET, (byte) (0x40 | (headerLength >>> 2)));
    return this;
  }

  public MutableDirectBuffer buffer() {
    return buffer;
  }

  public int offset() {
    return offset;
  }

  public int version() {
    return (buffer.getByte(offset + VERSION_IHL_OFFSET) >>> 4) & 0xF;
  }

  /** Header length in bytes (IHL * 4). */
  public int headerLength() {
    return (buffer.getByte(offset + VERSION_IHL_OFFSET) & 0xF) << 2;
  }

  /** Differentiated services code point (6 bits). */
  public int dscp() {
    return (buffer.getByte(offset + TOS_OFFSET) >>> 2) & 0x3F;
  }

  /** Explicit congestion notification codepoint (2 bits, RFC 3168): {@code ECN_*}. */
  public int ecn() {
    return buffer.getByte(offset + TOS_OFFSET) & 0x3;
  }

  public Ipv4Packet dscpEcn(final int dscp, final int ecn) {
    buffer.putByte(offset + TOS_OFFSET, (byte) ((dscp & 0x3F) << 2 | (ecn & 0x3)));
    return this;
  }

  public int totalLength() {
    return buffer.getShort(offset + TOTAL_LENGTH_OFFSET, BIG_ENDIAN) & 0xFFFF;
  }

  public Ipv4Packet totalLength(final int totalLength) {
    buffer.putShort(offset + TOTAL_LENGTH_OFFSET, (short) totalLength, BIG_ENDIAN);
    return this;
  }

  public int identification() {
    return buffer.getShort(offset + IDENTIFICATION_OFFSET, BIG_ENDIAN) & 0xFFFF;
  }

  public Ipv4Packet identification(final int identification) {
    buffer.putShort(offset + IDENTIFICATION_OFFSET, (short) identification, BIG_ENDIAN);
    return this;
  }

  private int flagsFragment() {
    return buffer.getShort(offset + FLAGS_FRAGMENT_OFFSET, BIG_ENDIAN) & 0xFFFF;
  }

  /** The reserved ("evil") flag bit; ignored on receive, as Linux does. */
  public boolean reservedFlag() {
    return (flagsFragment() & FLAG_RESERVED) != 0;
  }

  public boolean dontFragment() {
    return (flagsFragment() & FLAG_DONT_FRAGMENT) != 0;
  }

  public boolean moreFragments() {
    return (flagsFragment() & FLAG_MORE_FRAGMENTS) != 0;
  }

  /** Fragment offset in bytes (the field counts 8-byte units). */
  public int fragmentOffset() {
    return (flagsFragment() & FRAGMENT_OFFSET_MASK) << 3;
  }

  /** True when this packet is a fragment (MF set or a non-zero offset). */
  public boolean isFragment() {
    return (flagsFragment() & (FLAG_MORE_FRAGMENTS | FRAGMENT_OFFSET_MASK)) != 0;
  }

  /** Writes the flags and fragment offset ({@code fragmentOffset} in bytes, a multiple of 8). */
  public Ipv4Packet flagsFragment(
      final boolean dontFragment, final boolean moreFragments, final int fragmentOffset) {
    final int value =
        (dontFragment ? FLAG_DONT_FRAGMENT : 0)
            | (moreFragments ? FLAG_MORE_FRAGMENTS : 0)
            | ((fragmentOffset >>> 3) & FRAGMENT_OFFSET_MASK);
    buffer.putShort(offset + FLAGS_FRAGMENT_OFFSET, (short) value, BIG_ENDIAN);
    return this;
  }

  public int ttl() {
    return buffer.getByte(offset + TTL_OFFSET) & 0xFF;
  }

  public Ipv4Packet ttl(final int ttl) {
    buffer.putByte(offset + TTL_OFFSET, (byte) ttl);
    return this;
  }

  public int protocol() {
    return buffer.getByte(offset + PROTOCOL_OFFSET) & 0xFF;
  }

  public Ipv4Packet protocol(final int protocol) {
    buffer.putByte(offset + PROTOCOL_OFFSET, (byte) protocol);
    return this;
  }

  public int checksum() {
    return buffer.getShort(offset + CHECKSUM_OFFSET, BIG_ENDIAN) & 0xFFFF;
  }

  public Ipv4Packet checksum(final int checksum) {
    buffer.putShort(offset + CHECKSUM_OFFSET, (short) checksum, BIG_ENDIAN);
    return this;
  }

  /** Computes and writes the header checksum over {@link #headerLength()} bytes. */
  public Ipv4Packet fillChecksum() {
    checksum(0);
    return checksum(InternetChecksum.compute(buffer, offset, headerLength()));
  }

  public int source() {
    return Ipv4Address.read(buffer, offset + SOURCE_OFFSET);
  }

  public Ipv4Packet source(final int address) {
    Ipv4Address.write(buffer, offset + SOURCE_OFFSET, address);
    return this;
  }

  public int destination() {
    return Ipv4Address.read(buffer, offset + DESTINATION_OFFSET);
  }

  public Ipv4Packet destination(final int address) {
    Ipv4Address.write(buffer, offset + DESTINATION_OFFSET, address);
    return this;
  }

  /** Absolute buffer offset of the options (meaningful when {@link #optionsLength()} > 0). */
  public int optionsOffset() {
    return offset + OPTIONS_OFFSET;
  }

  public int optionsLength() {
    return headerLength() - MIN_HEADER_LENGTH;
  }

  /** Absolute buffer offset of the payload (the transport header). */
  public int payloadOffset() {
    return offset + headerLength();
  }

  /** Payload length from Total Length (Ethernet padding excluded). */
  public int payloadLength() {
    return totalLength() - headerLength();
  }

  /**
   * Sum of the pseudo header for this packet's transport protocol with the length left 0: what
   * {@link UdpDatagram} and {@link TcpSegment} take (they add their own length).
   */
  public long pseudoHeaderSum() {
    return InternetChecksum.ipv4PseudoHeaderSum(source(), destination(), protocol(), 0);
  }

  /**
   * Decrements the TTL by one and fixes the checksum (a router's forwarding step).
   *
   * @return the new TTL; the caller drops the packet when the old TTL was 0 or 1.
   */
  public int decrementTtl() {
    final int oldWord = buffer.getShort(offset + TTL_OFFSET, BIG_ENDIAN) & 0xFFFF;
    final int newWord = oldWord - 0x100;
    buffer.putShort(offset + TTL_OFFSET, (short) newWord, BIG_ENDIAN);
    checksum(InternetChecksum.update16(checksum(), oldWord, newWord & 0xFFFF));
    return ttl();
  }

  /** Replaces the source address and fixes the header checksum. */
  public Ipv4Packet rewriteSource(final int address) {
    final int old = source();
    source(address);
    return checksum(InternetChecksum.update32(checksum(), old, address));
  }

  /** Replaces the destination address and fixes the header checksum. */
  public Ipv4Packet rewriteDestination(final int address) {
    final int old = destination();
    destination(address);
    return checksum(InternetChecksum.update32(checksum(), old, address));
  }

  /**
   * Marks Congestion Experienced (ECN = 11) on an ECN-capable packet and fixes the checksum, as an
   * AQM does instead of dropping (RFC 3168 section 5).
   *
   * @return false (and nothing changed) when the packet is Not-ECT and must be dropped instead.
   */
  public boolean markCongestionExperienced() {
    if (ecn() == ECN_NOT_ECT) {
      return false;
    }
    final int oldWord = buffer.getShort(offset + VERSION_IHL_OFFSET, BIG_ENDIAN) & 0xFFFF;
    final int newWord = oldWord | ECN_CE;
    buffer.putShort(offset + VERSION_IHL_OFFSET, (short) newWord, BIG_ENDIAN);
    checksum(InternetChecksum.update16(checksum(), oldWord, newWord));
    return true;
  }
}
