package io.vstack.tcp;

import static io.vstack.tcp.Simulation.ADDRESS_A;
import static io.vstack.tcp.Simulation.ADDRESS_B;
import static io.vstack.tcp.Simulation.MS;
import static io.vstack.tcp.Simulation.PORT_A;
import static io.vstack.tcp.Simulation.PORT_B;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link TcpEngine#detach} and {@link TcpEngine#attach}: a connection moves from one engine to
 * another (what lanes do when a flow's indirection entry moves) with its buffers, sequence space,
 * timers and listener queue, and the peer notices nothing.
 */
class ConnectionMoveTest {
  @Test
  void shouldKeepBothStreamsIntactWhenTheConnectionMovesToAnotherEngineMidTransferOnALossyLink() {
    final long seed = ThreadLocalRandom.current().nextLong();
    final TcpConfig config = Simulation.config();
    final Simulation sim =
        new Simulation(config, config, SimulatedLink.Impairments.clean().withLoss(0.02), seed);
    final int[] ids = sim.connect(1_000 * MS);
    assertThat(ids[1]).as("seed %d: accepted", seed).isNotNegative();
    final Simulation.Stream up = new Simulation.Stream(1_500_000);
    final Simulation.Stream down = new Simulation.Stream(1_500_000);
    while (up.received < 400_000 && sim.now < 60_000 * MS) {
      sim.pump(sim.a, ids[0], up, true);
      sim.pump(sim.b, ids[1], down, true);
      sim.step();
      sim.drain(sim.b, ids[1], up);
      sim.drain(sim.a, ids[0], down);
    }
    final TcpEngine moved =
        new TcpEngine(config.secret(seed, 1), sim.link.fromA, new TcpHandler() {}, sim.now);
    final TcpEngine.Detached connection = sim.a.detach(ids[0]);
    assertThat(connection).isNotNull();
    assertThat(connection.remotePort()).isEqualTo(PORT_B);
    assertThat(sim.a.isLive(ids[0])).isFalse();
    assertThat(sim.a.connections()).as("the old engine keeps nothing").isZero();
    assertThat(sim.a.detach(ids[0])).as("detached once").isNull();
    final int id = moved.attach(connection, sim.now);
    assertThat(id).isNotNegative();
    assertThat(moved.lookup(ADDRESS_A, PORT_A, ADDRESS_B, PORT_B)).isEqualTo(id);
    sim.link.attach(moved, sim.b); // segments in flight reach the new owner
    while (!(up.eof && down.eof) && sim.now < 120_000 * MS) {
      sim.pump(moved, id, up, true);
      sim.pump(sim.b, ids[1], down, true);
      sim.now = Math.max(Math.min(sim.link.nextDelivery(), sim.now + MS), sim.now + 1);
      sim.link.deliverDue(sim.now);
      sim.link.now(sim.now);
      moved.poll(sim.now);
      sim.b.poll(sim.now);
      sim.drain(sim.b, ids[1], up);
      sim.drain(moved, id, down);
    }
    assertThat(up.eof && down.eof).as("seed %d: both streams ended", seed).isTrue();
    assertThat(up.firstMismatch).isEqualTo(-1);
    assertThat(down.firstMismatch).isEqualTo(-1);
    assertThat(up.receivedDigest.digest()).isEqualTo(up.sentDigest.digest());
    assertThat(down.receivedDigest.digest()).isEqualTo(down.sentDigest.digest());
    assertThat(moved.counters().retransmittedSegments)
        .as("seed %d: the moved connection recovered losses itself", seed)
        .isPositive();
    assertThat(moved.counters().resetsSent + sim.b.counters().resetsSent).isZero();
    assertThat(moved.counters().connectionsAttached).isEqualTo(1);
    assertThat(sim.a.counters().connectionsDetached).isEqualTo(1);
  }

  @Test
  void shouldWaitInTheNewListenersQueueWhenTheMovedConnectionWasNotAcceptedYet() {
    final TcpConfig config = Simulation.config();
    final Simulation sim = new Simulation(config, config, SimulatedLink.Impairments.clean(), 7);
    final int listener = sim.b.listen(ADDRESS_B, PORT_B, 4);
    sim.a.connect(ADDRESS_A, PORT_A, ADDRESS_B, PORT_B, sim.now);
    int id = -1;
    while (id < 0 && sim.now < 1_000 * MS) {
      sim.step();
      final int found = sim.b.lookup(ADDRESS_B, PORT_B, ADDRESS_A, PORT_A);
      id = found >= 0 && sim.b.state(found) == TcpState.ESTABLISHED ? found : -1;
    }
    assertThat(id).as("established, waiting to be accepted").isNotNegative();
    final TcpEngine withListener =
        new TcpEngine(config.secret(7, 2), sim.link.fromB, new TcpHandler() {}, sim.now);
    final int newListener = withListener.listen(0, PORT_B, 4);
    final int attached = withListener.attach(sim.b.detach(id), sim.now);
    assertThat(attached).isNotNegative();
    assertThat(sim.b.accept(listener)).as("gone from the old accept queue").isNegative();
    assertThat(withListener.accept(newListener)).isEqualTo(attached);

    final TcpEngine withoutListener =
        new TcpEngine(config.secret(7, 2), sim.link.fromB, new TcpHandler() {}, sim.now);
    assertThat(withoutListener.attach(withListener.detach(attached), sim.now))
        .as("an accepted connection needs no listener")
        .isNotNegative();
    final long resetsBefore = withoutListener.counters().resetsSent;
    sim.a.connect(ADDRESS_A, PORT_A + 1, ADDRESS_B, PORT_B, sim.now);
    final TcpEngine server =
        new TcpEngine(config.secret(7, 2), sim.link.fromB, new TcpHandler() {}, sim.now);
    server.listen(0, PORT_B, 4);
    sim.link.attach(sim.a, server);
    int second = -1;
    while (second < 0 && sim.now < 2_000 * MS) {
      sim.step();
      server.poll(sim.now);
      second = server.lookup(ADDRESS_B, PORT_B, ADDRESS_A, PORT_A + 1);
    }
    assertThat(second).isNotNegative();
    assertThat(withoutListener.attach(server.detach(second), sim.now))
        .as("no listener for a connection nobody accepted")
        .isEqualTo(-1);
    assertThat(withoutListener.counters().connectionsNotAttached).isEqualTo(1);
    assertThat(withoutListener.counters().resetsSent).isEqualTo(resetsBefore + 1);
  }
}
