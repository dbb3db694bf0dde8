package io.vstack.wire;

import org.agrona.MutableDirectBuffer;

/**
 * The meaning of a fixed IPv6 header: what {@link Ipv6Packet} parses into and emits from.
 *
 * @param trafficClass 8-bit traffic class (DSCP in the upper 6 bits, ECN in the lower 2)
 * @param flowLabel 20-bit flow label
 * @param payloadLength bytes after the fixed header (extension headers + upper layer)
 * @param nextHeader the first Next Header value
 * @param hopLimit hop limit
 * @param source source address
 * @param destination destination address
 */
public record Ipv6Repr(int trafficClass, int flowLabel, int payloadLength, int nextHeader, int hopLimit,
    Ipv6Address source, Ipv6Address destination) {

  public Ipv6Repr {
    if ((trafficClass & ~0xFF) != 0 || (flowLabel & ~Ipv6Packet.MAX_FLOW_LABEL) != 0
        || (payloadLength & ~0xFFFF) != 0 || (nextHeader & ~0xFF) != 0 || (hopLimit & ~0xFF) != 0) {
      throw new IllegalArgumentException("IPv6 field out of range (traffic class 8 bits, flow label 20, "
          + "payload length 16, next header 8, hop limit 8): " + trafficClass + "/" + flowLabel + "/"
          + payloadLength + "/" + nextHeader + "/" + hopLimit);
    }
  }

  /** Reads a view that {@link Ipv6Packet#wrap} accepted. */
  public static Ipv6Repr parse(final Ipv6Packet packet) {
    return new Ipv6Repr(packet.trafficClass(), packet.flowLabel(), packet.payloadLength(), packet.nextHeader(),
        packet.hopLimit(), new Ipv6Address(packet.sourceHi(), packet.sourceLo()),
        new Ipv6Address(packet.destinationHi(), packet.destinationLo()));
  }

  public int dscp() {
    return trafficClass >>> 2;
  }

  public int ecn() {
    return trafficClass & 0x3;
  }

  /**
   * Writes the 40-byte header at {@code offset}; the packet is {@code 40 + payloadLength} bytes.
   *
   * @return the view, for writing the payload at {@link Ipv6Packet#payloadOffset()}
   */
  public Ipv6Packet emit(final Ipv6Packet packet, final MutableDirectBuffer buffer, final int offset) {
    return packet.wrapForEmit(buffer, offset, Ipv6Packet.HEADER_LENGTH + payloadLength)
        .versionClassFlow(trafficClass, flowLabel)
        .payloadLength(payloadLength)
        .nextHeader(nextHeader)
        .hopLimit(hopLimit)
        .source(source.hi(), source.lo())
        .destination(destination.hi(), destination.lo());
  }
}
