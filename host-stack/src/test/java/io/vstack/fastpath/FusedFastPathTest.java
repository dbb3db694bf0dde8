package io.vstack.fastpath;

import static io.vstack.fastpath.FusedPair.BLUE;
import static io.vstack.fastpath.FusedPair.RED;
import static io.vstack.fastpath.FusedPair.VIP_A;
import static io.vstack.fastpath.FusedPair.VIP_B;
import static org.assertj.core.api.Assertions.assertThat;

import io.vstack.overlay.DecapDrop;
import io.vstack.stack.StreamPump;
import io.vstack.tenant.TenantDrop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Two fused fast-path hosts on a memory wire: TCP through the overlay, tenants kept apart. */
@Timeout(300)
class FusedFastPathTest {
  private static final long BYTES = 16L << 20;

  @Test
  void shouldCarryBothDirectionsIntactWhenTwoHostsTalkTcpThroughTheOverlay() {
    try (FusedPair pair = new FusedPair()) {
      final StreamPump[] pumps =
          pair.connect(pair.a, BLUE, VIP_A, pair.b, BLUE, VIP_B, 80, BYTES, 1);
      pair.run(() -> pair.pump(pumps), 5_000_000);
      FusedPair.assertIntact(pumps, BYTES);
      assertThat(pair.a.counters().proxyArpAnswered() + pair.b.counters().proxyArpAnswered())
          .as("inner ARP answered by the stacks")
          .isPositive();
      assertThat(pair.a.counters().rxBytes(BLUE)).isGreaterThan(BYTES);
      assertThat(pair.b.counters().txBytes(BLUE)).isGreaterThan(BYTES);
      assertThat(pair.a.counters().rxPackets(RED)).isZero();
      assertThat(pair.a.counters().rxTenant(TenantDrop.SPOOFED_SOURCE_IP)).isZero();
      assertThat(pair.a.counters().decap(DecapDrop.PASS)).isPositive();
      assertThat(pair.a.engine(BLUE).sendMss(0)).as("MSS clamped to the overlay").isEqualTo(1398);
    }
  }

  @Test
  void shouldKeepBytesApartWhenTwoTenantsWithTheSameVipsTransferAtTheSameTime() {
    try (FusedPair pair = new FusedPair()) {
      final StreamPump[] blue =
          pair.connect(pair.a, BLUE, VIP_A, pair.b, BLUE, VIP_B, 80, BYTES, 10);
      final StreamPump[] red = pair.connect(pair.a, RED, VIP_A, pair.b, RED, VIP_B, 80, BYTES, 20);
      pair.run(() -> pair.pump(blue[0], blue[1], red[0], red[1]), 10_000_000);
      FusedPair.assertIntact(blue, BYTES);
      FusedPair.assertIntact(red, BYTES);
      assertThat(blue[0].receivedSha256()).isNotEqualTo(red[0].receivedSha256());
      assertThat(pair.b.counters().rxBytes(BLUE)).isGreaterThan(BYTES);
      assertThat(pair.b.counters().rxBytes(RED)).isGreaterThan(BYTES);
    }
  }
}
