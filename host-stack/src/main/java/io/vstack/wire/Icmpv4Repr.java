package io.vstack.wire;

import org.agrona.MutableDirectBuffer;

/**
 * The meaning of an ICMPv4 message, detached from any buffer: one record per message kind the stack
 * handles.
 */
public sealed interface Icmpv4Repr {

  /** Message length in bytes (header + data). */
  int length();

  /** Writes the message (with checksum) at {@code offset}. */
  Icmpv4Packet emit(Icmpv4Packet packet, MutableDirectBuffer buffer, int offset);

  /** Reads a view that {@link Icmpv4Packet#wrap} accepted. */
  static Icmpv4Repr parse(final Icmpv4Packet packet) {
    final Octets data = Octets.read(packet.buffer(), packet.dataOffset(), packet.dataLength());
    return switch (packet.type()) {
      case Icmpv4Packet.TYPE_ECHO_REQUEST, Icmpv4Packet.TYPE_ECHO_REPLY ->
          new Echo(
              packet.type() == Icmpv4Packet.TYPE_ECHO_REQUEST,
              packet.identifier(),
              packet.sequence(),
              data);
      case Icmpv4Packet.TYPE_DESTINATION_UNREACHABLE ->
          new DestinationUnreachable(packet.code(), packet.nextHopMtu(), data);
      case Icmpv4Packet.TYPE_TIME_EXCEEDED -> new TimeExceeded(packet.code(), data);
      default ->
          throw new IllegalArgumentException("ICMPv4 type not accepted by wrap: " + packet.type());
    };
  }

  /**
   * Echo request or reply.
   *
   * @param request true for a request (type 8), false for a reply (type 0)
   * @param identifier identifier (16 bits)
   * @param sequence sequence number (16 bits)
   * @param data echo data, returned unchanged in the reply
   */
  record Echo(boolean request, int identifier, int sequence, Octets data) implements Icmpv4Repr {
    /** The reply to this request. */
    public Echo reply() {
      return new Echo(false, identifier, sequence, data);
    }

    @Override
    public int length() {
      return Icmpv4Packet.HEADER_LENGTH + data.length();
    }

    @Override
    public Icmpv4Packet emit(
        final Icmpv4Packet packet, final MutableDirectBuffer buffer, final int offset) {
      packet
          .wrapForEmit(buffer, offset, length())
          .type(request ? Icmpv4Packet.TYPE_ECHO_REQUEST : Icmpv4Packet.TYPE_ECHO_REPLY)
          .code(0)
          .identifier(identifier)
          .sequence(sequence);
      data.write(buffer, packet.dataOffset());
      return packet.fillChecksum();
    }
  }

  /**
   * Destination unreachable.
   *
   * @param code {@code Icmpv4Packet.CODE_*_UNREACHABLE} or fragmentation needed
   * @param nextHopMtu next-hop MTU for fragmentation needed, else 0
   * @param quoted the offending IPv4 header and at least the first 8 bytes of its payload
   */
  record DestinationUnreachable(int code, int nextHopMtu, Octets quoted) implements Icmpv4Repr {
    @Override
    public int length() {
      return Icmpv4Packet.HEADER_LENGTH + quoted.length();
    }

    @Override
    public Icmpv4Packet emit(
        final Icmpv4Packet packet, final MutableDirectBuffer buffer, final int offset) {
      return emitError(
          packet,
          buffer,
          offset,
          Icmpv4Packet.TYPE_DESTINATION_UNREACHABLE,
          code,
          nextHopMtu & 0xFFFF,
          quoted);
    }
  }

  /**
   * Time exceeded.
   *
   * @param code {@link Icmpv4Packet#CODE_TTL_EXCEEDED} or reassembly time exceeded
   * @param quoted the offending IPv4 header and at least the first 8 bytes of its payload
   */
  record TimeExceeded(int code, Octets quoted) implements Icmpv4Repr {
    @Override
    public int length() {
      return Icmpv4Packet.HEADER_LENGTH + quoted.length();
    }

    @Override
    public Icmpv4Packet emit(
        final Icmpv4Packet packet, final MutableDirectBuffer buffer, final int offset) {
      return emitError(packet, buffer, offset, Icmpv4Packet.TYPE_TIME_EXCEEDED, code, 0, quoted);
    }
  }

  private static Icmpv4Packet emitError(
      final Icmpv4Packet packet,
      final MutableDirectBuffer buffer,
      final int offset,
      final int type,
      final int code,
      final int restOfHeader,
      final Octets quoted) {
    packet
        .wrapForEmit(buffer, offset, Icmpv4Packet.HEADER_LENGTH + quoted.length())
        .type(type)
        .code(code)
        .restOfHeader(restOfHeader);
    quoted.write(buffer, packet.dataOffset());
    return packet.fillChecksum();
  }
}
