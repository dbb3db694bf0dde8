package io.vstack.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.agrona.concurrent.UnsafeBuffer;

/** Builds whole Ethernet frames from reprs for interop and robustness tests. */
final class Frames {
  static final long MAC_A = 0x0200_0000_000AL;
  static final long MAC_B = 0x0200_0000_000BL;
  static final int IP_A = 0x0A00_0001;
  static final int IP_B = 0x0A00_0002;

  /** Minimum Ethernet frame without FCS; shorter frames are zero-padded like a NIC does. */
  static final int MIN_FRAME = 60;

  /** Writes a payload at an absolute offset. */
  @FunctionalInterface
  interface PayloadWriter {
    void write(UnsafeBuffer buffer, int offset);
  }

  private Frames() {}

  static byte[] ethernet(
      final EthernetRepr ethernet, final int payloadLength, final PayloadWriter payload) {
    final int length = ethernet.headerLength() + payloadLength;
    final byte[] bytes = new byte[Math.max(length, MIN_FRAME)];
    final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
    final EthernetFrame frame = ethernet.emit(new EthernetFrame(), buffer, 0, payloadLength);
    payload.write(buffer, frame.payloadOffset());
    return bytes;
  }

  static byte[] arp(final ArpRepr arp) {
    final long destination =
        arp.operation() == ArpPacket.OPERATION_REQUEST
            ? MacAddress.BROADCAST
            : arp.targetHardware();
    return ethernet(
        EthernetRepr.of(destination, arp.senderHardware(), EthernetFrame.TYPE_ARP),
        ArpPacket.LENGTH,
        (buffer, offset) -> arp.emit(new ArpPacket(), buffer, offset));
  }

  /** An IPv4 packet in an Ethernet frame (VLAN-tagged when {@code vlanId >= 0}). */
  static byte[] ipv4(final int vlanId, final Ipv4Repr ip, final PayloadWriter payload) {
    return ipv4(new EthernetRepr(MAC_B, MAC_A, vlanId, 0, EthernetFrame.TYPE_IPV4), ip, payload);
  }

  /** An IPv4 packet in an Ethernet frame with the given header. */
  static byte[] ipv4(final EthernetRepr ethernet, final Ipv4Repr ip, final PayloadWriter payload) {
    return ethernet(
        ethernet,
        ip.totalLength(),
        (buffer, offset) -> {
          final Ipv4Packet packet = ip.emit(new Ipv4Packet(), buffer, offset);
          payload.write(buffer, packet.payloadOffset());
        });
  }

  static byte[] icmpv4(final int source, final int destination, final Icmpv4Repr icmp) {
    return ipv4(
        -1,
        Ipv4Repr.of(source, destination, Ipv4Packet.PROTOCOL_ICMP, icmp.length()),
        (buffer, offset) -> icmp.emit(new Icmpv4Packet(), buffer, offset));
  }

  static byte[] udp(final int source, final int destination, final UdpRepr udp) {
    final Ipv4Repr ip = Ipv4Repr.of(source, destination, Ipv4Packet.PROTOCOL_UDP, udp.length());
    return ipv4(
        -1,
        ip,
        (buffer, offset) -> udp.emit(new UdpDatagram(), buffer, offset, ip.pseudoHeaderSum()));
  }

  /** A TCP segment in IPv4 in Ethernet (VLAN-tagged when {@code vlanId >= 0}). */
  static byte[] tcp(final int vlanId, final int source, final int destination, final TcpRepr tcp) {
    final Ipv4Repr ip = Ipv4Repr.of(source, destination, Ipv4Packet.PROTOCOL_TCP, tcp.length());
    return ipv4(
        vlanId,
        ip,
        (buffer, offset) -> tcp.emit(new TcpSegment(), buffer, offset, ip.pseudoHeaderSum()));
  }

  /** The IPv4 packet inside an untagged frame, without Ethernet header and padding. */
  static byte[] ipv4Bytes(final byte[] frame) {
    final int total = ((frame[16] & 0xFF) << 8) | (frame[17] & 0xFF);
    return Arrays.copyOfRange(
        frame, EthernetFrame.HEADER_LENGTH, EthernetFrame.HEADER_LENGTH + total);
  }

  /**
   * Wraps an untagged or tagged Ethernet/IPv4 frame built elsewhere (e.g. by scapy), asserting both
   * layers are OK; the returned view points at the transport header via its payload accessors.
   */
  static Ipv4Packet wrapIpv4(final byte[] frame) {
    final UnsafeBuffer buffer = new UnsafeBuffer(frame);
    final EthernetFrame ethernet = new EthernetFrame();
    assertThat(ethernet.wrap(buffer, 0, frame.length)).isEqualTo(WireError.OK);
    final Ipv4Packet ip = new Ipv4Packet();
    assertThat(ip.wrap(buffer, ethernet.payloadOffset(), ethernet.payloadLength()))
        .isEqualTo(WireError.OK);
    return ip;
  }

  static byte[] randomBytes(final java.util.Random random, final int length) {
    final byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return bytes;
  }
}
