package io.vstack.fastpath;

import static io.vstack.fastpath.FusedPair.BLUE;
import static io.vstack.fastpath.FusedPair.RED;
import static io.vstack.fastpath.FusedPair.VIP_A;
import static io.vstack.fastpath.FusedPair.VIP_B;
import static org.assertj.core.api.Assertions.assertThat;

import io.vstack.port.MarkingPort;
import io.vstack.port.Port;
import io.vstack.tcp.TcpConfig;
import io.vstack.wire.OverlayProtocol;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 8: when the port reports the rte_flow MARK a NIC rule attached (MARK = tenant id, as {@code
 * TenantSteeringRules} compiles), {@link FusedFastPath#doWork()} takes the tenant from it instead
 * of looking up the VNI.
 */
class NicMarkTest {
  private MarkingPort marking;
  private final FusedPair pair =
      new FusedPair(
          OverlayProtocol.VXLAN, new TcpConfig(), port -> marking = new MarkingPort(port));

  @AfterEach
  void close() {
    pair.close();
  }

  @Test
  void shouldChargeTheTenantTheNicMarkedWhenThePortReportsAMark() {
    marking.markAll(2); // red's tenant id; the frame carries blue's VNI
    sendSynFromBlueAtHostB(40_000);

    assertThat(pair.a.doWork()).isPositive();
    final FastPathCounters counters = pair.a.counters();
    assertThat(counters.marked()).isEqualTo(1);
    assertThat(counters.rxPackets(RED)).isEqualTo(1);
    assertThat(counters.rxPackets(BLUE)).isZero();
    assertThat(pair.a.engine(RED).counters().segmentsReceived).isEqualTo(1);
  }

  @Test
  void shouldLetTheVniDecideWhenTheMarkIsNoTenantsOrAbsent() {
    marking.markAll(99); // a rule of another purpose
    sendSynFromBlueAtHostB(40_000);
    pair.a.doWork();
    marking.markAll(Port.NO_MARK);
    sendSynFromBlueAtHostB(40_001);
    pair.a.doWork();

    final FastPathCounters counters = pair.a.counters();
    assertThat(counters.marked()).isZero();
    assertThat(counters.rxPackets(BLUE)).isEqualTo(2);
    assertThat(counters.rxPackets(RED)).isZero();
    assertThat(pair.a.slotOfMark(1)).isEqualTo(BLUE);
    assertThat(pair.a.slotOfMark(99)).isEqualTo(FusedFastPath.NO_TENANT);
    assertThat(pair.a.slotOfMark(1L << 32)).isEqualTo(FusedFastPath.NO_TENANT);
  }

  private void sendSynFromBlueAtHostB(final int localPort) {
    pair.b.underlayNeighbor(FusedPair.UNDERLAY_A, FusedPair.UNDERLAY_MAC_A);
    pair.b.innerNeighbor(BLUE, VIP_A, 0x0200_0000_0A01L);
    pair.b.engine(BLUE).connect(VIP_B, localPort, VIP_A, 80, pair.clock.nanoTime());
    pair.b.flush();
  }
}
