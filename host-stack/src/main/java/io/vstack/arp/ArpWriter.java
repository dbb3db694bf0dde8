package io.vstack.arp;

import io.vstack.wire.ArpPacket;
import io.vstack.wire.EthernetFrame;
import org.agrona.MutableDirectBuffer;

/**
 * Writes a whole ARP frame (Ethernet header, ARP packet, zero padding to the 60-byte Ethernet
 * minimum as NICs do, so captures look like real ARP). Shared by every sender of ARP: the host
 * agent on a port, and the overlay fast path for underlay ARP and tenant (proxy) ARP. One instance
 * per thread (it holds the flyweights); allocation-free.
 */
public final class ArpWriter {
  /** Length of every frame written: the Ethernet minimum without FCS. */
  public static final int FRAME_LENGTH = 60;

  private final EthernetFrame ethernet = new EthernetFrame();
  private final ArpPacket arp = new ArpPacket();

  /**
   * Writes an ARP frame of {@link #FRAME_LENGTH} bytes at {@code offset}.
   *
   * @param operation {@link ArpPacket#OPERATION_REQUEST} or {@link ArpPacket#OPERATION_REPLY}
   * @param frameDestination Ethernet destination (broadcast for a request)
   * @return {@link #FRAME_LENGTH}
   */
  public int write(
      final MutableDirectBuffer buffer,
      final int offset,
      final int operation,
      final long frameDestination,
      final long senderMac,
      final int senderAddress,
      final long targetMac,
      final int targetAddress) {
    ethernet
        .wrapForEmit(buffer, offset, EthernetFrame.HEADER_LENGTH + ArpPacket.LENGTH)
        .destination(frameDestination)
        .source(senderMac)
        .etherType(EthernetFrame.TYPE_ARP);
    arp.wrapForEmit(buffer, offset + EthernetFrame.HEADER_LENGTH)
        .operation(operation)
        .senderHardware(senderMac)
        .senderProtocol(senderAddress)
        .targetHardware(targetMac)
        .targetProtocol(targetAddress);
    final int written = EthernetFrame.HEADER_LENGTH + ArpPacket.LENGTH;
    buffer.setMemory(offset + written, FRAME_LENGTH - written, (byte) 0);
    return FRAME_LENGTH;
  }
}
