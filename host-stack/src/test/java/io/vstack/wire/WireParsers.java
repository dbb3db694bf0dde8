package io.vstack.wire;

import org.agrona.MutableDirectBuffer;

/**
 * Every parser of this package behind one entry point per format, for robustness and fuzz tests:
 * each wraps, and when the view accepts, reads every field through the Repr (so accessors are
 * exercised too) and returns a description of what it saw.
 */
final class WireParsers {
  private final EthernetFrame ethernet = new EthernetFrame();
  private final ArpPacket arp = new ArpPacket();
  private final Ipv4Packet ipv4 = new Ipv4Packet();
  private final Icmpv4Packet icmpv4 = new Icmpv4Packet();
  private final UdpDatagram udp = new UdpDatagram();
  private final TcpSegment tcp = new TcpSegment();
  private final TcpOptionsReader tcpOptions = new TcpOptionsReader();
  private final int[] sackBlocks = new int[8];

  /** Pseudo-header sum used when a transport header is parsed on its own. */
  static final long STANDALONE_PSEUDO_SUM =
      InternetChecksum.ipv4PseudoHeaderSum(Frames.IP_A, Frames.IP_B, 0, 0);

  String arp(final MutableDirectBuffer buffer, final int offset, final int length) {
    final WireError error = arp.wrap(buffer, offset, length);
    return error == WireError.OK ? ArpRepr.parse(arp).toString() : error.name();
  }

  String ipv4(final MutableDirectBuffer buffer, final int offset, final int length) {
    final WireError error = ipv4.wrap(buffer, offset, length);
    if (error != WireError.OK && error != WireError.FRAGMENT) {
      return error.name();
    }
    return error
        + " "
        + Ipv4Repr.parse(ipv4)
        + " ecn="
        + ipv4.ecn()
        + " evil="
        + ipv4.reservedFlag()
        + " pseudo="
        + ipv4.pseudoHeaderSum();
  }

  String icmpv4(final MutableDirectBuffer buffer, final int offset, final int length) {
    final WireError error = icmpv4.wrap(buffer, offset, length);
    return error == WireError.OK ? Icmpv4Repr.parse(icmpv4).toString() : error.name();
  }

  String udp(final MutableDirectBuffer buffer, final int offset, final int length) {
    return udp(buffer, offset, length, STANDALONE_PSEUDO_SUM);
  }

  private String udp(
      final MutableDirectBuffer buffer, final int offset, final int length, final long pseudoSum) {
    final WireError error = udp.wrap(buffer, offset, length);
    if (error != WireError.OK) {
      return error.name();
    }
    return udp.verifyChecksum(pseudoSum, true)
        + "/"
        + udp.verifyChecksum(pseudoSum, false)
        + " "
        + UdpRepr.parse(udp);
  }

  String tcp(final MutableDirectBuffer buffer, final int offset, final int length) {
    return tcp(buffer, offset, length, STANDALONE_PSEUDO_SUM);
  }

  private String tcp(
      final MutableDirectBuffer buffer, final int offset, final int length, final long pseudoSum) {
    final WireError error = tcp.wrap(buffer, offset, length);
    if (error != WireError.OK) {
      return error.name();
    }
    final TcpOptionsReader options = tcp.options();
    final int blocks = options.sackBlocks(sackBlocks);
    return tcp.verifyChecksum(pseudoSum)
        + " "
        + TcpRepr.parse(tcp)
        + " reserved="
        + tcp.reservedBits()
        + " sack="
        + blocks
        + ":"
        + java.util.Arrays.toString(sackBlocks);
  }

  /**
   * The options reader on its own over arbitrary bytes (as if they were the option area, max 40).
   */
  String tcpOptions(final MutableDirectBuffer buffer, final int offset, final int length) {
    final WireError error =
        tcpOptions.read(buffer, offset, Math.min(length, TcpSegment.MAX_OPTIONS_LENGTH));
    return error == WireError.OK ? TcpOptionsRepr.parse(tcpOptions).toString() : error.name();
  }

  /** A whole Ethernet frame, down to the innermost header this package parses. */
  String frame(final MutableDirectBuffer buffer, final int offset, final int length) {
    final WireError error = ethernet.wrap(buffer, offset, length);
    if (error != WireError.OK) {
      return "eth " + error;
    }
    final String link = EthernetRepr.parse(ethernet) + " / ";
    final int payloadOffset = ethernet.payloadOffset();
    final int payloadLength = ethernet.payloadLength();
    return switch (ethernet.etherType()) {
      case EthernetFrame.TYPE_ARP -> link + arp(buffer, payloadOffset, payloadLength);
      case EthernetFrame.TYPE_IPV4 -> link + ipv4Chain(buffer, payloadOffset, payloadLength);
      default -> link + "other";
    };
  }

  private String ipv4Chain(final MutableDirectBuffer buffer, final int offset, final int length) {
    final String ip = ipv4(buffer, offset, length);
    if (ipv4.wrap(buffer, offset, length) != WireError.OK) {
      return ip;
    }
    final int payloadOffset = ipv4.payloadOffset();
    final int payloadLength = ipv4.payloadLength();
    return ip
        + " / "
        + switch (ipv4.protocol()) {
          case Ipv4Packet.PROTOCOL_ICMP -> icmpv4(buffer, payloadOffset, payloadLength);
          case Ipv4Packet.PROTOCOL_UDP ->
              udp(buffer, payloadOffset, payloadLength, ipv4.pseudoHeaderSum());
          case Ipv4Packet.PROTOCOL_TCP ->
              tcp(buffer, payloadOffset, payloadLength, ipv4.pseudoHeaderSum());
          default -> "other";
        };
  }
}
