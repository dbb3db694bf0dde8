package io.vstack.overlay;

import io.vstack.wire.GeneveHeader;
import io.vstack.wire.Ipv4Address;
import io.vstack.wire.MacAddress;
import io.vstack.wire.Octets;
import io.vstack.wire.OverlayProtocol;

/**
 * How this host encapsulates tenant frames on the underlay.
 *
 * @param protocol VXLAN or Geneve
 * @param udpPort UDP destination port (and the port listened on), normally {@link
 *     OverlayProtocol#udpPort()}
 * @param udpChecksum compute the outer UDP checksum; when false it is sent as zero, which RFC 7348
 *     section 5 and RFC 8926 section 3.3 allow over IPv4 and which saves a pass over the payload
 * @param underlayIpv4 this host's underlay address: source of every outer packet
 * @param underlayMac this host's underlay MAC
 * @param geneveOptions pre-encoded Geneve options sent with every frame (a multiple of 4 bytes, at
 *     most 252), empty for none or for VXLAN
 * @param hashSeed seed of the inner flow hash that picks the outer UDP source port, so an attacker
 *     cannot predict which flows collide on one underlay path
 */
public record OverlaySettings(
    OverlayProtocol protocol,
    int udpPort,
    boolean udpChecksum,
    int underlayIpv4,
    long underlayMac,
    Octets geneveOptions,
    int hashSeed) {
  public OverlaySettings {
    if (protocol == null) {
      throw new IllegalArgumentException("overlay protocol is not set");
    }
    if (udpPort < 1 || udpPort > 0xFFFF) {
      throw new IllegalArgumentException("overlay UDP port must be 1..65535: " + udpPort);
    }
    if (underlayIpv4 == 0) {
      throw new IllegalArgumentException("underlay IPv4 address is not set");
    }
    if (underlayMac <= 0
        || underlayMac > MacAddress.BROADCAST
        || MacAddress.isMulticast(underlayMac)) {
      throw new IllegalArgumentException(
          "underlay MAC must be unicast and non-zero: " + MacAddress.toString(underlayMac));
    }
    if (geneveOptions == null) {
      geneveOptions = Octets.EMPTY;
    }
    if (geneveOptions.length() % 4 != 0
        || geneveOptions.length() > GeneveHeader.MAX_OPTIONS_LENGTH
        || (protocol == OverlayProtocol.VXLAN && geneveOptions.length() != 0)) {
      throw new IllegalArgumentException(
          "Geneve options must be a multiple of 4 bytes, at most "
              + GeneveHeader.MAX_OPTIONS_LENGTH
              + ", and only with Geneve: "
              + geneveOptions.length());
    }
    walkOptions(geneveOptions);
  }

  /** Whether any configured Geneve option has its critical bit set (the header's C flag). */
  public boolean geneveCriticalOptions() {
    return walkOptions(geneveOptions);
  }

  // Checks that the option chain fills the area exactly; returns whether one option is critical.
  private static boolean walkOptions(final Octets options) {
    boolean critical = false;
    int i = 0;
    while (i < options.length()) {
      critical |= (options.get(i + 2) & GeneveHeader.OPTION_TYPE_CRITICAL) != 0;
      i += GeneveHeader.OPTION_HEADER_LENGTH + (options.get(i + 3) & 0x1F) * 4;
    }
    if (i != options.length()) {
      throw new IllegalArgumentException(
          "Geneve options: an option's length runs past the " + options.length() + "-byte area");
    }
    return critical;
  }

  /** Settings with the protocol's well-known port, zero UDP checksum and no Geneve options. */
  public static OverlaySettings of(
      final OverlayProtocol protocol, final int underlayIpv4, final long underlayMac) {
    return new OverlaySettings(
        protocol, protocol.udpPort(), false, underlayIpv4, underlayMac, Octets.EMPTY, 0x5EED);
  }

  @Override
  public String toString() {
    return protocol
        + "/udp:"
        + udpPort
        + " from "
        + Ipv4Address.toString(underlayIpv4)
        + " "
        + MacAddress.toString(underlayMac)
        + (udpChecksum ? " (UDP checksum)" : "");
  }
}
