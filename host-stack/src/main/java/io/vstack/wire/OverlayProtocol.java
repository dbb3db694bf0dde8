package io.vstack.wire;

/**
 * The UDP-based overlay encapsulations vstack speaks, with their IANA-assigned UDP destination
 * ports: the one place these port numbers are defined.
 */
public enum OverlayProtocol {
  /** VXLAN, RFC 7348 section 5. */
  VXLAN(4789),
  /** Geneve, RFC 8926 section 3.3. */
  GENEVE(6081);

  private final int udpPort;

  OverlayProtocol(final int udpPort) {
    this.udpPort = udpPort;
  }

  /** The well-known UDP destination port. */
  public int udpPort() {
    return udpPort;
  }

  /** The overlay whose well-known port this is, or {@code null} (no allocation, hot-path safe). */
  public static OverlayProtocol forUdpPort(final int port) {
    if (port == VXLAN.udpPort) {
      return VXLAN;
    }
    return port == GENEVE.udpPort ? GENEVE : null;
  }
}
