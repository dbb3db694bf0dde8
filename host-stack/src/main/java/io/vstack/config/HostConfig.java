package io.vstack.config;

import io.vstack.overlay.OverlaySettings;
import io.vstack.wire.Octets;
import io.vstack.wire.OverlayProtocol;

/**
 * The {@code host} section: this host's underlay identity and how it encapsulates.
 *
 * @param underlayIpv4 underlay address, the outer source of every overlay packet
 * @param underlayMac underlay MAC
 * @param underlayMtu underlay IP MTU, for clamping the inner TCP MSS
 * @param protocol VXLAN or Geneve
 * @param udpPort overlay UDP port (default: the protocol's IANA port)
 * @param udpChecksum whether outer UDP checksums are computed (default false: zero, as RFC 7348
 *     allows over IPv4)
 */
public record HostConfig(
    int underlayIpv4,
    long underlayMac,
    int underlayMtu,
    OverlayProtocol protocol,
    int udpPort,
    boolean udpChecksum) {
  /** Default underlay MTU (Ethernet). */
  public static final int DEFAULT_MTU = 1500;

  /** The encapsulation settings of this host. */
  public OverlaySettings overlaySettings() {
    // The flow hash seed differs per host (its address) yet stays stable across restarts, so a
    // flow keeps its underlay path when the daemon restarts.
    return new OverlaySettings(
        protocol, udpPort, udpChecksum, underlayIpv4, underlayMac, Octets.EMPTY, underlayIpv4);
  }
}
