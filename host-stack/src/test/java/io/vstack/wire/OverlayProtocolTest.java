package io.vstack.wire;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OverlayProtocolTest {

  @Test
  void shouldMapIanaPortsToOverlaysAndOtherPortsToNone() {
    assertThat(OverlayProtocol.VXLAN.udpPort()).isEqualTo(4789);
    assertThat(OverlayProtocol.GENEVE.udpPort()).isEqualTo(6081);
    for (final OverlayProtocol overlay : OverlayProtocol.values()) {
      assertThat(OverlayProtocol.forUdpPort(overlay.udpPort())).isSameAs(overlay);
    }
    assertThat(OverlayProtocol.forUdpPort(8472)).as("Linux's legacy VXLAN port is not the IANA one").isNull();
    assertThat(OverlayProtocol.forUdpPort(0)).isNull();
  }
}
