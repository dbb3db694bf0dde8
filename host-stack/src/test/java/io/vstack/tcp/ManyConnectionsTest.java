package io.vstack.tcp;

import static io.vstack.tcp.Simulation.ADDRESS_A;
import static io.vstack.tcp.Simulation.ADDRESS_B;
import static io.vstack.tcp.Simulation.MS;
import static io.vstack.tcp.Simulation.PORT_B;
import static org.assertj.core.api.Assertions.assertThat;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * Many concurrent connections through one pair of engines over a lossy link: the 4-tuple table, the
 * listener queues, the timer wheel and TCB reuse at scale. Every connection carries its own payload
 * (its index in every byte) so cross-talk between connections would show.
 */
class ManyConnectionsTest {
  private static final long SEED = Long.getLong("vstack.seed", System.nanoTime());
  private static final int CONNECTIONS = 2_000;
  private static final int BYTES = 3_000;

  private static TcpConfig config() {
    return Simulation.config()
        .maxConnections(CONNECTIONS)
        .sendBufferSize(4096)
        .receiveBufferSize(4096)
        .timeWaitNanos(2_000 * MS);
  }

  @Test
  void shouldServeEveryConnectionWhenThousandsRunAtOnce() {
    final Simulation sim =
        new Simulation(config(), config(), SimulatedLink.Impairments.clean().withLoss(0.01), SEED);
    final int listener = sim.b.listen(ADDRESS_B, PORT_B, CONNECTIONS);
    final int[] client = new int[CONNECTIONS];
    for (int i = 0; i < CONNECTIONS; i++) {
      client[i] = sim.a.connect(ADDRESS_A, 10_000 + i, ADDRESS_B, PORT_B, sim.now);
      assertThat(client[i]).isNotNegative();
    }
    final int[] received = new int[CONNECTIONS];
    final int[] serverToClient = new int[CONNECTIONS];
    final boolean[] sent = new boolean[CONNECTIONS];
    final UnsafeBuffer buffer = new UnsafeBuffer(new byte[BYTES]);
    int accepted = 0;
    int done = 0;
    while (done < CONNECTIONS && sim.now < 120_000 * MS) {
      for (int i = 0; i < CONNECTIONS; i++) {
        if (!sent[i] && sim.a.state(client[i]) == TcpState.ESTABLISHED) {
          buffer.setMemory(0, BYTES, (byte) i);
          assertThat(sim.a.write(client[i], buffer, 0, BYTES, sim.now)).isEqualTo(BYTES);
          sim.a.shutdownOutput(client[i], sim.now);
          sent[i] = true;
        }
      }
      sim.step();
      for (int id = sim.b.accept(listener); id >= 0; id = sim.b.accept(listener)) {
        serverToClient[accepted++] = id;
      }
      done = 0;
      for (int k = 0; k < accepted; k++) {
        final int id = serverToClient[k];
        int n;
        while ((n = sim.b.read(id, buffer, 0, BYTES, sim.now)) > 0) {
          final int index = buffer.getByte(0) & 0xFF;
          for (int j = 0; j < n; j++) {
            assertThat(buffer.getByte(j) & 0xFF).as("seed=%d no cross-talk", SEED).isEqualTo(index);
          }
          received[k] += n;
        }
        if (n == TcpEngine.EOF) {
          done++;
        }
      }
    }
    assertThat(accepted).as("seed=" + SEED).isEqualTo(CONNECTIONS);
    assertThat(done).as("seed=" + SEED).isEqualTo(CONNECTIONS);
    for (int k = 0; k < CONNECTIONS; k++) {
      assertThat(received[k]).as("seed=%d connection %d", SEED, k).isEqualTo(BYTES);
    }
    for (int k = 0; k < CONNECTIONS; k++) {
      sim.b.close(serverToClient[k], sim.now);
      sim.a.close(client[k], sim.now);
    }
    final long limit = sim.now + 60_000 * MS;
    while (sim.now < limit && sim.a.connections() + sim.b.connections() > 0) {
      sim.step();
    }
    assertThat(sim.a.connections()).as("seed=" + SEED).isZero();
    assertThat(sim.b.connections()).as("seed=" + SEED).isZero();
  }
}
