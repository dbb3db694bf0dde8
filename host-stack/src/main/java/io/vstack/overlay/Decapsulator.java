package io.vstack.overlay;

import static java.nio.ByteOrder.BIG_ENDIAN;

import io.vstack.wire.EthernetFrame;
import io.vstack.wire.GeneveHeader;
import io.vstack.wire.InternetChecksum;
import io.vstack.wire.Ipv4Packet;
import io.vstack.wire.MacAddress;
import io.vstack.wire.OverlayProtocol;
import io.vstack.wire.UdpDatagram;
import io.vstack.wire.VxlanHeader;
import io.vstack.wire.WireError;
import org.agrona.MutableDirectBuffer;

/**
 * Parses an underlay frame as overlay traffic for this host and locates the inner frame, without
 * copying it: after {@link DecapDrop#PASS}, the inner Ethernet frame is {@link #innerLength()}
 * bytes at {@link #innerOffset()} of the same buffer, for tenant {@link #vni()}.
 *
 * <p>Every header is bounds-checked; a malformed frame yields a reason, never an exception. One
 * instance per thread; allocation-free.
 */
public final class Decapsulator {
  private static final int MIN_PLAIN_UDP_LENGTH =
      UdpDatagram.HEADER_LENGTH + VxlanHeader.HEADER_LENGTH + EthernetFrame.HEADER_LENGTH;
  private static final int MIN_PLAIN_VXLAN =
      EthernetFrame.HEADER_LENGTH + Ipv4Packet.MIN_HEADER_LENGTH + MIN_PLAIN_UDP_LENGTH;
  private final OverlaySettings settings;
  private final boolean shortcut;
  private final EthernetFrame ethernet = new EthernetFrame();
  private final Ipv4Packet ipv4 = new Ipv4Packet();
  private final UdpDatagram udp = new UdpDatagram();
  private final VxlanHeader vxlan = new VxlanHeader();
  private final GeneveHeader geneve = new GeneveHeader();
  private int vni;
  private int innerOffset;
  private int innerLength;
  private int outerSource;
  private long outerSourceMac;

  public Decapsulator(final OverlaySettings settings) {
    this(settings, true);
  }

  /** With {@code shortcut} false every frame takes the general checks (tests compare the two). */
  Decapsulator(final OverlaySettings settings, final boolean shortcut) {
    this.settings = settings;
    this.shortcut = shortcut && settings.protocol() == OverlayProtocol.VXLAN;
  }

  /** Parses the frame of {@code length} bytes at {@code offset}. */
  public DecapDrop decapsulate(
      final MutableDirectBuffer buffer, final int offset, final int length) {
    if (shortcut && plainVxlan(buffer, offset, length)) {
      return DecapDrop.PASS;
    }
    final WireError ethernetError = ethernet.wrap(buffer, offset, length);
    if (ethernetError != WireError.OK) {
      return ethernetError == WireError.TRUNCATED
          ? DecapDrop.MALFORMED_OUTER
          : DecapDrop.NOT_OVERLAY;
    }
    if (ethernet.etherType() != EthernetFrame.TYPE_IPV4) {
      return DecapDrop.NOT_OVERLAY;
    }
    final WireError ipError = ipv4.wrap(buffer, ethernet.payloadOffset(), ethernet.payloadLength());
    if (ipError == WireError.FRAGMENT) {
      return ipv4.destination() == settings.underlayIpv4()
          ? DecapDrop.OUTER_FRAGMENT
          : DecapDrop.NOT_OVERLAY;
    }
    if (ipError != WireError.OK) {
      return DecapDrop.MALFORMED_OUTER;
    }
    final WireError udpError = udp.wrap(buffer, ipv4.payloadOffset(), ipv4.payloadLength());
    if (ipv4.destination() != settings.underlayIpv4()
        || ipv4.protocol() != Ipv4Packet.PROTOCOL_UDP
        || udpError == WireError.TRUNCATED
        || udp.destinationPort() != settings.udpPort()) {
      return DecapDrop.NOT_OVERLAY;
    }
    if (ethernet.destination() != settings.underlayMac()) {
      return DecapDrop.NOT_FOR_THIS_HOST;
    }
    if (udpError != WireError.OK
        || udp.verifyChecksum(ipv4.pseudoHeaderSum(), true) != WireError.OK) {
      return DecapDrop.BAD_UDP;
    }
    outerSource = ipv4.source();
    outerSourceMac = ethernet.source();
    final int tunnel = udp.payloadOffset();
    final int tunnelLength = udp.payloadLength();
    final DecapDrop verdict =
        settings.protocol() == OverlayProtocol.VXLAN
            ? vxlan(buffer, tunnel, tunnelLength)
            : geneve(buffer, tunnel, tunnelLength);
    if (verdict != DecapDrop.PASS) {
      return verdict;
    }
    return innerLength < EthernetFrame.HEADER_LENGTH ? DecapDrop.INNER_TRUNCATED : DecapDrop.PASS;
  }

  /**
   * The common case in one pass of wide loads: untagged Ethernet to this host's MAC, an option-less
   * unfragmented IPv4 header to this host with a valid checksum, UDP to the overlay port without a
   * checksum, a VXLAN header with the VNI flag and at least an inner Ethernet header. Every such
   * frame passes the general checks below with the same results; anything else (or any doubt) is
   * left to them, so this shortcut changes no verdict.
   *
   * @return true, with the accessors set, when the frame is such a frame
   */
  private boolean plainVxlan(final MutableDirectBuffer buffer, final int offset, final int length) {
    if (offset < 0 || length < MIN_PLAIN_VXLAN || offset > buffer.capacity() - length) {
      return false;
    }
    final int ip = offset + EthernetFrame.HEADER_LENGTH;
    // Version/IHL, TOS, total length, identification, flags and fragment offset.
    final long ipFirst = buffer.getLong(ip, BIG_ENDIAN);
    // TTL, protocol, checksum, source.
    final long ipSecond = buffer.getLong(ip + 8, BIG_ENDIAN);
    final int destination = buffer.getInt(ip + 16, BIG_ENDIAN);
    // Source port, destination port, length, checksum.
    final long udpHeader = buffer.getLong(ip + Ipv4Packet.MIN_HEADER_LENGTH, BIG_ENDIAN);
    final int totalLength = (int) (ipFirst >>> 32) & 0xFFFF;
    final int udpLength = (int) (udpHeader >>> 16) & 0xFFFF;
    if (buffer.getShort(offset + EthernetFrame.TYPE_OFFSET, BIG_ENDIAN) != EthernetFrame.TYPE_IPV4
        || (ipFirst >>> 56) != 0x45
        || (ipFirst & 0x3FFF) != 0
        || ((ipSecond >>> 48) & 0xFF) != Ipv4Packet.PROTOCOL_UDP
        || destination != settings.underlayIpv4()
        || totalLength > length - EthernetFrame.HEADER_LENGTH
        || ((udpHeader >>> 32) & 0xFFFF) != settings.udpPort()
        || (udpHeader & 0xFFFF) != 0
        || udpLength < MIN_PLAIN_UDP_LENGTH
        || udpLength > totalLength - Ipv4Packet.MIN_HEADER_LENGTH
        || InternetChecksum.fold(
                (ipFirst >>> 32)
                    + (ipFirst & 0xFFFF_FFFFL)
                    + (ipSecond >>> 32)
                    + (ipSecond & 0xFFFF_FFFFL)
                    + (destination & 0xFFFF_FFFFL))
            != 0xFFFF
        || MacAddress.read(buffer, offset) != settings.underlayMac()) {
      return false;
    }
    final int tunnel = ip + Ipv4Packet.MIN_HEADER_LENGTH + UdpDatagram.HEADER_LENGTH;
    final long vxlanHeader = buffer.getLong(tunnel, BIG_ENDIAN);
    if ((vxlanHeader >>> 56 & VxlanHeader.FLAG_VNI_VALID) == 0) {
      return false;
    }
    outerSource = (int) ipSecond;
    outerSourceMac = MacAddress.read(buffer, offset + EthernetFrame.SOURCE_OFFSET);
    vni = (int) (vxlanHeader >>> 8) & 0xFF_FFFF;
    innerOffset = tunnel + VxlanHeader.HEADER_LENGTH;
    innerLength = udpLength - UdpDatagram.HEADER_LENGTH - VxlanHeader.HEADER_LENGTH;
    return true;
  }

  private DecapDrop vxlan(final MutableDirectBuffer buffer, final int offset, final int length) {
    if (vxlan.wrap(buffer, offset, length) != WireError.OK) {
      return DecapDrop.MALFORMED_TUNNEL;
    }
    vni = vxlan.vni();
    innerOffset = vxlan.payloadOffset();
    innerLength = vxlan.payloadLength();
    return DecapDrop.PASS;
  }

  private DecapDrop geneve(final MutableDirectBuffer buffer, final int offset, final int length) {
    if (geneve.wrap(buffer, offset, length) != WireError.OK) {
      return DecapDrop.MALFORMED_TUNNEL;
    }
    if (geneve.isOam()) {
      return DecapDrop.GENEVE_OAM;
    }
    if (geneve.protocolType() != GeneveHeader.PROTOCOL_ETHERNET) {
      return DecapDrop.UNSUPPORTED_PAYLOAD;
    }
    // This host interprets no option, so any critical one means drop (RFC 8926 section 3.5).
    for (GeneveHeader.OptionCursor option = geneve.options(); option.next(); ) {
      if (option.isCritical()) {
        return DecapDrop.GENEVE_CRITICAL_OPTION;
      }
    }
    vni = geneve.vni();
    innerOffset = geneve.payloadOffset();
    innerLength = geneve.payloadLength();
    return DecapDrop.PASS;
  }

  /** The VNI of the last frame that passed. */
  public int vni() {
    return vni;
  }

  /** Absolute offset of the inner Ethernet frame in the buffer. */
  public int innerOffset() {
    return innerOffset;
  }

  public int innerLength() {
    return innerLength;
  }

  /** Underlay IPv4 of the VTEP that sent the frame. */
  public int outerSource() {
    return outerSource;
  }

  /** Underlay MAC the frame came from (the VTEP or a router towards it). */
  public long outerSourceMac() {
    return outerSourceMac;
  }
}
