package io.vstack.rss;

import io.vstack.wire.EthernetFrame;
import io.vstack.wire.Ipv4Packet;
import io.vstack.wire.TcpSegment;
import java.nio.ByteOrder;
import org.agrona.DirectBuffer;

/**
 * Reads the {@link FlowKey} of a tenant's (inner) frame: Ethernet, at most one 802.1Q tag, IPv4,
 * then the ports of TCP or UDP. Both directions of a connection get the same key (the endpoint with
 * the lower address, then port, comes first), so a tenant's transmitted segments and the segments
 * it receives from the overlay hash to the same lane, which owns the connection's state.
 *
 * <p>Fragments (offset or more-fragments set) get ports 0: only the first carries them. The frame
 * is untrusted; every read is checked against {@code length}.
 */
public final class InnerFlowKeys {
  private static final int FRAGMENT_MASK = 0x3FFF;

  private InnerFlowKeys() {}

  /**
   * Fills {@code key} from the frame at {@code frame[offset, offset + length)}.
   *
   * @return false when it is no IPv4 TCP/UDP frame (ARP, IPv6, truncated, ...): {@code key} is then
   *     unchanged.
   */
  public static boolean extract(
      final DirectBuffer frame,
      final int offset,
      final int length,
      final int tenant,
      final FlowKey key) {
    if (offset < 0 || length < EthernetFrame.HEADER_LENGTH || offset > frame.capacity() - length) {
      return false;
    }
    int ip = offset + EthernetFrame.HEADER_LENGTH;
    int type = frame.getShort(offset + EthernetFrame.TYPE_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
    if (type == EthernetFrame.TPID_VLAN) {
      ip += EthernetFrame.VLAN_TAG_LENGTH;
      if (ip > offset + length) {
        return false;
      }
      type = frame.getShort(ip - 2, ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }
    final int end = offset + length;
    if (type != EthernetFrame.TYPE_IPV4 || end - ip < Ipv4Packet.MIN_HEADER_LENGTH) {
      return false;
    }
    final int versionIhl = frame.getByte(ip + Ipv4Packet.VERSION_IHL_OFFSET) & 0xFF;
    final int headerLength = (versionIhl & 0xF) * 4;
    if (versionIhl >>> 4 != 4
        || headerLength < Ipv4Packet.MIN_HEADER_LENGTH
        || headerLength > end - ip) {
      return false;
    }
    final int protocol = frame.getByte(ip + Ipv4Packet.PROTOCOL_OFFSET) & 0xFF;
    if (protocol != Ipv4Packet.PROTOCOL_TCP && protocol != Ipv4Packet.PROTOCOL_UDP) {
      return false;
    }
    final int source = frame.getInt(ip + Ipv4Packet.SOURCE_OFFSET, ByteOrder.BIG_ENDIAN);
    final int destination = frame.getInt(ip + Ipv4Packet.DESTINATION_OFFSET, ByteOrder.BIG_ENDIAN);
    final int transport = ip + headerLength;
    final boolean fragment =
        (frame.getShort(ip + Ipv4Packet.FLAGS_FRAGMENT_OFFSET, ByteOrder.BIG_ENDIAN)
                & FRAGMENT_MASK)
            != 0;
    int sourcePort = 0;
    int destinationPort = 0;
    if (!fragment && end - transport >= 4) {
      sourcePort =
          frame.getShort(transport + TcpSegment.SOURCE_PORT_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
      destinationPort =
          frame.getShort(transport + TcpSegment.DESTINATION_PORT_OFFSET, ByteOrder.BIG_ENDIAN)
              & 0xFFFF;
    }
    setEitherDirection(key, tenant, source, destination, sourcePort, destinationPort);
    return true;
  }

  /** Sets {@code key} with the lower endpoint (address, then port) as the source. */
  public static FlowKey setEitherDirection(
      final FlowKey key,
      final int tenant,
      final int addressA,
      final int addressB,
      final int portA,
      final int portB) {
    final int order = Integer.compareUnsigned(addressA, addressB);
    if (order < 0 || order == 0 && portA <= portB) {
      return key.set(tenant, addressA, addressB, portA, portB);
    }
    return key.set(tenant, addressB, addressA, portB, portA);
  }
}
