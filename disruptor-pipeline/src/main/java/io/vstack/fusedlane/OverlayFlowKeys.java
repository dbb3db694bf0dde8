package io.vstack.fusedlane;

import static java.nio.ByteOrder.BIG_ENDIAN;

import io.vstack.lane.MarkSlots;
import io.vstack.overlay.OverlaySettings;
import io.vstack.rss.FlowKey;
import io.vstack.rss.FlowKeyExtractor;
import io.vstack.rss.InnerFlowKeys;
import io.vstack.tenant.TenantRegistry;
import io.vstack.wire.EthernetFrame;
import io.vstack.wire.GeneveHeader;
import io.vstack.wire.Ipv4Packet;
import io.vstack.wire.OverlayProtocol;
import io.vstack.wire.UdpDatagram;
import org.agrona.DirectBuffer;

/**
 * The dispatcher's flow key of an underlay frame: the tenant slot from the outer VNI (what {@link
 * io.vstack.fastpath.FusedFastPath#tenantOf} reads, without its per-instance state, so the
 * dispatcher thread has its own) and the inner 4-tuple, direction-free ({@link InnerFlowKeys}), so
 * a connection's received segments and what its tenant transmits through a {@link
 * io.vstack.txqueue.TenantTxSource} (whose tenant is the same slot) land on the same lane.
 *
 * <pre>
 *   | outer Eth | IPv4 (ihl) | UDP (dst = overlay port) | VXLAN 8 / Geneve 8+opt | inner Eth ... |
 * </pre>
 *
 * Frames that are not overlay traffic for a known VNI (ARP, ICMP to the host, unknown VNI) have no
 * flow: they share the all-zero key. Only headers are read, every read within {@code length}; the
 * fused path checks everything again.
 */
public final class OverlayFlowKeys implements FlowKeyExtractor {
  private final TenantRegistry registry;
  private final int udpPort;
  private final boolean geneve;

  public OverlayFlowKeys(final TenantRegistry registry, final OverlaySettings settings) {
    this.registry = registry;
    this.udpPort = settings.udpPort();
    this.geneve = settings.protocol() == OverlayProtocol.GENEVE;
  }

  @Override
  public boolean extract(final DirectBuffer frame, final int length, final FlowKey key) {
    final int ip = EthernetFrame.HEADER_LENGTH;
    if (length < ip + Ipv4Packet.MIN_HEADER_LENGTH + UdpDatagram.HEADER_LENGTH + 8
        || frame.getShort(EthernetFrame.TYPE_OFFSET, BIG_ENDIAN) != EthernetFrame.TYPE_IPV4) {
      return false;
    }
    final int versionIhl = frame.getByte(ip) & 0xFF;
    final int udp = ip + (versionIhl & 0x0F) * 4;
    final int tunnel = udp + UdpDatagram.HEADER_LENGTH;
    if (versionIhl >>> 4 != 4
        || (versionIhl & 0x0F) < 5
        || tunnel + 8 > length
        || frame.getByte(ip + Ipv4Packet.PROTOCOL_OFFSET) != Ipv4Packet.PROTOCOL_UDP
        || (frame.getShort(udp + 2, BIG_ENDIAN) & 0xFFFF) != udpPort) {
      return false;
    }
    // VXLAN and Geneve both carry the 24-bit VNI at bytes 4..6 of their header.
    final int slot = registry.slotOfVni(frame.getInt(tunnel + 4, BIG_ENDIAN) >>> 8);
    if (slot == TenantRegistry.NO_SLOT) {
      return false;
    }
    final int inner =
        tunnel
            + 8
            + (geneve ? (frame.getByte(tunnel + GeneveHeader.VERSION_OFFSET) & 0x3F) * 4 : 0);
    return inner < length && InnerFlowKeys.extract(frame, inner, length - inner, slot, key);
  }

  /**
   * The lanes' {@link io.vstack.lane.MarkSlots} for NICs programmed by the per-tenant steering
   * rules ({@code io.vstack.tenant.TenantSteeringRules}), which MARK a tenant's frames with its id:
   * the slot of the tenant with id {@code mark}, as {@link
   * io.vstack.fastpath.FusedFastPath#slotOfMark} reads it, from the dispatcher's thread. Use it as
   * {@code context.markSlots(flowKeys::slotOfMark)}.
   *
   * @return the slot, or {@link io.vstack.lane.MarkSlots#NO_SLOT} for a MARK that is no tenant's id
   */
  public int slotOfMark(final long mark) {
    if (mark < 0 || mark > Integer.MAX_VALUE) {
      return MarkSlots.NO_SLOT;
    }
    final int slot = registry.slotOfId((int) mark);
    return slot == TenantRegistry.NO_SLOT ? MarkSlots.NO_SLOT : slot;
  }
}
