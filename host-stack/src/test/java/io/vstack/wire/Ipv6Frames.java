package io.vstack.wire;

import org.agrona.concurrent.UnsafeBuffer;

/** Builds Ethernet + IPv6 (+ extension headers) + ICMPv6 test frames with the views under test. */
final class Ipv6Frames {
  static final long DST_MAC = 0x0200_0000_0602L;
  static final long SRC_MAC = 0x0200_0000_0601L;

  private Ipv6Frames() {}

  /**
   * A frame whose IPv6 header is {@code ip} with payload length and next header filled in, followed
   * by one 8-octet options header (PadN only) per entry of {@code extensionHeaders} (hop-by-hop or
   * destination options) and then the ICMPv6 message.
   */
  static byte[] icmpv6(final Ipv6Repr ip, final int[] extensionHeaders, final Icmpv6Repr icmp) {
    final int extensions = extensionHeaders.length * Ipv6Packet.EXTENSION_UNIT;
    final Ipv6Repr header = new Ipv6Repr(ip.trafficClass(), ip.flowLabel(), extensions + icmp.length(),
        extensionHeaders.length == 0 ? Ipv6Packet.NEXT_HEADER_ICMPV6 : extensionHeaders[0], ip.hopLimit(),
        ip.source(), ip.destination());
    final byte[] frame = new byte[EthernetFrame.HEADER_LENGTH + Ipv6Packet.HEADER_LENGTH + header.payloadLength()];
    final UnsafeBuffer buffer = new UnsafeBuffer(frame);
    EthernetRepr.of(DST_MAC, SRC_MAC, EthernetFrame.TYPE_IPV6).emit(new EthernetFrame(), buffer, 0,
        frame.length - EthernetFrame.HEADER_LENGTH);
    final Ipv6Packet packet = header.emit(new Ipv6Packet(), buffer, EthernetFrame.HEADER_LENGTH);
    int offset = packet.payloadOffset();
    for (int i = 0; i < extensionHeaders.length; i++) {
      offset = paddedOptionsHeader(buffer, offset,
          i + 1 < extensionHeaders.length ? extensionHeaders[i + 1] : Ipv6Packet.NEXT_HEADER_ICMPV6);
    }
    icmp.emit(new Icmpv6Message(), buffer, offset,
        packet.pseudoHeaderSum(Ipv6Packet.NEXT_HEADER_ICMPV6, icmp.length()));
    return frame;
  }

  /** An 8-octet hop-by-hop/destination options header holding one PadN option; returns the offset after it. */
  static int paddedOptionsHeader(final UnsafeBuffer buffer, final int offset, final int nextHeader) {
    buffer.putByte(offset, (byte) nextHeader);
    buffer.putByte(offset + 1, (byte) 0);
    buffer.putByte(offset + 2, (byte) 1); // PadN
    buffer.putByte(offset + 3, (byte) 4);
    buffer.setMemory(offset + 4, 4, (byte) 0);
    return offset + Ipv6Packet.EXTENSION_UNIT;
  }
}
