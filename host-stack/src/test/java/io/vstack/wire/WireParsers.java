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
          default -> "other";
        };
  }
}
