package io.vstack.fusedlane;

import static io.vstack.fusedlane.OverlayPair.BLUE;
import static io.vstack.fusedlane.OverlayPair.VIP_A;
import static io.vstack.fusedlane.OverlayPair.VIP_B;
import static org.assertj.core.api.Assertions.assertThat;

import io.vstack.fastpath.FusedFastPath;
import io.vstack.lane.FrameSource;
import io.vstack.lane.Lanes;
import io.vstack.lane.LanesContext;
import io.vstack.lane.ThreadingMode;
import io.vstack.port.FrameBatch;
import io.vstack.port.MemoryPort;
import io.vstack.port.Port;
import io.vstack.tcp.TcpState;
import java.util.Arrays;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import org.agrona.concurrent.CachedNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Many TCP connections from a peer host into host a, whose fused fast path runs in 1 or 2 lanes
 * (SHARED, driven on the test thread with the peer, one injected clock). Each lane's fast path
 * listens; a connection is accepted by the lane its flow hashes to and read there by the lane's
 * application hook. Every stream must arrive intact (SHA-256) and every lane must carry some.
 */
@Timeout(300)
class FusedLanesTest {
  private static final int FLOWS = 24;
  private static final int BYTES = 200_000;
  private static final long TICK_NANOS = 20_000;

  private final CachedNanoClock clock = new CachedNanoClock();
  private final Queue<String> serverDigests = new ConcurrentLinkedQueue<>();

  @ParameterizedTest(name = "{0} lanes")
  @ValueSource(ints = {1, 2})
  void shouldCarryEveryStreamIntactWhenManyConnectionsSpreadOverLanes(final int laneCount) {
    final long seed = ThreadLocalRandom.current().nextLong();
    final OverlayPair overlay = new OverlayPair();
    final MemoryPort.Pair wire = MemoryPort.pair("b", "a", 4096, 1514);
    final MemoryPort.Pair[] laneTx = new MemoryPort.Pair[laneCount];
    final Port[] peerReceives = new Port[laneCount];
    for (int i = 0; i < laneCount; i++) {
      laneTx[i] = MemoryPort.pair("a-tx" + i, "b-rx" + i, 4096, 1514);
      peerReceives[i] = laneTx[i].b();
    }
    final FusedLaneHandler[] handlers = new FusedLaneHandler[laneCount];
    final StreamReader[] readers = new StreamReader[laneCount];
    final LanesContext context =
        new LanesContext()
            .threadingMode(ThreadingMode.SHARED)
            .useAgentInvoker(true)
            .laneCount(laneCount)
            .hashSeed(seed)
            .source(FrameSource.of(wire.b()))
            .flowKeyExtractor(overlay.flowKeysA())
            .handlerFactory(
                (lane, slowPath) -> {
                  final FusedFastPath fastPath = overlay.hostA(laneTx[lane].a(), clock);
                  readers[lane] =
                      new StreamReader(
                          fastPath.engine(BLUE).listen(VIP_A, 80, FLOWS), serverDigests);
                  handlers[lane] =
                      new FusedLaneHandler(fastPath, clock, readers[lane], Integer.MAX_VALUE);
                  return handlers[lane];
                });
    try (FusedFastPath peer = overlay.hostB(new MergedPort(wire.a(), peerReceives), clock);
        Lanes lanes = Lanes.launch(context)) {
      final PeerStreams streams = new PeerStreams(peer.engine(BLUE), FLOWS, seed, clock.nanoTime());
      final long[] limit = new long[FLOWS];
      Arrays.fill(limit, BYTES);
      int ticks = 0;
      while (serverDigests.size() < FLOWS && ticks++ < 2_000_000) {
        clock.advance(TICK_NANOS);
        final long now = clock.nanoTime();
        lanes.invoke();
        peer.doWork();
        streams.finish(limit, now);
        peer.flush();
      }
      assertThat(serverDigests)
          .as("seed %d: streams read by the lanes after %d ticks", seed, ticks)
          .containsExactlyInAnyOrderElementsOf(streams.digests());
      for (int lane = 0; lane < laneCount; lane++) {
        assertThat(readers[lane].accepted())
            .as("seed %d: connections accepted by lane %d", seed, lane)
            .isPositive();
        assertThat(handlers[lane].fastPath().counters().rxBytes(BLUE)).isPositive();
      }
      int accepted = 0;
      for (final StreamReader reader : readers) {
        accepted += reader.accepted();
      }
      assertThat(accepted).as("each connection accepted once, on one lane").isEqualTo(FLOWS);
      assertThat(lanes.distinctErrors()).isZero();
    } finally {
      wire.close();
      for (final MemoryPort.Pair pair : laneTx) {
        pair.close();
      }
    }
  }

  @Test
  void shouldRetransmitOnAnIdleLaneWhenItsDutyCycleRunsTimers() {
    final OverlayPair overlay = new OverlayPair();
    final FusedLaneHandler[] handler = new FusedLaneHandler[1];
    final int[] accepted = {-1};
    final int[] written = {0};
    final FusedFastPath[] lane0 = new FusedFastPath[1];
    try (MemoryPort.Pair wire = MemoryPort.pair("b", "a", 1024, 1514);
        MemoryPort.Pair laneTx = MemoryPort.pair("a-tx", "b-rx", 1024, 1514);
        FusedFastPath peer = overlay.hostB(new MergedPort(wire.a(), laneTx.b()), clock);
        FrameBatch taken = new FrameBatch(64, 2048)) {
      final LanesContext context =
          new LanesContext()
              .threadingMode(ThreadingMode.SHARED)
              .useAgentInvoker(true)
              .nanoClock(clock)
              .source(FrameSource.of(wire.b()))
              .flowKeyExtractor(overlay.flowKeysA())
              .handlerFactory(
                  (lane, slowPath) -> {
                    final FusedFastPath fastPath = overlay.hostA(laneTx.a(), clock);
                    lane0[0] = fastPath;
                    final int listener = fastPath.engine(BLUE).listen(VIP_A, 80, 1);
                    final FusedLaneHandler.Application app =
                        (fast, now) -> {
                          final int id = fast.engine(BLUE).accept(listener);
                          if (id >= 0) {
                            accepted[0] = id;
                            written[0] =
                                fast.engine(BLUE)
                                    .write(id, new UnsafeBuffer(new byte[1000]), 0, 1000, now);
                          }
                        };
                    handler[0] =
                        new FusedLaneHandler(
                            fastPath, clock, app, Integer.MAX_VALUE, new int[0], 1_000_000);
                    return handler[0];
                  });
      try (Lanes lanes = Lanes.launch(context)) {
        peer.underlayNeighbor(OverlayPair.UNDERLAY_A, OverlayPair.UNDERLAY_MAC_A);
        peer.innerNeighbor(BLUE, VIP_A, OverlayPair.VMAC_A);
        final int id = peer.engine(BLUE).connect(VIP_B, 40_000, VIP_A, 80, clock.nanoTime());
        for (int i = 0; i < 200_000 && written[0] == 0; i++) {
          clock.advance(TICK_NANOS);
          peer.doWork();
          lanes.invoke();
        }
        assertThat(accepted[0]).as("accepted").isNotNegative();
        assertThat(written[0]).isEqualTo(1000);
        assertThat(peer.engine(BLUE).state(id)).isEqualTo(TcpState.ESTABLISHED);
        // the peer is not driven any more: nothing reaches the lane, its data stays unacked
        final long timerRunsBefore = handler[0].timerRuns();
        int frames = 0;
        for (int i = 0; i < 3_000; i++) {
          clock.advance(1_000_000);
          lanes.invoke();
          taken.clear();
          frames += laneTx.b().receive(taken);
        }
        assertThat(handler[0].timerRuns() - timerRunsBefore)
            .as("timer runs of the idle lane in 3 s")
            .isGreaterThan(1000);
        assertThat(lane0[0].engine(BLUE).counters().retransmitTimeouts)
            .as("retransmission timeouts on the idle lane")
            .isGreaterThanOrEqualTo(2);
        assertThat(frames).as("data segment sent again by the lane's timers").isGreaterThan(2);
      }
    }
  }
}
