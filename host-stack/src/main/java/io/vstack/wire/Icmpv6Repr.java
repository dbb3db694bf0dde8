package io.vstack.wire;

import java.util.Arrays;
import java.util.HexFormat;
import org.agrona.MutableDirectBuffer;

/**
 * The meaning of an ICMPv6 message: what {@link Icmpv6Message} parses into and emits from. One
 * record per message kind vstack understands, plus {@link Other} for the rest. Allocates; serves
 * the slow path (echo, neighbor discovery) and tests.
 */
public sealed interface Icmpv6Repr {

  /** ICMPv6 type. */
  int type();

  /** ICMPv6 code. */
  int code();

  /** Length of the whole message in bytes. */
  int length();

  /** Writes everything but type, code and checksum into a view of {@link #length()} bytes. */
  void emitBody(Icmpv6Message message);

  /** Reads a view that {@link Icmpv6Message#wrap} accepted. */
  static Icmpv6Repr parse(final Icmpv6Message message) {
    final int type = message.type();
    if (Icmpv6Message.isEcho(type)) {
      return new Echo(type == Icmpv6Message.TYPE_ECHO_REPLY, message.echoIdentifier(), message.echoSequence(),
          bytes(message, message.echoDataOffset(), message.echoDataLength()));
    }
    if (type == Icmpv6Message.TYPE_NEIGHBOR_SOLICITATION) {
      return new NeighborSolicitation(new Ipv6Address(message.targetHi(), message.targetLo()),
          message.linkLayerAddress());
    }
    if (type == Icmpv6Message.TYPE_NEIGHBOR_ADVERTISEMENT) {
      return new NeighborAdvertisement(message.isRouter(), message.isSolicited(), message.isOverride(),
          new Ipv6Address(message.targetHi(), message.targetLo()), message.linkLayerAddress());
    }
    return new Other(type, message.code(),
        bytes(message, message.bodyOffset(), message.length() - Icmpv6Message.HEADER_LENGTH));
  }

  private static void checkNeighbor(final Ipv6Address target, final long linkLayerAddress) {
    if (target.isMulticast() || linkLayerAddress < -1 || linkLayerAddress > MacAddress.BROADCAST) {
      throw new IllegalArgumentException("neighbor discovery target must be unicast and the link-layer address a "
          + "48-bit MAC or -1 for none: " + target + "/" + linkLayerAddress);
    }
  }

  private static byte[] bytes(final Icmpv6Message message, final int offset, final int length) {
    final byte[] bytes = new byte[length];
    message.buffer().getBytes(offset, bytes);
    return bytes;
  }

  /**
   * Writes the message at {@code offset} with its checksum.
   *
   * @param pseudoHeaderSum the IPv6 pseudo header sum for {@link #length()} bytes of ICMPv6
   */
  default Icmpv6Message emit(final Icmpv6Message message, final MutableDirectBuffer buffer, final int offset,
      final long pseudoHeaderSum) {
    message.wrapForEmit(buffer, offset, length()).typeCode(type(), code());
    emitBody(message);
    return message.computeChecksum(pseudoHeaderSum);
  }

  /**
   * Writes the message as the payload of an IPv6 header already emitted with payload length {@link
   * #length()} and next header 58, computing the checksum over its pseudo header.
   */
  default Icmpv6Message emit(final Icmpv6Message message, final Ipv6Packet ip) {
    return emit(message, ip.buffer(), ip.payloadOffset(),
        ip.pseudoHeaderSum(Ipv6Packet.NEXT_HEADER_ICMPV6, length()));
  }

  /** Echo request or reply (RFC 4443 section 4). */
  record Echo(boolean reply, int identifier, int sequence, byte[] data) implements Icmpv6Repr {
    public Echo {
      if ((identifier & ~0xFFFF) != 0 || (sequence & ~0xFFFF) != 0) {
        throw new IllegalArgumentException("echo identifier and sequence must be 16 bits: " + identifier + "/"
            + sequence);
      }
      data = data.clone();
    }

    @Override
    public int type() {
      return reply ? Icmpv6Message.TYPE_ECHO_REPLY : Icmpv6Message.TYPE_ECHO_REQUEST;
    }

    @Override
    public int code() {
      return 0;
    }

    @Override
    public int length() {
      return Icmpv6Message.ECHO_HEADER_LENGTH + data.length;
    }

    @Override
    public byte[] data() {
      return data.clone();
    }

    @Override
    public void emitBody(final Icmpv6Message message) {
      message.echo(identifier, sequence).buffer().putBytes(message.echoDataOffset(), data);
    }

    @Override
    public boolean equals(final Object other) {
      return other instanceof Echo that && reply == that.reply && identifier == that.identifier
          && sequence == that.sequence && Arrays.equals(data, that.data);
    }

    @Override
    public int hashCode() {
      return ((Boolean.hashCode(reply) * 31 + identifier) * 31 + sequence) * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
      return "Echo[reply=" + reply + ", identifier=" + identifier + ", sequence=" + sequence + ", data="
          + HexFormat.of().formatHex(data) + "]";
    }
  }

  /**
   * Neighbor Solicitation (RFC 4861 section 4.3).
   *
   * @param sourceLinkLayerAddress sender's MAC in a source link-layer address option, or -1 for none
   *     (duplicate address detection)
   */
  record NeighborSolicitation(Ipv6Address target, long sourceLinkLayerAddress) implements Icmpv6Repr {
    public NeighborSolicitation {
      checkNeighbor(target, sourceLinkLayerAddress);
    }

    @Override
    public int type() {
      return Icmpv6Message.TYPE_NEIGHBOR_SOLICITATION;
    }

    @Override
    public int code() {
      return 0;
    }

    @Override
    public int length() {
      return Icmpv6Message.ND_HEADER_LENGTH + (sourceLinkLayerAddress < 0 ? 0 : Icmpv6Message.OPTION_UNIT);
    }

    @Override
    public void emitBody(final Icmpv6Message message) {
      message.neighbor(0, target.hi(), target.lo());
      if (sourceLinkLayerAddress >= 0) {
        message.putLinkLayerOption(message.offset() + Icmpv6Message.ND_HEADER_LENGTH,
            Icmpv6Message.OPTION_SOURCE_LINK_LAYER_ADDRESS, sourceLinkLayerAddress);
      }
    }
  }

  /**
   * Neighbor Advertisement (RFC 4861 section 4.4).
   *
   * @param targetLinkLayerAddress the target's MAC in a target link-layer address option, or -1
   */
  record NeighborAdvertisement(boolean router, boolean solicited, boolean override, Ipv6Address target,
      long targetLinkLayerAddress) implements Icmpv6Repr {
    public NeighborAdvertisement {
      checkNeighbor(target, targetLinkLayerAddress);
    }

    @Override
    public int type() {
      return Icmpv6Message.TYPE_NEIGHBOR_ADVERTISEMENT;
    }

    @Override
    public int code() {
      return 0;
    }

    @Override
    public int length() {
      return Icmpv6Message.ND_HEADER_LENGTH + (targetLinkLayerAddress < 0 ? 0 : Icmpv6Message.OPTION_UNIT);
    }

    @Override
    public void emitBody(final Icmpv6Message message) {
      final int flags = (router ? Icmpv6Message.FLAG_ROUTER : 0) | (solicited ? Icmpv6Message.FLAG_SOLICITED : 0)
          | (override ? Icmpv6Message.FLAG_OVERRIDE : 0);
      message.neighbor(flags, target.hi(), target.lo());
      if (targetLinkLayerAddress >= 0) {
        message.putLinkLayerOption(message.offset() + Icmpv6Message.ND_HEADER_LENGTH,
            Icmpv6Message.OPTION_TARGET_LINK_LAYER_ADDRESS, targetLinkLayerAddress);
      }
    }
  }

  /** Any other message: type, code and the raw body after the checksum. */
  record Other(int type, int code, byte[] body) implements Icmpv6Repr {
    public Other {
      if ((type & ~0xFF) != 0 || (code & ~0xFF) != 0 || Icmpv6Message.isEcho(type)
          || Icmpv6Message.isNeighborDiscovery(type)) {
        throw new IllegalArgumentException("ICMPv6 type/code must be 8 bits and not echo/NS/NA (use those "
            + "records): " + type + "/" + code);
      }
      if (Icmpv6Message.HEADER_LENGTH + body.length < Icmpv6Message.minimumLength(type)) {
        throw new IllegalArgumentException("ICMPv6 type " + type + " needs a body of at least "
            + (Icmpv6Message.minimumLength(type) - Icmpv6Message.HEADER_LENGTH) + " bytes: " + body.length);
      }
      body = body.clone();
    }

    @Override
    public int length() {
      return Icmpv6Message.HEADER_LENGTH + body.length;
    }

    @Override
    public byte[] body() {
      return body.clone();
    }

    @Override
    public void emitBody(final Icmpv6Message message) {
      message.buffer().putBytes(message.bodyOffset(), body);
    }

    @Override
    public boolean equals(final Object other) {
      return other instanceof Other that && type == that.type && code == that.code && Arrays.equals(body, that.body);
    }

    @Override
    public int hashCode() {
      return (type * 31 + code) * 31 + Arrays.hashCode(body);
    }

    @Override
    public String toString() {
      return "Other[type=" + type + ", code=" + code + ", body=" + HexFormat.of().formatHex(body) + "]";
    }
  }
}
