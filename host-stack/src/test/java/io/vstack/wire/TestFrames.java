package io.vstack.wire;

/**
 * The outer IPv4/UDP and inner IPv4/TCP frames around the overlay formats under test, built with
 * the real reprs and fixed addresses so tshark and scapy see a consistent overlay flow.
 */
final class TestFrames {
  static final long OUTER_DST_MAC = 0x0200_0000_00B2L;
  static final long OUTER_SRC_MAC = 0x0200_0000_00B1L;
  static final int OUTER_SRC_IP = 0xC000_0201; // 192.0.2.1
  static final int OUTER_DST_IP = 0xC000_0202; // 192.0.2.2
  static final int OUTER_SRC_PORT = 49152;
  static final long INNER_DST_MAC = 0x0200_0000_0A02L;
  static final long INNER_SRC_MAC = 0x0200_0000_0A01L;
  static final int INNER_SRC_IP = 0x0A00_0001; // 10.0.0.1
  static final int INNER_DST_IP = 0x0A00_0002; // 10.0.0.2
  static final int INNER_SRC_PORT = 40000;

  /**
   * The echo port: tshark shows its payload as plain data (port 80 made it parse random bytes as
   * HTTP).
   */
  static final int INNER_DST_PORT = 7;

  private TestFrames() {}

  /** Ethernet + IPv4 + UDP to {@code dstPort}, UDP and IPv4 checksums filled in. */
  static byte[] ethernetIpv4Udp(final int dstPort, final byte[] udpPayload) {
    final UdpRepr udp = new UdpRepr(OUTER_SRC_PORT, dstPort, Octets.of(udpPayload));
    final Ipv4Repr ip =
        Ipv4Repr.of(OUTER_SRC_IP, OUTER_DST_IP, Ipv4Packet.PROTOCOL_UDP, udp.length());
    return Frames.ipv4(
        EthernetRepr.of(OUTER_DST_MAC, OUTER_SRC_MAC, EthernetFrame.TYPE_IPV4),
        ip,
        (buffer, offset) -> udp.emit(new UdpDatagram(), buffer, offset, ip.pseudoHeaderSum()));
  }

  /** Inner Ethernet + IPv4 + TCP (PSH|ACK) carrying {@code payload}, checksums filled in. */
  static byte[] ethernetIpv4Tcp(final int sequence, final byte[] payload) {
    final TcpRepr tcp =
        new TcpRepr(
            INNER_SRC_PORT,
            INNER_DST_PORT,
            sequence,
            1,
            TcpSegment.FLAG_PSH | TcpSegment.FLAG_ACK,
            65535,
            0,
            TcpOptionsRepr.NONE,
            Octets.of(payload));
    final Ipv4Repr ip =
        Ipv4Repr.of(INNER_SRC_IP, INNER_DST_IP, Ipv4Packet.PROTOCOL_TCP, tcp.length());
    return Frames.ipv4(
        EthernetRepr.of(INNER_DST_MAC, INNER_SRC_MAC, EthernetFrame.TYPE_IPV4),
        ip,
        (buffer, offset) -> tcp.emit(new TcpSegment(), buffer, offset, ip.pseudoHeaderSum()));
  }

  /** Offset of the UDP payload (the overlay header) in a frame from {@link #ethernetIpv4Udp}. */
  static int udpPayloadOffset() {
    return EthernetFrame.HEADER_LENGTH + Ipv4Packet.MIN_HEADER_LENGTH + UdpDatagram.HEADER_LENGTH;
  }
}
