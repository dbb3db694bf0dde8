package io.vstack.tenant;

import io.vstack.wire.EthernetFrame;
import io.vstack.wire.EthernetRepr;
import io.vstack.wire.GeneveHeader;
import io.vstack.wire.GeneveRepr;
import io.vstack.wire.Ipv4Packet;
import io.vstack.wire.Ipv4Repr;
import io.vstack.wire.Octets;
import io.vstack.wire.OverlayProtocol;
import io.vstack.wire.UdpDatagram;
import io.vstack.wire.UdpRepr;
import io.vstack.wire.VxlanHeader;
import io.vstack.wire.VxlanRepr;
import java.util.List;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Underlay frames (Ethernet / IPv4 / UDP / VXLAN or Geneve / inner Ethernet) emitted with the wire
 * module's Repr types, for tests of steering rules.
 */
final class OverlayFrames {
  static final long OUTER_DST_MAC = 0x0200_0000_00B2L;
  static final long OUTER_SRC_MAC = 0x0200_0000_00B1L;
  static final int OUTER_SRC_IP = 0xC000_0201; // 192.0.2.1
  static final int OUTER_DST_IP = 0xC000_0202; // 192.0.2.2
  static final int OUTER_SRC_PORT = 49152;
  private static final int INNER_PAYLOAD = 46;

  private OverlayFrames() {}

  /** An overlay frame of {@code protocol} with {@code vni}, sent to UDP port {@code udpPort}. */
  static byte[] tunnelled(final OverlayProtocol protocol, final int udpPort, final int vni) {
    final byte[] inner = inner();
    final byte[] tunnel;
    if (protocol == OverlayProtocol.VXLAN) {
      tunnel = new byte[VxlanHeader.HEADER_LENGTH + inner.length];
      final VxlanHeader header =
          new VxlanRepr(vni).emit(new VxlanHeader(), new UnsafeBuffer(tunnel), 0, inner.length);
      System.arraycopy(inner, 0, tunnel, header.payloadOffset(), inner.length);
    } else {
      final GeneveRepr geneve = GeneveRepr.ethernet(vni, List.of());
      tunnel = new byte[geneve.headerLength() + inner.length];
      final GeneveHeader header =
          geneve.emit(new GeneveHeader(), new UnsafeBuffer(tunnel), 0, inner.length);
      System.arraycopy(inner, 0, tunnel, header.payloadOffset(), inner.length);
    }
    return udp(udpPort, tunnel);
  }

  /** A plain UDP datagram to {@code port} in an IPv4 Ethernet frame. */
  static byte[] udp(final int port, final byte[] payload) {
    final UdpRepr udp = new UdpRepr(OUTER_SRC_PORT, port, Octets.of(payload));
    final Ipv4Repr ip =
        Ipv4Repr.of(OUTER_SRC_IP, OUTER_DST_IP, Ipv4Packet.PROTOCOL_UDP, udp.length());
    final byte[] frame = new byte[EthernetFrame.HEADER_LENGTH + ip.totalLength()];
    final UnsafeBuffer buffer = new UnsafeBuffer(frame);
    final EthernetFrame ethernet =
        EthernetRepr.of(OUTER_DST_MAC, OUTER_SRC_MAC, EthernetFrame.TYPE_IPV4)
            .emit(new EthernetFrame(), buffer, 0, ip.totalLength());
    final Ipv4Packet packet = ip.emit(new Ipv4Packet(), buffer, ethernet.payloadOffset());
    udp.emit(new UdpDatagram(), buffer, packet.payloadOffset(), ip.pseudoHeaderSum());
    return frame;
  }

  private static byte[] inner() {
    final byte[] inner = new byte[EthernetFrame.HEADER_LENGTH + INNER_PAYLOAD];
    EthernetRepr.of(0x0200_0000_0A02L, 0x0200_0000_0A01L, EthernetFrame.TYPE_IPV4)
        .emit(new EthernetFrame(), new UnsafeBuffer(inner), 0, INNER_PAYLOAD);
    return inner;
  }
}
