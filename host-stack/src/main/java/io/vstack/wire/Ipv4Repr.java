package io.vstack.wire;

import org.agrona.MutableDirectBuffer;

/**
 * The meaning of an IPv4 header, detached from any buffer. Options are carried as raw bytes (a
 * multiple of 4, at most 40, already padded); the stack does not act on any option.
 *
 * @param source source address
 * @param destination destination address
 * @param protocol payload protocol ({@code Ipv4Packet.PROTOCOL_*})
 * @param ttl time to live
 * @param dscp differentiated services code point (6 bits)
 * @param ecn ECN codepoint (2 bits)
 * @param identification identification field
 * @param dontFragment DF flag
 * @param moreFragments MF flag
 * @param fragmentOffset fragment offset in bytes (multiple of 8)
 * @param options raw option bytes
 * @param payloadLength bytes after the header (Total Length minus header length)
 */
public record Ipv4Repr(
    int source,
    int destination,
    int protocol,
    int ttl,
    int dscp,
    int ecn,
    int identification,
    boolean dontFragment,
    boolean moreFragments,
    int fragmentOffset,
    Octets options,
    int payloadLength) {

  /** Default TTL of the hosts we emit from (Linux's default). */
  public static final int DEFAULT_TTL = 64;

  /** Checks the field ranges; throws IllegalArgumentException naming the bad field. */
  public Ipv4Repr {
    if ((protocol | ttl) >>> 8 != 0
        || dscp >>> 6 != 0
        || ecn >>> 2 != 0
        || identification >>> 16 != 0) {
      throw new IllegalArgumentException(
          "IPv4 field out of range (protocol, ttl 0..255, dscp 0..63, ecn 0..3, "
              + "identification 0..65535): "
              + protocol
              + ", "
              + ttl
              + ", "
              + dscp
              + ", "
              + ecn
              + ", "
              + identification);
    }
    if (options.length() % 4 != 0
        || options.length() > Ipv4Packet.MAX_HEADER_LENGTH - Ipv4Packet.MIN_HEADER_LENGTH) {
      throw new IllegalArgumentException(
          "IPv4 options must be a multiple of 4 bytes, at most 40: " + options.length());
    }
    if (payloadLength < 0
        || payloadLength
            > Ipv4Packet.MAX_TOTAL_LENGTH - Ipv4Packet.MIN_HEADER_LENGTH - options.length()) {
      throw new IllegalArgumentException("IPv4 payload length out of range: " + payloadLength);
    }
    if ((fragmentOffset & 7) != 0 || fragmentOffset < 0 || fragmentOffset > 0x1FFF << 3) {
      throw new IllegalArgumentException(
          "IPv4 fragment offset must be a multiple of 8 below 65536: " + fragmentOffset);
    }
  }

  /** An unfragmented packet with DF set, no options, TTL 64, DSCP 0 and Not-ECT. */
  public static Ipv4Repr of(
      final int source, final int destination, final int protocol, final int payloadLength) {
    return new Ipv4Repr(
        source,
        destination,
        protocol,
        DEFAULT_TTL,
        0,
        Ipv4Packet.ECN_NOT_ECT,
        0,
        true,
        false,
        0,
        Octets.EMPTY,
        payloadLength);
  }

  /** Reads a view that {@link Ipv4Packet#wrap} accepted (OK or FRAGMENT). */
  public static Ipv4Repr parse(final Ipv4Packet packet) {
    return new Ipv4Repr(
        packet.source(),
        packet.destination(),
        packet.protocol(),
        packet.ttl(),
        packet.dscp(),
        packet.ecn(),
        packet.identification(),
        packet.dontFragment(),
        packet.moreFragments(),
        packet.fragmentOffset(),
        Octets.read(packet.buffer(), packet.optionsOffset(), packet.optionsLength()),
        packet.payloadLength());
  }

  public int headerLength() {
    return Ipv4Packet.MIN_HEADER_LENGTH + options.length();
  }

  public int totalLength() {
    return headerLength() + payloadLength;
  }

  /** Pseudo-header sum with the length left 0, for the transport checksum. */
  public long pseudoHeaderSum() {
    return InternetChecksum.ipv4PseudoHeaderSum(source, destination, protocol, 0);
  }

  /**
   * Writes the header, options and checksum at {@code offset}.
   *
   * @return the view, whose {@link Ipv4Packet#payloadOffset()} is where the payload goes.
   */
  public Ipv4Packet emit(
      final Ipv4Packet packet, final MutableDirectBuffer buffer, final int offset) {
    packet
        .wrapForEmit(buffer, offset, headerLength())
        .dscpEcn(dscp, ecn)
        .totalLength(totalLength())
        .identification(identification)
        .flagsFragment(dontFragment, moreFragments, fragmentOffset)
        .ttl(ttl)
        .protocol(protocol)
        .source(source)
        .destination(destination);
    options.write(buffer, packet.optionsOffset());
    return packet.fillChecksum();
  }
}
