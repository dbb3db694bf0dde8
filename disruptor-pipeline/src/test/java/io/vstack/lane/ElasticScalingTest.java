package io.vstack.lane;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * The scaling controller, end to end on real threads: load wakes the parked lane, idleness parks it
 * again, a parked lane's thread burns no CPU, and every flow stays complete, in order and with its
 * SHA-256 intact across both moves.
 */
class ElasticScalingTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @Test
  void shouldWakeALaneUnderLoadAndParkItWhenIdleWithoutBreakingAnyFlow() throws Exception {
    final long seed = ThreadLocalRandom.current().nextLong();
    final int flows = 400;
    try (LaneHarness harness =
        new LaneHarness(
            seed,
            flows,
            true,
            2_000,
            c ->
                c.threadingMode(ThreadingMode.DEDICATED)
                    // busy-spin: an awake idle lane would burn CPU, so ~0 CPU proves it sleeps
                    .idleMode(IdleMode.BUSY_SPIN)
                    .laneCount(2)
                    .initialActiveLanes(1)
                    .elastic(true)
                    .busyThresholds(0.05, 0.5)
                    .dwellNs(30_000_000, 200_000_000)
                    .sampleIntervalNs(10_000_000))) {
      final Lanes lanes = harness.lanes;
      assertThat(lanes.lane(1).isParked()).isTrue();

      // load: 2 µs of work per frame, offered faster than one lane handles it
      harness.sendUntil(() -> !lanes.lane(1).isParked(), TIMEOUT, "scale-up");
      harness.sendUntil(() -> lanes.lane(1).framesHandled() > 2_000, TIMEOUT, "traffic on lane 1");
      assertThat(lanes.counter("lanes woken")).isEqualTo(1);

      // idle: only a trickle, so the busiest lane stays far below 5 %
      final long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (!lanes.lane(1).isParked()) {
        harness.send(1, TIMEOUT);
        Thread.sleep(5);
        assertThat(System.nanoTime() - deadline)
            .as("seed %d: scale-down in time", seed)
            .isNegative();
      }
      assertThat(lanes.counter("lanes parked")).isEqualTo(1);

      ParkedLaneCpu.assertSleeps(
          lanes,
          1,
          0,
          () -> {
            for (int i = 0; i < 50; i++) {
              harness.send(10, TIMEOUT);
              Thread.sleep(10);
            }
          });

      harness.awaitDelivered(TIMEOUT);
      harness.assertIntact(true);
      int crossed = 0;
      for (int flow = 0; flow < flows; flow++) {
        if (harness.sink.lanesOf(flow) == 0b11) {
          crossed++;
        }
      }
      assertThat(crossed).as("seed %d: flows handled by both lanes", seed).isPositive();
      assertThat(lanes.distinctErrors()).isZero();
    }
  }
}
