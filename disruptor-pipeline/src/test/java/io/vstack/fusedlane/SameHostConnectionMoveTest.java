package io.vstack.fusedlane;

import static io.vstack.fusedlane.OverlayPair.UNDERLAY_A;
import static io.vstack.fusedlane.OverlayPair.UNDERLAY_MAC_A;
import static io.vstack.fusedlane.OverlayPair.VIP_A;
import static io.vstack.fusedlane.OverlayPair.VMAC_A;
import static io.vstack.fusedlane.OverlayPair.tenant;
import static org.assertj.core.api.Assertions.assertThat;

import io.vstack.fastpath.FastPathContext;
import io.vstack.fastpath.FusedFastPath;
import io.vstack.lane.FlowEntries;
import io.vstack.overlay.OverlaySettings;
import io.vstack.overlay.VtepTable;
import io.vstack.port.MemoryPort;
import io.vstack.tcp.TcpEngine;
import io.vstack.tcp.TcpState;
import io.vstack.tenant.TenantRegistry;
import io.vstack.wire.Ipv4Address;
import io.vstack.wire.OverlayProtocol;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.agrona.concurrent.CachedNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A TCP connection between two peer tenants of one host (blue serves, green sends; every segment
 * goes through the fast path's local ring, never through the dispatcher) whose indirection entries
 * move from lane 0 to lane 1 one at a time, traffic flowing between the moves. The flows are filed
 * by tenant slot, so the two ends would be in different entries if each end were keyed with its own
 * slot: both ends must move together, or the moved end's segments reach an engine without the
 * connection. The handlers are driven by hand in the order a lane guarantees (entry leaving on the
 * old lane, then arriving on the new one).
 */
class SameHostConnectionMoveTest {
  private static final int BLUE = 0;
  private static final int GREEN = 1;
  private static final int VIP_GREEN = Ipv4Address.parse("10.0.1.1");
  private static final long VMAC_GREEN = 0x0200_0000_0C01L;
  private static final long TOTAL = 2_000_000;
  private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

  private final CachedNanoClock clock = new CachedNanoClock();
  private final TenantRegistry registry =
      TenantRegistry.of(
          List.of(
              tenant(1, "blue", 100, VMAC_A, VIP_A, Set.of(2)),
              tenant(2, "green", 200, VMAC_GREEN, VIP_GREEN, Set.of(1))));
  private final OverlaySettings settings =
      OverlaySettings.of(OverlayProtocol.VXLAN, UNDERLAY_A, UNDERLAY_MAC_A);
  private final VtepTable vteps = VtepTable.of(registry, UNDERLAY_A, List.of());
  private final MemoryPort.Pair[] laneTx = {
    MemoryPort.pair("a-tx0", "x0", 1024, 1514), MemoryPort.pair("a-tx1", "x1", 1024, 1514)
  };
  private final Queue<String> serverDigests = new ConcurrentLinkedQueue<>();
  private final Sender sender = new Sender(ThreadLocalRandom.current().nextLong());
  private final FusedLaneHandler[] handlers = new FusedLaneHandler[2];

  @AfterEach
  void close() {
    for (final FusedLaneHandler handler : handlers) {
      if (handler != null) {
        handler.onClose();
      }
    }
    for (final MemoryPort.Pair pair : laneTx) {
      pair.close();
    }
  }

  @Test
  void shouldKeepBothEndsTogetherWhenEntriesOfSameHostTenantConnectionMoveOneAtATime() {
    clock.update(1_000 * MS);
    final ConnectionHandoff handoff = new ConnectionHandoff();
    for (int lane = 0; lane < 2; lane++) {
      final FusedFastPath fastPath =
          new FusedFastPath(
              new FastPathContext()
                  .port(laneTx[lane].a())
                  .registry(registry)
                  .vteps(vteps)
                  .settings(settings)
                  .clock(clock));
      final StreamReader reader =
          new StreamReader(fastPath.engine(BLUE).listen(VIP_A, 80, 4), serverDigests);
      handlers[lane] =
          new FusedLaneHandler(
                  fastPath,
                  clock,
                  new Both(reader, sender),
                  Integer.MAX_VALUE,
                  new int[0],
                  FusedLaneHandler.DEFAULT_TIMER_INTERVAL_NS)
              .connectionHandoff(handoff);
    }
    sender.connect(handlers[0].fastPath());
    run(() -> sender.acked >= TOTAL / 4, "first quarter acknowledged on lane 0");
    assertThat(handlers[0].fastPath().engine(BLUE).connections()).isEqualTo(1);

    // Filed by tenant slot: entries 0 and 1. Move them one at a time, traffic between the moves.
    final FlowEntries byTenant = key -> key.tenant();
    for (int entry = 0; entry < 2; entry++) {
      handlers[0].onEntryLeaving(entry, byTenant);
      handlers[1].onEntryArriving(entry, byTenant);
      final long before = sender.acked;
      run(() -> sender.acked >= before + TOTAL / 4, "a quarter acknowledged after moving " + entry);
    }
    assertThat(handlers[0].connectionsMovedOut()).as("both ends moved").isEqualTo(2);
    assertThat(handlers[1].connectionsMovedIn()).isEqualTo(2);

    sender.finishAt = TOTAL;
    run(() -> serverDigests.size() == 1, "the stream read to its end");
    assertThat(serverDigests).containsExactly(sender.digest());
    for (final FusedLaneHandler handler : handlers) {
      for (int slot = 0; slot < 2; slot++) {
        final TcpEngine engine = handler.fastPath().engine(slot);
        assertThat(engine.counters().resetsSent).as("resets sent, slot %d", slot).isZero();
        assertThat(engine.counters().resetsReceived).as("resets received").isZero();
        assertThat(engine.counters().noConnectionDrops).as("segments for no connection").isZero();
        assertThat(engine.counters().connectionsNotAttached).isZero();
      }
    }
    assertThat(handoff.waiting()).isZero();
  }

  /** Runs both lanes' batch ends (timers, application, local deliveries), 1 ms apart, bounded. */
  private void run(final BooleanSupplier done, final String what) {
    for (int round = 0; round < 20_000 && !done.getAsBoolean(); round++) {
      assertThat(sender.reset).as("%s: the sender's connection was reset", what).isFalse();
      clock.update(clock.nanoTime() + MS);
      for (final FusedLaneHandler handler : handlers) {
        handler.onEndOfBatch();
      }
    }
    assertThat(done.getAsBoolean()).as("%s in time (seed %d)", what, sender.seed).isTrue();
  }

  /** One lane's application: the reader of blue and the sender of green, each where its end is. */
  private record Both(StreamReader reader, Sender sender) implements FusedLaneHandler.Application {
    @Override
    public void onEndOfBatch(final FusedFastPath fastPath, final long now) {
      reader.onEndOfBatch(fastPath, now);
      if (sender.lane == fastPath) {
        sender.step(now);
      }
    }

    @Override
    public Object onConnectionLeaving(
        final FusedFastPath fastPath, final int slot, final int connection) {
      if (slot == GREEN) {
        sender.lane = null;
        return sender;
      }
      return reader.onConnectionLeaving(fastPath, slot, connection);
    }

    @Override
    public void onConnectionArrived(
        final FusedFastPath fastPath, final int slot, final int connection, final Object state) {
      if (slot == GREEN) {
        sender.lane = fastPath;
        sender.id = connection;
      } else {
        reader.onConnectionArrived(fastPath, slot, connection, state);
      }
    }
  }

  /** Green's side: a seeded stream to blue:80, hashed as written, FIN once it wrote finishAt. */
  private static final class Sender {
    final long seed;
    final SplittableRandom data;
    final MessageDigest digest = PeerStreams.sha256();
    final byte[] chunk = new byte[8192];
    final UnsafeBuffer chunkBuffer = new UnsafeBuffer(chunk);
    FusedFastPath lane;
    int id;
    long sent;
    long acked;
    long finishAt = Long.MAX_VALUE;
    boolean shut;
    boolean reset;

    Sender(final long seed) {
      this.seed = seed;
      this.data = new SplittableRandom(seed);
    }

    void connect(final FusedFastPath fastPath) {
      lane = fastPath;
      id = fastPath.engine(GREEN).connect(VIP_GREEN, 40_000, VIP_A, 80, fastPath.now());
      assertThat(id).isNotNegative();
    }

    void step(final long now) {
      final TcpEngine engine = lane.engine(GREEN);
      final TcpState state = engine.state(id);
      reset |= engine.closeReason(id) == TcpEngine.CLOSE_RESET;
      if (state != TcpState.ESTABLISHED || shut) {
        return;
      }
      // Keeps the send buffer full, so every batch has data in flight.
      while (sent < finishAt) {
        final int length = (int) Math.min(chunk.length, finishAt - sent);
        data.nextBytes(chunk);
        final int written = engine.write(id, chunkBuffer, 0, length, now);
        if (written <= 0) {
          break;
        }
        digest.update(chunk, 0, written);
        sent += written;
      }
      acked = sent - engine.unacknowledged(id);
      if (sent >= finishAt) {
        engine.shutdownOutput(id, now);
        shut = true;
      }
    }

    String digest() {
      return HexFormat.of().formatHex(digest.digest());
    }
  }
}
