package io.vstack.overlay;

import static java.nio.ByteOrder.BIG_ENDIAN;

import io.vstack.wire.EthernetFrame;
import io.vstack.wire.GeneveHeader;
import io.vstack.wire.InternetChecksum;
import io.vstack.wire.Ipv4Packet;
import io.vstack.wire.Ipv6Packet;
import io.vstack.wire.OverlayProtocol;
import io.vstack.wire.UdpDatagram;
import io.vstack.wire.VxlanHeader;
import org.agrona.MutableDirectBuffer;

/**
 * Writes the outer headers of an overlay frame in one pass, in front of an inner Ethernet frame
 * that is already in place.
 *
 * <h2>Headroom convention</h2>
 *
 * A transmit slot is laid out so the inner frame starts {@link #headroom()} bytes in; encapsulation
 * fills exactly the bytes before it, and the finished frame starts at the slot's first byte:
 *
 * <pre>
 *   slot: | outer Ethernet 14 | outer IPv4 20 | UDP 8 | VXLAN 8 / Geneve 8+opt | inner frame ... |
 *         0                                                                     headroom()
 * </pre>
 *
 * The fused transmit path writes the inner Ethernet/IP/TCP headers and payload at {@code
 * headroom()} of the port's tx slot, then calls {@link #encapsulate} with {@code innerOffset =
 * headroom()}: every header of the packet is written once, straight into the port's buffer, and
 * nothing is moved. The headroom depends only on the settings, so it is known before the first byte
 * is written.
 *
 * <p>Outer IPv4: DF set (RFC 7348 section 4.3: VTEPs must not fragment; MSS clamping makes inner
 * packets fit, see {@link #innerTcpMss}), TTL 64, a rolling identification, the header checksum
 * (computed from the field values, {@link Ipv4Packet#writeHeader}). One instance per thread;
 * allocation-free.
 */
public final class Encapsulator {
  /** TTL of outer packets (Linux vxlan uses the route's default, 64). */
  public static final int OUTER_TTL = 64;

  private static final int OUTER_IPV4 = EthernetFrame.HEADER_LENGTH;
  private static final int OUTER_UDP = OUTER_IPV4 + Ipv4Packet.MIN_HEADER_LENGTH;
  private static final int TUNNEL = OUTER_UDP + UdpDatagram.HEADER_LENGTH;
  private static final int TCP_MIN_HEADER_LENGTH = 20;

  private final OverlaySettings settings;
  private final int tunnelLength;
  private final int headroom;
  private final boolean criticalOptions;
  private final EthernetFrame ethernet = new EthernetFrame();
  private final UdpDatagram udp = new UdpDatagram();
  private final VxlanHeader vxlan = new VxlanHeader();
  private final GeneveHeader geneve = new GeneveHeader();
  private int identification;

  public Encapsulator(final OverlaySettings settings) {
    this.settings = settings;
    this.tunnelLength =
        settings.protocol() == OverlayProtocol.VXLAN
            ? VxlanHeader.HEADER_LENGTH
            : GeneveHeader.HEADER_LENGTH + settings.geneveOptions().length();
    this.headroom = TUNNEL + tunnelLength;
    this.criticalOptions = settings.geneveCriticalOptions();
  }

  public OverlaySettings settings() {
    return settings;
  }

  /**
   * Bytes written in front of the inner frame: outer Ethernet + IPv4 + UDP + tunnel header (50 for
   * VXLAN, 50 + options for Geneve).
   */
  public int headroom() {
    return headroom;
  }

  /**
   * What the overlay takes from the underlay MTU: outer IPv4 + UDP + tunnel header + the inner
   * Ethernet header (50 for VXLAN over IPv4, more for Geneve options).
   */
  public int mtuOverhead() {
    return Ipv4Packet.MIN_HEADER_LENGTH
        + UdpDatagram.HEADER_LENGTH
        + tunnelLength
        + EthernetFrame.HEADER_LENGTH;
  }

  /**
   * The largest inner TCP MSS whose segments fit the underlay MTU without fragmentation, e.g. 1410
   * for VXLAN over a 1500-byte underlay with inner IPv4 (1500 - 50 - 20 - 20).
   *
   * @param underlayMtu the underlay's IP MTU
   * @param innerIpv6 the inner network is IPv6 (40-byte header instead of 20)
   * @return the MSS to clamp to, at least 0
   */
  public int innerTcpMss(final int underlayMtu, final boolean innerIpv6) {
    final int innerIp = innerIpv6 ? Ipv6Packet.HEADER_LENGTH : Ipv4Packet.MIN_HEADER_LENGTH;
    return Math.max(0, underlayMtu - mtuOverhead() - innerIp - TCP_MIN_HEADER_LENGTH);
  }

  /**
   * Writes outer Ethernet, IPv4, UDP and the tunnel header into {@code [innerOffset - headroom(),
   * innerOffset)}, in front of the inner frame of {@code innerLength} bytes at {@code innerOffset}.
   *
   * @param vni the tenant's network identifier
   * @param destination underlay IPv4 of the remote VTEP
   * @param nextHopMac underlay MAC of the remote VTEP (or the gateway towards it)
   * @return the offset of the outer frame ({@code innerOffset - headroom()}); its length is {@code
   *     headroom() + innerLength}. -1, writing nothing, when the headroom or the buffer is too
   *     short or the outer packet would exceed 65535 bytes.
   */
  public int encapsulate(
      final MutableDirectBuffer buffer,
      final int innerOffset,
      final int innerLength,
      final int vni,
      final int destination,
      final long nextHopMac) {
    if (!fits(buffer, innerOffset, innerLength)) {
      return -1;
    }
    return encapsulate(
        buffer,
        innerOffset,
        innerLength,
        vni,
        destination,
        nextHopMac,
        FlowHash.sourcePort(buffer, innerOffset, innerLength, settings.hashSeed()));
  }

  /**
   * {@link #encapsulate(MutableDirectBuffer, int, int, int, int, long)} with the outer UDP source
   * port given, e.g. {@link FlowHash#ipv4SourcePort} computed by a sender that knows the inner
   * packet's fields.
   */
  public int encapsulate(
      final MutableDirectBuffer buffer,
      final int innerOffset,
      final int innerLength,
      final int vni,
      final int destination,
      final long nextHopMac,
      final int sourcePort) {
    if (!fits(buffer, innerOffset, innerLength)) {
      return -1;
    }
    final int start = innerOffset - headroom;
    final int outerIpLength = headroom - OUTER_IPV4 + innerLength;
    ethernet
        .wrapForEmit(buffer, start, headroom + innerLength)
        .destination(nextHopMac)
        .source(settings.underlayMac())
        .etherType(EthernetFrame.TYPE_IPV4);
    Ipv4Packet.writeHeader(
        buffer,
        start + OUTER_IPV4,
        Ipv4Packet.ECN_NOT_ECT,
        outerIpLength,
        identification++ & 0xFFFF,
        true,
        OUTER_TTL,
        Ipv4Packet.PROTOCOL_UDP,
        settings.underlayIpv4(),
        destination);
    final int udpLength = outerIpLength - Ipv4Packet.MIN_HEADER_LENGTH;
    // Source port, destination port, length, checksum 0 (filled below if the settings ask).
    buffer.putLong(
        start + OUTER_UDP,
        (long) sourcePort << 48 | (long) settings.udpPort() << 32 | (long) udpLength << 16,
        BIG_ENDIAN);
    writeTunnelHeader(buffer, start + TUNNEL, innerLength, vni);
    if (settings.udpChecksum()) {
      udp.wrapForEmit(buffer, start + OUTER_UDP)
          .fillChecksum(
              InternetChecksum.ipv4PseudoHeaderSum(
                  settings.underlayIpv4(), destination, Ipv4Packet.PROTOCOL_UDP, 0));
    }
    return start;
  }

  private boolean fits(
      final MutableDirectBuffer buffer, final int innerOffset, final int innerLength) {
    return innerOffset >= headroom
        && innerLength >= 0
        && innerOffset <= buffer.capacity() - innerLength
        && headroom - OUTER_IPV4 + innerLength <= Ipv4Packet.MAX_TOTAL_LENGTH;
  }

  private void writeTunnelHeader(
      final MutableDirectBuffer buffer, final int offset, final int innerLength, final int vni) {
    if (settings.protocol() == OverlayProtocol.VXLAN) {
      vxlan.wrapForEmit(buffer, offset, VxlanHeader.HEADER_LENGTH + innerLength).vni(vni);
      return;
    }
    final int optionsLength = settings.geneveOptions().length();
    geneve
        .wrapForEmit(buffer, offset, tunnelLength + innerLength)
        .header(optionsLength, false, criticalOptions, GeneveHeader.PROTOCOL_ETHERNET, vni);
    if (optionsLength > 0) {
      settings.geneveOptions().write(buffer, geneve.optionsOffset());
    }
  }
}
