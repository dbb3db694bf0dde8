package io.vstack.tcp;

import static io.vstack.tcp.Simulation.ADDRESS_A;
import static io.vstack.tcp.Simulation.ADDRESS_B;
import static io.vstack.tcp.Simulation.MS;
import static io.vstack.tcp.Simulation.PORT_A;
import static io.vstack.tcp.Simulation.PORT_B;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Random;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * The in-process application API used the way an application would: an echo server driven only by
 * readiness callbacks (queued, then served from the application's loop) and a client that polls.
 * Over a lossy link, the echo must come back byte for byte and both sides close cleanly.
 */
class ApplicationApiTest {
  private static final long SEED = Long.getLong("vstack.seed", System.nanoTime());

  /** Readiness events recorded by the callbacks, served later with the current time. */
  private static final class EventQueue implements TcpHandler {
    final ArrayDeque<int[]> events = new ArrayDeque<>();

    @Override
    public void onAcceptable(final int listenerId) {
      events.add(new int[] {'A', listenerId});
    }

    @Override
    public void onReadable(final int id) {
      events.add(new int[] {'R', id});
    }

    @Override
    public void onWritable(final int id) {
      events.add(new int[] {'W', id});
    }

    @Override
    public void onClosed(final int id, final int reason) {
      events.add(new int[] {'C', id});
    }
  }

  @Test
  void shouldEchoEveryByteWhenServerIsDrivenByReadinessCallbacks() {
    final EventQueue server = new EventQueue();
    final Simulation sim =
        new Simulation(
            Simulation.config(),
            Simulation.config().sendBufferSize(8192).receiveBufferSize(8192),
            SimulatedLink.Impairments.clean().withLoss(0.02),
            SEED,
            new TcpHandler() {},
            server);
    final int listener = sim.b.listen(ADDRESS_B, PORT_B, 4);
    final int client = sim.a.connect(ADDRESS_A, PORT_A, ADDRESS_B, PORT_B, sim.now);
    final byte[] request = new byte[200_000];
    new Random(SEED).nextBytes(request);
    final ByteArrayOutputStream echoed = new ByteArrayOutputStream();
    final UnsafeBuffer scratch = new UnsafeBuffer(new byte[4096]);
    final byte[] pending = new byte[8192];
    int pendingLength = 0;
    int echoConnection = -1;
    int written = 0;
    boolean clientEof = false;
    boolean serverClosed = false;
    while (!clientEof && sim.now < 120_000 * MS) {
      // Client: plain polling.
      if (written < request.length && sim.a.writable(client) > 0) {
        final int n = Math.min(sim.a.writable(client), request.length - written);
        written += sim.a.write(client, new UnsafeBuffer(request), written, n, sim.now);
        if (written == request.length) {
          sim.a.shutdownOutput(client, sim.now);
        }
      }
      int n;
      while ((n = sim.a.read(client, scratch, 0, scratch.capacity(), sim.now)) > 0) {
        echoed.write(scratch.byteArray(), 0, n);
      }
      clientEof = n == TcpEngine.EOF;
      // Server: only reacts to events.
      while (!server.events.isEmpty()) {
        final int[] event = server.events.poll();
        switch (event[0]) {
          case 'A' -> echoConnection = sim.b.accept(event[1]);
          case 'R', 'W' -> {
            final int id = event[1];
            if (pendingLength == 0) {
              final int r = sim.b.read(id, scratch, 0, Math.min(pending.length, 4096), sim.now);
              if (r > 0) {
                scratch.getBytes(0, pending, 0, r);
                pendingLength = r;
              } else if (r == TcpEngine.EOF && !serverClosed) {
                sim.b.close(id, sim.now);
                serverClosed = true;
              }
            }
            if (pendingLength > 0) {
              final int w = sim.b.write(id, new UnsafeBuffer(pending), 0, pendingLength, sim.now);
              if (w > 0) {
                System.arraycopy(pending, w, pending, 0, pendingLength - w);
                pendingLength -= w;
                server.events.add(new int[] {'R', id});
              }
            }
          }
          default -> {}
        }
      }
      sim.step();
    }
    final String why =
        "seed="
            + SEED
            + " client="
            + sim.a.state(client)
            + "/"
            + sim.a.closeReason(client)
            + " t="
            + sim.now
            + " a="
            + sim.a.counters().segmentsSent
            + " b="
            + sim.b.counters().segmentsSent
            + " bNoConn="
            + sim.b.counters().noConnectionDrops;
    assertThat(listener).isZero();
    assertThat(echoConnection).as(why).isNotNegative();
    assertThat(echoed.size()).as(why).isEqualTo(request.length);
    assertThat(Arrays.equals(echoed.toByteArray(), request)).as(why + ": echo intact").isTrue();
    sim.a.close(client, sim.now);
    final long limit = sim.now + 60_000 * MS;
    while (sim.now < limit && sim.a.connections() + sim.b.connections() > 0) {
      sim.step();
    }
    assertThat(sim.a.connections() + sim.b.connections()).as(why).isZero();
  }
}
