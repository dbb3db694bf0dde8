package io.vstack.fastpath;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vstack.overlay.OverlaySettings;
import io.vstack.overlay.VtepTable;
import io.vstack.port.MemoryPort;
import io.vstack.tcp.TcpConfig;
import io.vstack.tcp.TcpHandler;
import io.vstack.tenant.TenantRegistry;
import io.vstack.wire.OverlayProtocol;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link FastPathContext#conclude()}: names what is wrong, clamps the MSS to the overlay. */
class FastPathContextTest {
  private final TenantRegistry registry =
      TenantRegistry.of(
          List.of(
              FusedPair.tenant(
                  1,
                  "blue",
                  100,
                  java.util.Set.of(),
                  FusedPair.vif(0x0200_0000_0A01L, FusedPair.VIP_A))));
  private final OverlaySettings settings =
      OverlaySettings.of(OverlayProtocol.VXLAN, FusedPair.UNDERLAY_A, FusedPair.UNDERLAY_MAC_A);

  @Test
  void shouldNameTheMissingOrInconsistentPropertyWhenConcluding() {
    try (MemoryPort.Pair wire = MemoryPort.pair("a", "b")) {
      assertThatThrownBy(() -> new FastPathContext().conclude())
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("fastpath.port is not set");
      assertThatThrownBy(
              () ->
                  complete(wire.a())
                      .vteps(VtepTable.of(registry, FusedPair.UNDERLAY_B, List.of()))
                      .conclude())
          .hasMessageContaining("fastpath.vteps");
      assertThatThrownBy(() -> complete(wire.a()).handler(3, new TcpHandler() {}).conclude())
          .hasMessage("fastpath.handler: slot 3 is not a tenant (0..0)");
      assertThatThrownBy(() -> complete(wire.a()).localRingCapacity(0).conclude())
          .hasMessageContaining("fastpath.localRingCapacity");
    }
  }

  @Test
  void shouldClampEachTenantsMssToTheOverlayWhenItExceedsTheUnderlayMtu() {
    try (MemoryPort.Pair wire = MemoryPort.pair("a", "b")) {
      final TcpConfig shared = new TcpConfig().mss(1460);
      final TcpConfig own = new TcpConfig().mss(1200);
      complete(wire.a()).tcpConfig(shared).conclude();
      assertThat(shared.mss()).as("1514-byte frames - 50 VXLAN - 20 IPv4 - 20 TCP").isEqualTo(1410);
      complete(wire.a()).tcpConfig(0, own).conclude();
      assertThat(own.mss()).as("already small enough").isEqualTo(1200);
    }
  }

  private FastPathContext complete(final MemoryPort port) {
    return new FastPathContext()
        .port(port)
        .registry(registry)
        .settings(settings)
        .vteps(VtepTable.of(registry, FusedPair.UNDERLAY_A, List.of()));
  }
}
