package io.vstack.host;

import io.vstack.wire.EthernetFrame;
import io.vstack.wire.Ipv4Packet;

/**
 * Receives the IPv4 packets of one protocol (e.g. TCP) that a {@link HostAgent} accepted for its
 * address: Ethernet and IPv4 headers already checked (header checksum, lengths, no fragment).
 * Called on the host's duty-cycle thread; the views are valid only during the call and must not be
 * kept. Replies go out through {@link HostAgent#beginIpv4}.
 */
@FunctionalInterface
public interface Ipv4ProtocolHandler {
  /** One packet; {@code packet.payloadOffset()} and {@code payloadLength()} frame the payload. */
  void onPacket(EthernetFrame frame, Ipv4Packet packet);
}
