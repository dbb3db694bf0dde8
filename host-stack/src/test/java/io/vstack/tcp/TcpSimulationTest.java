package io.vstack.tcp;

import static io.vstack.tcp.SimulatedLink.Impairments.clean;
import static io.vstack.tcp.Simulation.ADDRESS_A;
import static io.vstack.tcp.Simulation.ADDRESS_B;
import static io.vstack.tcp.Simulation.MS;
import static io.vstack.tcp.Simulation.PORT_A;
import static io.vstack.tcp.Simulation.PORT_B;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * End-to-end behaviour of two engines over a seeded impaired link. Each test prints its seed in
 * every assertion; rerun one with {@code -Dvstack.seed=<seed>}.
 */
class TcpSimulationTest {
  private static final long SECOND = 1_000 * MS;
  private static final long SEED = Long.getLong("vstack.seed", System.nanoTime());
  private static final int BULK = 4 * 1024 * 1024;

  static Stream<Arguments> impairments() {
    return Stream.of(
        Arguments.of("clean", clean()),
        Arguments.of("loss 1%", clean().withLoss(0.01)),
        Arguments.of("loss 5%", clean().withLoss(0.05)),
        Arguments.of("loss 10%", clean().withLoss(0.10)),
        Arguments.of("reorder 25%", clean().withReorder(0.25)),
        Arguments.of("duplicate 5%", clean().withDuplicate(0.05)),
        Arguments.of(
            "combined",
            clean().withLoss(0.03).withReorder(0.25).withDuplicate(0.05).withJitter(500_000)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("impairments")
  void shouldTransferBulkDataByteExactWhenLinkIsImpaired(
      final String name, final SimulatedLink.Impairments impairments) {
    for (final boolean sack : new boolean[] {true, false}) {
      final TcpConfig config = Simulation.config().sack(sack);
      final Simulation sim =
          new Simulation(config, Simulation.config().sack(sack), impairments, SEED);
      final String why = name + " sack=" + sack + " seed=" + SEED;
      final int[] ids = sim.connect(30 * SECOND);
      assertThat(ids[1]).as(why + ": accepted").isNotNegative();
      final Simulation.Stream stream = new Simulation.Stream(BULK);
      while (!stream.eof && sim.now < 600 * SECOND) {
        sim.pump(sim.a, ids[0], stream, true);
        sim.step();
        sim.drain(sim.b, ids[1], stream);
      }
      assertThat(stream.received).as(why + ": bytes").isEqualTo(BULK);
      assertThat(stream.eof).as(why + ": EOF").isTrue();
      assertThat(stream.receivedDigest.digest())
          .as(why + ": SHA-256")
          .isEqualTo(stream.sentDigest.digest());
      final TcpCounters counters = sim.a.counters();
      System.out.printf(
          "%s: %.2f s simulated, sent %d, dropped %d, retransmitted %d (fast %d, timeouts %d)%n",
          why,
          sim.now / 1e9,
          sim.link.sent,
          sim.link.dropped,
          counters.retransmittedSegments,
          counters.fastRetransmits,
          counters.retransmitTimeouts);
      if (impairments.loss > 0) {
        assertThat(counters.retransmittedSegments).as(why + ": losses repaired").isPositive();
      }
      finish(sim, ids, why);
    }
  }

  @Test
  void shouldConnectBothWaysWhenOpensCross() {
    final Simulation sim = new Simulation(Simulation.config(), Simulation.config(), clean(), SEED);
    final int idA = sim.a.connect(ADDRESS_A, PORT_A, ADDRESS_B, PORT_B, 0);
    final int idB = sim.b.connect(ADDRESS_B, PORT_B, ADDRESS_A, PORT_A, 0);
    while (sim.now < 5 * SECOND
        && (sim.a.state(idA) != TcpState.ESTABLISHED || sim.b.state(idB) != TcpState.ESTABLISHED)) {
      sim.step();
    }
    assertThat(sim.a.state(idA)).as("seed=" + SEED).isEqualTo(TcpState.ESTABLISHED);
    assertThat(sim.b.state(idB)).as("seed=" + SEED).isEqualTo(TcpState.ESTABLISHED);
    exchangeBothWays(sim, new int[] {idA, idB}, 100_000, "simultaneous open seed=" + SEED);
  }

  @Test
  void shouldPassThroughClosingWhenBothSidesCloseAtOnce() {
    final Simulation sim = new Simulation(Simulation.config(), Simulation.config(), clean(), SEED);
    final int[] ids = sim.connect(5 * SECOND);
    sim.a.close(ids[0], sim.now);
    sim.b.close(ids[1], sim.now);
    assertThat(sim.a.state(ids[0])).isEqualTo(TcpState.FIN_WAIT_1);
    boolean sawClosing = false;
    while (sim.now < 5 * SECOND && sim.a.connections() + sim.b.connections() > 0) {
      sim.step();
      sawClosing |= sim.a.state(ids[0]) == TcpState.CLOSING;
    }
    assertThat(sawClosing).as("crossing FINs pass through CLOSING").isTrue();
    assertThat(sim.a.connections()).isZero();
    assertThat(sim.b.connections()).isZero();
  }

  @Test
  void shouldKeepReceivingAfterShutdownOutputWhenHalfClosed() {
    final Simulation sim =
        new Simulation(Simulation.config(), Simulation.config(), clean().withLoss(0.02), SEED);
    final int[] ids = sim.connect(30 * SECOND);
    final Simulation.Stream request = new Simulation.Stream(50_000);
    final Simulation.Stream response = new Simulation.Stream(1_000_000);
    // A sends its request and half-closes; B answers only after it saw A's FIN.
    while (!request.eof && sim.now < 60 * SECOND) {
      sim.pump(sim.a, ids[0], request, true);
      sim.step();
      sim.drain(sim.b, ids[1], request);
    }
    assertThat(request.eof).as("B saw EOF seed=" + SEED).isTrue();
    while (sim.a.state(ids[0]) == TcpState.FIN_WAIT_1 && sim.now < 90 * SECOND) {
      sim.step();
    }
    assertThat(sim.a.state(ids[0])).isEqualTo(TcpState.FIN_WAIT_2);
    assertThat(sim.b.state(ids[1])).isEqualTo(TcpState.CLOSE_WAIT);
    while (!response.eof && sim.now < 120 * SECOND) {
      sim.pump(sim.b, ids[1], response, true);
      sim.step();
      sim.drain(sim.a, ids[0], response);
    }
    assertThat(response.received).as("seed=" + SEED).isEqualTo(1_000_000);
    assertThat(response.receivedDigest.digest()).isEqualTo(response.sentDigest.digest());
    assertThat(request.receivedDigest.digest()).isEqualTo(request.sentDigest.digest());
    finish(sim, ids, "half-close seed=" + SEED);
  }

  /** Both applications close; both engines must end with no connection (TIME-WAIT expired). */
  private static void finish(final Simulation sim, final int[] ids, final String why) {
    sim.a.close(ids[0], sim.now);
    sim.b.close(ids[1], sim.now);
    final long limit = sim.now + 200 * SECOND;
    while (sim.now < limit && sim.a.connections() + sim.b.connections() > 0) {
      sim.step();
    }
    assertThat(sim.a.connections()).as(why + ": A connections").isZero();
    assertThat(sim.b.connections()).as(why + ": B connections").isZero();
  }

  private static void exchangeBothWays(
      final Simulation sim, final int[] ids, final int bytes, final String why) {
    final Simulation.Stream ab = new Simulation.Stream(bytes);
    final Simulation.Stream ba = new Simulation.Stream(bytes);
    while ((!ab.eof || !ba.eof) && sim.now < 60 * SECOND) {
      sim.pump(sim.a, ids[0], ab, true);
      sim.pump(sim.b, ids[1], ba, true);
      sim.step();
      sim.drain(sim.b, ids[1], ab);
      sim.drain(sim.a, ids[0], ba);
    }
    assertThat(ab.received).as(why).isEqualTo(bytes);
    assertThat(ba.received).as(why).isEqualTo(bytes);
    assertThat(ab.receivedDigest.digest()).as(why).isEqualTo(ab.sentDigest.digest());
    assertThat(ba.receivedDigest.digest()).as(why).isEqualTo(ba.sentDigest.digest());
    finish(sim, ids, why);
  }
}
