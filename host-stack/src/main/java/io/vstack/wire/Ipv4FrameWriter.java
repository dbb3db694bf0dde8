package io.vstack.wire;

import org.agrona.MutableDirectBuffer;

/**
 * Writes the Ethernet and IPv4 headers of an outgoing packet in one go, as every vstack sender
 * does: no IP options, DF set (path MTU is the sender's business, RFC 1191), TTL {@link #TTL}, a
 * rolling identification, the header checksum. The caller writes the payload after them. Shared by
 * the host agent and the fused overlay fast path (inner headers). One instance per sender (it owns
 * the identification counter); allocation-free.
 */
public final class Ipv4FrameWriter {
  /** TTL of every packet sent (Linux's default). */
  public static final int TTL = 64;

  /** Bytes written in front of the payload: Ethernet (untagged) and IPv4 without options. */
  public static final int HEADERS_LENGTH =
      EthernetFrame.HEADER_LENGTH + Ipv4Packet.MIN_HEADER_LENGTH;

  private final EthernetFrame ethernet = new EthernetFrame();
  private int identification;

  /**
   * Writes both headers at {@code offset} for a payload of {@code payloadLength} bytes.
   *
   * @param ecn the IP ECN codepoint ({@code Ipv4Packet.ECN_*})
   * @return the frame's length: {@link #HEADERS_LENGTH} plus {@code payloadLength}
   */
  public int write(
      final MutableDirectBuffer buffer,
      final int offset,
      final long destinationMac,
      final long sourceMac,
      final int source,
      final int destination,
      final int protocol,
      final int ecn,
      final int payloadLength) {
    final int ipLength = Ipv4Packet.MIN_HEADER_LENGTH + payloadLength;
    ethernet
        .wrapForEmit(buffer, offset, EthernetFrame.HEADER_LENGTH + ipLength)
        .destination(destinationMac)
        .source(sourceMac)
        .etherType(EthernetFrame.TYPE_IPV4);
    Ipv4Packet.writeHeader(
        buffer,
        offset + EthernetFrame.HEADER_LENGTH,
        ecn,
        ipLength,
        identification++ & 0xFFFF,
        true,
        TTL,
        protocol,
        source,
        destination);
    return EthernetFrame.HEADER_LENGTH + ipLength;
  }
}
