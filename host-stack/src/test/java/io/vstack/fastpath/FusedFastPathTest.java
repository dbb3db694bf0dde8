package io.vstack.fastpath;

import static io.vstack.fastpath.FusedPair.BLUE;
import static io.vstack.fastpath.FusedPair.GREEN;
import static io.vstack.fastpath.FusedPair.RED;
import static io.vstack.fastpath.FusedPair.VIP_A;
import static io.vstack.fastpath.FusedPair.VIP_B;
import static io.vstack.fastpath.FusedPair.VIP_GREEN;
import static org.assertj.core.api.Assertions.assertThat;

import io.vstack.overlay.DecapDrop;
import io.vstack.port.Allocations;
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

  @Test
  void shouldAllocateNothingPerPacketInTheSteadyStateOfRemoteAndLocalTransfers() {
    try (FusedPair pair = new FusedPair()) {
      final long endless = 1L << 40;
      final StreamPump[] remote =
          pair.connect(pair.a, BLUE, VIP_A, pair.b, BLUE, VIP_B, 80, endless, 50);
      final StreamPump[] local =
          pair.connect(pair.a, BLUE, VIP_A, pair.a, GREEN, VIP_GREEN, 81, endless, 60);
      final StreamPump[] all = {remote[0], remote[1], local[0], local[1]};
      pair.run(() -> pair.pump(all) || remote[1].received() > (8 << 20), 1_000_000);
      long least = Long.MAX_VALUE;
      long packetsInLeast = 0;
      for (int round = 0; round < 15; round++) {
        final long before = packets(pair);
        final long allocated =
            Allocations.during(
                () -> {
                  for (int i = 0; i < 100; i++) {
                    pair.pump(all);
                  }
                });
        if (allocated < least) {
          least = allocated;
          packetsInLeast = packets(pair) - before;
        }
      }
      System.out.printf(
          "[fastpath] steady state: %d heap bytes over %d packets (least of 15 rounds)%n",
          least, packetsInLeast);
      assertThat(packetsInLeast).as("packets in the measured round").isGreaterThan(10_000);
      assertThat(least)
          .as("heap bytes in 100 duty cycles (%d packets), least of 15 rounds", packetsInLeast)
          .isZero();
    }
  }

  private static long packets(final FusedPair pair) {
    long packets = 0;
    for (int slot = 0; slot < pair.a.tenants(); slot++) {
      packets += pair.a.counters().rxPackets(slot) + pair.a.counters().txPackets(slot);
    }
    for (int slot = 0; slot < pair.b.tenants(); slot++) {
      packets += pair.b.counters().rxPackets(slot) + pair.b.counters().txPackets(slot);
    }
    return packets;
  }
}
