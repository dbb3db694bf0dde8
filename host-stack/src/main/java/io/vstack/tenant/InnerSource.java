package io.vstack.tenant;

import io.vstack.wire.ArpPacket;
import io.vstack.wire.EthernetFrame;
import io.vstack.wire.Ipv4Packet;
import io.vstack.wire.Ipv6Packet;
import io.vstack.wire.WireError;
import org.agrona.MutableDirectBuffer;

/**
 * Reads who an inner (tenant) Ethernet frame claims to come from: source MAC and, for ARP, IPv4 or
 * IPv6, the source address (the ARP sender address for ARP). The anti-spoofing checks compare these
 * claims with what the tenant owns. One instance per thread; reused for every frame, so it
 * allocates nothing.
 */
public final class InnerSource {
  /** What kind of network-layer source the frame carries. */
  public enum Kind {
    ARP,
    IPV4,
    IPV6
  }

  private final EthernetFrame ethernet = new EthernetFrame();
  private final ArpPacket arp = new ArpPacket();
  private final Ipv4Packet ipv4 = new Ipv4Packet();
  private final Ipv6Packet ipv6 = new Ipv6Packet();
  private Kind kind;
  private WireError ipv4Error = WireError.OK;
  private long mac;
  private int ipv4Source;
  private int ipv4Destination;
  private long ipv6Hi;
  private long ipv6Lo;

  /**
   * Parses the frame's headers up to its network-layer source.
   *
   * @return {@link TenantDrop#PASS} when the accessors are valid, {@link
   *     TenantDrop#MALFORMED_INNER} for malformed headers, {@link TenantDrop#UNSUPPORTED_INNER} for
   *     other EtherTypes (IPv4 fragments pass: every fragment carries the source address)
   */
  public TenantDrop read(final MutableDirectBuffer buffer, final int offset, final int length) {
    final WireError ethernetError = ethernet.wrap(buffer, offset, length);
    if (ethernetError != WireError.OK) {
      return ethernetError == WireError.UNSUPPORTED
          ? TenantDrop.UNSUPPORTED_INNER
          : TenantDrop.MALFORMED_INNER;
    }
    mac = ethernet.source();
    final int payload = ethernet.payloadOffset();
    final int payloadLength = ethernet.payloadLength();
    switch (ethernet.etherType()) {
      case EthernetFrame.TYPE_ARP -> {
        if (arp.wrap(buffer, payload, payloadLength) != WireError.OK) {
          return TenantDrop.MALFORMED_INNER;
        }
        kind = Kind.ARP;
        ipv4Source = arp.senderProtocol();
        ipv4Destination = arp.targetProtocol();
        // The ARP sender MAC is a claim too (peers cache it): it must match the frame's source.
        return arp.senderHardware() == mac ? TenantDrop.PASS : TenantDrop.SPOOFED_SOURCE_MAC;
      }
      case EthernetFrame.TYPE_IPV4 -> {
        final WireError error = ipv4.wrap(buffer, payload, payloadLength);
        if (error != WireError.OK && error != WireError.FRAGMENT) {
          return TenantDrop.MALFORMED_INNER;
        }
        kind = Kind.IPV4;
        ipv4Error = error;
        ipv4Source = ipv4.source();
        ipv4Destination = ipv4.destination();
        return TenantDrop.PASS;
      }
      case EthernetFrame.TYPE_IPV6 -> {
        if (ipv6.wrap(buffer, payload, payloadLength) != WireError.OK) {
          return TenantDrop.MALFORMED_INNER;
        }
        kind = Kind.IPV6;
        ipv6Hi = ipv6.sourceHi();
        ipv6Lo = ipv6.sourceLo();
        return TenantDrop.PASS;
      }
      default -> {
        return TenantDrop.UNSUPPORTED_INNER;
      }
    }
  }

  public Kind kind() {
    return kind;
  }

  /**
   * The frame's Ethernet header view, wrapped by the last {@link #read} (valid when it got past the
   * Ethernet header).
   */
  public EthernetFrame ethernet() {
    return ethernet;
  }

  /**
   * The inner IPv4 header view, wrapped and checked (checksum included) by the last {@link #read}
   * when {@link #kind()} is IPV4: a consumer can use it instead of checking the header again.
   */
  public Ipv4Packet ipv4() {
    return ipv4;
  }

  /** What checking the inner IPv4 header answered: OK or FRAGMENT (when kind is IPV4). */
  public WireError ipv4Error() {
    return ipv4Error;
  }

  /** The Ethernet source MAC. */
  public long mac() {
    return mac;
  }

  /** The Ethernet destination MAC. */
  public long destinationMac() {
    return ethernet.destination();
  }

  /** IPv4 source, or the ARP sender protocol address. */
  public int ipv4Source() {
    return ipv4Source;
  }

  /** IPv4 destination, or the ARP target protocol address: where the frame is headed. */
  public int ipv4Destination() {
    return ipv4Destination;
  }

  public long ipv6SourceHi() {
    return ipv6Hi;
  }

  public long ipv6SourceLo() {
    return ipv6Lo;
  }
}
