package io.vstack.tcp;

import static io.vstack.tcp.Simulation.MS;
import static org.assertj.core.api.Assertions.assertThat;

import io.vstack.tcp.cc.CongestionControlAlgorithm;
import io.vstack.tcp.cc.Dctcp;
import org.junit.jupiter.api.Test;

/**
 * DCTCP between two engines over a bottleneck that CE-marks above a small queue (RFC 8257 3.1): the
 * sender keeps the queue near the threshold without a single drop, and its alpha estimates the
 * fraction of marked packets.
 */
class DctcpSimulationTest {
  private static final long SEED = Long.getLong("vstack.seed", System.nanoTime());

  private static TcpConfig dctcp() {
    return Simulation.config()
        .ecn(true)
        .congestionControl(CongestionControlAlgorithm.DCTCP)
        .sendBufferSize(1 << 20)
        .receiveBufferSize(1 << 20);
  }

  @Test
  void shouldTrackMarkedFractionWithoutLossWhenBottleneckMarksEcn() {
    // 1 Gbit/s, 1 ms each way; mark above 100 us of queue (~8 packets), drop above 5 ms.
    final SimulatedLink.Impairments marking =
        SimulatedLink.Impairments.clean().withMarking(100_000L);
    final Simulation sim = new Simulation(dctcp(), dctcp(), marking, SEED);
    final int[] ids = sim.connect(1_000 * MS);
    final Simulation.Stream stream = new Simulation.Stream(64L << 20);
    long cwndSum = 0;
    long samples = 0;
    while (stream.received < stream.total && sim.now < 60_000 * MS) {
      sim.pump(sim.a, ids[0], stream, false);
      sim.step();
      sim.drain(sim.b, ids[1], stream);
      if (stream.received > stream.total / 2) {
        cwndSum += sim.a.cwnd(ids[0]);
        samples++;
      }
    }
    final double alpha = ((Dctcp) sim.a.congestionControl(ids[0])).alpha();
    final double markedFraction = (double) sim.link.marked / sim.link.ectPackets;
    final long bdp = 1_000_000_000L / 8 * 2 / 1000; // bytes in 2 ms at 1 Gbit/s
    System.out.printf(
        "seed=%d alpha=%.3f marked=%.3f drops=%d mean cwnd=%d (BDP %d)%n",
        SEED, alpha, markedFraction, sim.link.dropped, cwndSum / samples, bdp);
    final String why = "seed=" + SEED;
    assertThat(stream.received).as(why).isEqualTo(stream.total);
    assertThat(sim.link.marked).as(why + ": the queue built up").isPositive();
    assertThat(sim.link.dropped).as(why + ": DCTCP kept the queue short").isZero();
    assertThat(alpha).as(why + ": alpha estimates the marked fraction").isBetween(0.0, 1.0);
    assertThat(Math.abs(alpha - markedFraction)).as(why).isLessThan(0.2);
    assertThat(cwndSum / samples)
        .as(why + ": window stays near BDP + marking threshold, far below the 5 ms queue")
        .isBetween(bdp / 2, bdp + 200_000);
  }
}
