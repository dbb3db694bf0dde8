package io.vstack.wire;

import org.agrona.MutableDirectBuffer;

/**
 * The meaning of a UDP datagram, detached from any buffer (slow path: carries the payload).
 *
 * @param sourcePort source port
 * @param destinationPort destination port
 * @param payload datagram payload
 */
public record UdpRepr(int sourcePort, int destinationPort, Octets payload) {

  /** Reads a view that {@link UdpDatagram#wrap} accepted. */
  public static UdpRepr parse(final UdpDatagram datagram) {
    return new UdpRepr(
        datagram.sourcePort(),
        datagram.destinationPort(),
        Octets.read(datagram.buffer(), datagram.payloadOffset(), datagram.payloadLength()));
  }

  /** Header plus payload. */
  public int length() {
    return UdpDatagram.HEADER_LENGTH + payload.length();
  }

  /**
   * Writes header, payload and checksum at {@code offset}.
   *
   * @param pseudoHeaderSum pseudo-header sum with its length left 0
   */
  public UdpDatagram emit(
      final UdpDatagram datagram,
      final MutableDirectBuffer buffer,
      final int offset,
      final long pseudoHeaderSum) {
    datagram
        .wrapForEmit(buffer, offset)
        .sourcePort(sourcePort)
        .destinationPort(destinationPort)
        .udpLength(length());
    payload.write(buffer, datagram.payloadOffset());
    return datagram.fillChecksum(pseudoHeaderSum);
  }
}
