package io.vstack.overlay;

import static java.nio.ByteOrder.BIG_ENDIAN;

import io.vstack.wire.EthernetFrame;
import io.vstack.wire.Ipv4Packet;
import io.vstack.wire.Ipv6Packet;
import org.agrona.DirectBuffer;

/**
 * Hash of an inner frame's flow, for the outer UDP source port: RFC 7348 section 5 recommends one
 * so underlay ECMP spreads tenant flows while keeping each flow on one path (no reordering).
 *
 * <p>Hashes the IPv4/IPv6 addresses, protocol and, for TCP/UDP that are not fragments, the ports;
 * other frames hash their MACs and EtherType. Every read stays inside {@code [offset, offset +
 * length)}: the inner frame comes from a tenant and is untrusted.
 */
public final class FlowHash {
  /** First port of the dynamic range RFC 7348 asks the source port to come from. */
  public static final int SOURCE_PORT_BASE = 49152;

  private static final int SOURCE_PORT_MASK = 0x3FFF;
  private static final int IPV6_NEXT_HEADER = 6;

  private FlowHash() {}

  /** An outer UDP source port in 49152..65535 for the inner frame. */
  public static int sourcePort(
      final DirectBuffer buffer, final int offset, final int length, final int seed) {
    return SOURCE_PORT_BASE + (hash(buffer, offset, length, seed) & SOURCE_PORT_MASK);
  }

  /**
   * The {@link #sourcePort} of an inner frame carrying an unfragmented IPv4 packet of {@code
   * protocol} (TCP or UDP, whose header starts with the ports), from the field values instead of
   * the frame: for a sender that has just written them.
   */
  public static int ipv4SourcePort(
      final int seed,
      final int source,
      final int destination,
      final int protocol,
      final int sourcePort,
      final int destinationPort) {
    long h = seed;
    h = h * 31 + ((long) source << 32 | (destination & 0xFFFF_FFFFL));
    h = h * 31 + protocol;
    h = h * 31 + ((sourcePort & 0xFFFF) << 16 | (destinationPort & 0xFFFF));
    return SOURCE_PORT_BASE + (mix(h) & SOURCE_PORT_MASK);
  }

  /** The seeded flow hash of the inner frame. */
  public static int hash(
      final DirectBuffer buffer, final int offset, final int length, final int seed) {
    if (length < EthernetFrame.HEADER_LENGTH) {
      return mix(seed);
    }
    final int type = buffer.getShort(offset + EthernetFrame.TYPE_OFFSET, BIG_ENDIAN) & 0xFFFF;
    final int ip = offset + EthernetFrame.HEADER_LENGTH;
    final int ipLength = length - EthernetFrame.HEADER_LENGTH;
    if (type == EthernetFrame.TYPE_IPV4 && ipLength >= Ipv4Packet.MIN_HEADER_LENGTH) {
      return ipv4(buffer, ip, ipLength, seed);
    }
    if (type == EthernetFrame.TYPE_IPV6 && ipLength >= Ipv6Packet.HEADER_LENGTH) {
      return ipv6(buffer, ip, ipLength, seed);
    }
    long h = seed ^ buffer.getLong(offset, BIG_ENDIAN);
    h = h * 31 + (buffer.getInt(offset + 8, BIG_ENDIAN) ^ type);
    return mix(h);
  }

  private static int ipv4(
      final DirectBuffer buffer, final int ip, final int ipLength, final int seed) {
    final int protocol = buffer.getByte(ip + Ipv4Packet.PROTOCOL_OFFSET) & 0xFF;
    long h = seed;
    h = h * 31 + (buffer.getLong(ip + Ipv4Packet.SOURCE_OFFSET, BIG_ENDIAN));
    h = h * 31 + protocol;
    final int headerLength = (buffer.getByte(ip) & 0xF) << 2;
    final boolean fragment =
        (buffer.getShort(ip + Ipv4Packet.FLAGS_FRAGMENT_OFFSET, BIG_ENDIAN) & 0x3FFF) != 0;
    if (!fragment
        && hasPorts(protocol)
        && headerLength >= Ipv4Packet.MIN_HEADER_LENGTH
        && headerLength + 4 <= ipLength) {
      h = h * 31 + buffer.getInt(ip + headerLength, BIG_ENDIAN);
    }
    return mix(h);
  }

  private static int ipv6(
      final DirectBuffer buffer, final int ip, final int ipLength, final int seed) {
    final int nextHeader = buffer.getByte(ip + IPV6_NEXT_HEADER) & 0xFF;
    long h = seed;
    for (int i = Ipv6Packet.SOURCE_OFFSET; i < Ipv6Packet.HEADER_LENGTH; i += 8) {
      h = h * 31 + buffer.getLong(ip + i, BIG_ENDIAN);
    }
    h = h * 31 + nextHeader;
    if (hasPorts(nextHeader) && Ipv6Packet.HEADER_LENGTH + 4 <= ipLength) {
      h = h * 31 + buffer.getInt(ip + Ipv6Packet.HEADER_LENGTH, BIG_ENDIAN);
    }
    return mix(h);
  }

  private static boolean hasPorts(final int protocol) {
    return protocol == Ipv4Packet.PROTOCOL_TCP || protocol == Ipv4Packet.PROTOCOL_UDP;
  }

  // murmur3 64-bit finalizer: every input bit affects the low bits the port keeps.
  private static int mix(final long value) {
    long h = value;
    h ^= h >>> 33;
    h *= 0xFF51_AFD7_ED55_8CCDL;
    h ^= h >>> 33;
    h *= 0xC4CE_B9FE_1A85_EC53L;
    h ^= h >>> 33;
    return (int) h;
  }
}
