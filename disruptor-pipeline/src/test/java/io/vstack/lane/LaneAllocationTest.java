package io.vstack.lane;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Steady state allocates nothing per frame on any lanes thread (dispatcher, lanes, slow path).
 * Measured as the least bytes over several rounds after warm-up, because on a loaded machine the
 * JIT may still be compiling (interpreted FFM and lambda paths allocate) during any one round.
 */
class LaneAllocationTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final int FRAMES_PER_ROUND = 20_000;

  @ParameterizedTest
  @EnumSource(ThreadingMode.class)
  void shouldNotAllocatePerFrameWhenRunningSteadily(final ThreadingMode mode) {
    final com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    try (LaneHarness harness =
        new LaneHarness(5, 1000, false, 0, c -> c.threadingMode(mode).laneCount(2))) {
      for (int i = 0; i < 10; i++) {
        harness.send(FRAMES_PER_ROUND, TIMEOUT);
        harness.awaitDelivered(TIMEOUT);
      }
      long least = Long.MAX_VALUE;
      for (int round = 0; round < 6; round++) {
        final long before = allocatedByLaneThreads(threads);
        harness.send(FRAMES_PER_ROUND, TIMEOUT);
        harness.awaitDelivered(TIMEOUT);
        least = Math.min(least, allocatedByLaneThreads(threads) - before);
      }
      harness.assertIntact(false);
      // one allocation per frame would be at least 16 B x 20 000 = 320 KB
      assertThat(least).as("bytes allocated for %d frames", FRAMES_PER_ROUND).isLessThan(8192);
    }
  }

  private static long allocatedByLaneThreads(final com.sun.management.ThreadMXBean threads) {
    long sum = 0;
    for (final Thread thread : Thread.getAllStackTraces().keySet()) {
      if (thread.getName().startsWith("vstack-")) {
        sum += threads.getThreadAllocatedBytes(thread.threadId());
      }
    }
    return sum;
  }
}
