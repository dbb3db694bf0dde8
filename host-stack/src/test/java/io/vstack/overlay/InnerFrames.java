package io.vstack.overlay;

import io.vstack.wire.EthernetFrame;
import io.vstack.wire.EthernetRepr;
import io.vstack.wire.Icmpv4Packet;
import io.vstack.wire.Ipv4Packet;
import org.agrona.MutableDirectBuffer;

/** Test builders of inner (tenant) frames written at an offset of a buffer. */
final class InnerFrames {
  static final int ECHO_DATA = 32;
  static final int ECHO_LENGTH =
      EthernetFrame.HEADER_LENGTH
          + Ipv4Packet.MIN_HEADER_LENGTH
          + Icmpv4Packet.HEADER_LENGTH
          + ECHO_DATA;

  private InnerFrames() {}

  /** An ICMP echo request; returns its length ({@link #ECHO_LENGTH}). */
  static int echoRequest(
      final MutableDirectBuffer buffer,
      final int offset,
      final long destinationMac,
      final long sourceMac,
      final int source,
      final int destination,
      final int sequence) {
    EthernetRepr.of(destinationMac, sourceMac, EthernetFrame.TYPE_IPV4)
        .emit(new EthernetFrame(), buffer, offset, ECHO_LENGTH);
    final Ipv4Packet ip =
        new Ipv4Packet()
            .wrapForEmit(buffer, offset + EthernetFrame.HEADER_LENGTH, Ipv4Packet.MIN_HEADER_LENGTH)
            .dscpEcn(0, 0)
            .totalLength(ECHO_LENGTH - EthernetFrame.HEADER_LENGTH)
            .identification(sequence)
            .flagsFragment(true, false, 0)
            .ttl(64)
            .protocol(Ipv4Packet.PROTOCOL_ICMP)
            .source(source)
            .destination(destination)
            .fillChecksum();
    final int icmpLength = Icmpv4Packet.HEADER_LENGTH + ECHO_DATA;
    final Icmpv4Packet icmp =
        new Icmpv4Packet()
            .wrapForEmit(buffer, ip.payloadOffset(), icmpLength)
            .type(Icmpv4Packet.TYPE_ECHO_REQUEST)
            .code(0)
            .identifier(0x1234)
            .sequence(sequence & 0xFFFF);
    for (int i = 0; i < ECHO_DATA; i++) {
      buffer.putByte(icmp.dataOffset() + i, (byte) i);
    }
    icmp.fillChecksum();
    return ECHO_LENGTH;
  }
}
