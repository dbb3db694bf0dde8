package io.vstack.wire;

import org.agrona.MutableDirectBuffer;

/**
 * The meaning of an Ethernet/IPv4 ARP packet, detached from any buffer.
 *
 * @param operation {@link ArpPacket#OPERATION_REQUEST} or {@link ArpPacket#OPERATION_REPLY}
 * @param senderHardware sender MAC
 * @param senderProtocol sender IPv4 address
 * @param targetHardware target MAC (zero in a request)
 * @param targetProtocol target IPv4 address
 */
public record ArpRepr(
    int operation,
    long senderHardware,
    int senderProtocol,
    long targetHardware,
    int targetProtocol) {

  /** A request asking who has {@code targetProtocol}. */
  public static ArpRepr request(
      final long senderHardware, final int senderProtocol, final int targetProtocol) {
    return new ArpRepr(
        ArpPacket.OPERATION_REQUEST,
        senderHardware,
        senderProtocol,
        MacAddress.ZERO,
        targetProtocol);
  }

  /** The reply to {@code request}, announcing that {@code hardware} has the requested address. */
  public static ArpRepr replyTo(final ArpRepr request, final long hardware) {
    return new ArpRepr(
        ArpPacket.OPERATION_REPLY,
        hardware,
        request.targetProtocol,
        request.senderHardware,
        request.senderProtocol);
  }

  /** Reads a view that {@link ArpPacket#wrap} accepted. */
  public static ArpRepr parse(final ArpPacket packet) {
    return new ArpRepr(
        packet.operation(),
        packet.senderHardware(),
        packet.senderProtocol(),
        packet.targetHardware(),
        packet.targetProtocol());
  }

  /** Writes the 28-byte packet at {@code offset}. */
  public ArpPacket emit(
      final ArpPacket packet, final MutableDirectBuffer buffer, final int offset) {
    return packet
        .wrapForEmit(buffer, offset)
        .operation(operation)
        .senderHardware(senderHardware)
        .senderProtocol(senderProtocol)
        .targetHardware(targetHardware)
        .targetProtocol(targetProtocol);
  }
}
