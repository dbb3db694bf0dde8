package io.vstack.fastpath;

import static io.vstack.fastpath.FusedPair.BLUE;
import static io.vstack.fastpath.FusedPair.GRAY;
import static io.vstack.fastpath.FusedPair.GREEN;
import static io.vstack.fastpath.FusedPair.RED;
import static io.vstack.fastpath.FusedPair.VIP_A;
import static io.vstack.fastpath.FusedPair.VIP_A2;
import static io.vstack.fastpath.FusedPair.VIP_GRAY;
import static io.vstack.fastpath.FusedPair.VIP_GREEN;
import static org.assertj.core.api.Assertions.assertThat;

import io.vstack.stack.StreamPump;
import io.vstack.tcp.TcpConfig;
import io.vstack.tcp.TcpEngine;
import io.vstack.tcp.TcpState;
import io.vstack.tenant.TenantDrop;
import io.vstack.wire.OverlayProtocol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The virtual switch of one fused host: a tenant talking to itself or to a configured peer on the
 * same host is delivered directly (no encapsulation, no frame on the port), and tenants that are
 * not peers cannot reach each other.
 */
@Timeout(300)
class VirtualSwitchTest {
  private static final long BYTES = 8L << 20;

  @Test
  void shouldDeliverWithoutThePortWhenATenantTalksToItselfAndToAPeerOnTheSameHost() {
    try (FusedPair pair = new FusedPair()) {
      final StreamPump[] self =
          pair.connect(pair.a, BLUE, VIP_A, pair.a, BLUE, VIP_A2, 81, BYTES, 30);
      final StreamPump[] peer =
          pair.connect(pair.a, BLUE, VIP_A, pair.a, GREEN, VIP_GREEN, 82, BYTES, 40);
      pair.run(() -> pair.pump(self[0], self[1], peer[0], peer[1]), 5_000_000);
      FusedPair.assertIntact(self, BYTES);
      FusedPair.assertIntact(peer, BYTES);
      assertThat(pair.wire.a().counters().txFrames()).as("frames host a put on the wire").isZero();
      assertThat(pair.wire.b().counters().txFrames()).as("frames host b put on the wire").isZero();
      final FastPathCounters counters = pair.a.counters();
      assertThat(counters.localDelivered())
          .isEqualTo(counters.txPackets(BLUE) + counters.txPackets(GREEN));
      assertThat(counters.rxBytes(GREEN)).isGreaterThan(BYTES);
      assertThat(counters.txBytes(GREEN)).isGreaterThan(BYTES);
      assertThat(counters.rxPackets(RED)).isZero();
      assertThat(counters.rxPackets(GRAY)).isZero();
      assertThat(counters.txTenant(TenantDrop.ISOLATED)).isZero();
    }
  }

  @Test
  void shouldFailTheConnectionAndDeliverNothingWhenTenantsAreNotPeers() {
    try (FusedPair pair = new FusedPair(OverlayProtocol.VXLAN, new TcpConfig().synRetries(2))) {
      final TcpEngine gray = pair.a.engine(GRAY);
      final int grayListener = gray.listen(VIP_GRAY, 80, 4);
      final int redListener = pair.a.engine(RED).listen(VIP_A, 80, 4);
      final int blueToGray =
          pair.a.engine(BLUE).connect(VIP_A, 40_001, VIP_GRAY, 80, pair.clock.nanoTime());
      final int grayToRed = gray.connect(VIP_GRAY, 40_002, VIP_A, 80, pair.clock.nanoTime());
      // Green is blue's peer but not gray's or red's: no path either.
      final int greenToGray =
          pair.a.engine(GREEN).connect(VIP_GREEN, 40_003, VIP_GRAY, 80, pair.clock.nanoTime());
      pair.run(
          () ->
              pair.a.engine(BLUE).state(blueToGray) == TcpState.CLOSED
                  && gray.state(grayToRed) == TcpState.CLOSED
                  && pair.a.engine(GREEN).state(greenToGray) == TcpState.CLOSED,
          100_000,
          5_000_000L);
      assertThat(pair.a.engine(BLUE).closeReason(blueToGray)).isEqualTo(TcpEngine.CLOSE_TIMEOUT);
      assertThat(gray.closeReason(grayToRed)).isEqualTo(TcpEngine.CLOSE_TIMEOUT);
      assertThat(gray.accept(grayListener)).as("gray accepted").isNegative();
      assertThat(pair.a.engine(RED).accept(redListener)).as("red accepted").isNegative();
      final FastPathCounters counters = pair.a.counters();
      assertThat(counters.rxPackets(GRAY)).isZero();
      assertThat(counters.rxPackets(RED)).isZero();
      assertThat(counters.localDelivered()).isZero();
      assertThat(counters.txTenant(TenantDrop.ISOLATED)).as("SYNs refused").isEqualTo(9);
      assertThat(pair.wire.a().counters().txFrames()).as("frames on the wire").isZero();
    }
  }
}
