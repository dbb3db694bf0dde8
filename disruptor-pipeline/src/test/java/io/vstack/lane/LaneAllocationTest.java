package io.vstack.lane;

import static org.assertj.core.api.Assertions.assertThat;

import io.vstack.loadgen.SyntheticSink;
import io.vstack.port.MarkingPort;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
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

  /** One allocation per frame would be at least 16 B x 20 000 = 320 KB. */
  private static final long MAX_BYTES_PER_ROUND = 8192;

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  @ParameterizedTest
  @EnumSource(ThreadingMode.class)
  void shouldNotAllocatePerFrameWhenRunningSteadily(final ThreadingMode mode) {
    try (LaneHarness harness =
        new LaneHarness(5, 1000, false, 0, c -> c.threadingMode(mode).laneCount(2))) {
      final long least = leastBytesPerRound(harness);
      harness.assertIntact(false);
      assertThat(least)
          .as("bytes allocated for %d frames", FRAMES_PER_ROUND)
          .isLessThan(MAX_BYTES_PER_ROUND);
    }
  }

  /**
   * Every frame carries a NIC MARK (index mod 4; MARK 0 names no tenant): reading it, mapping it to
   * a tenant slot, counting and handing it to the handler allocate nothing either.
   */
  @ParameterizedTest
  @EnumSource(ThreadingMode.class)
  void shouldNotAllocatePerFrameWhenEveryFrameIsMarked(final ThreadingMode mode) {
    final SyntheticSink sink = new SyntheticSink(1000, false, 0);
    final AtomicLong markedSeen = new AtomicLong();
    final LaneHandlerFactory handlers =
        (lane, slowPath) ->
            new ForwardingHandler(sink.newHandler(lane, slowPath)) {
              private long seen;

              @Override
              public void onFrame(
                  final long address,
                  final int length,
                  final int tenant,
                  final int markedSlot,
                  final int flowHash,
                  final int source) {
                if (markedSlot >= 0) {
                  seen++;
                }
                super.onFrame(address, length, tenant, markedSlot, flowHash, source);
              }

              @Override
              public void onEndOfBatch() {
                markedSeen.addAndGet(seen);
                seen = 0;
                super.onEndOfBatch();
              }
            };
    try (LaneHarness harness =
        new LaneHarness(
            5,
            1000,
            false,
            sink,
            handlers,
            port -> FrameSource.of(new MarkingPort(port).marks(index -> index & 3)),
            c ->
                c.threadingMode(mode)
                    .laneCount(2)
                    .markSlots(mark -> mark == 0 ? -1 : (int) mark))) {
      final long least = leastBytesPerRound(harness);
      harness.assertIntact(false);
      assertThat(least)
          .as("bytes allocated for %d marked frames", FRAMES_PER_ROUND)
          .isLessThan(MAX_BYTES_PER_ROUND);
      final long marked = harness.lanes.counter("frames marked");
      assertThat(marked).as("frames whose MARK named a slot").isPositive();
      assertThat(harness.lanes.counter("marks of no tenant")).isPositive();
      assertThat(marked + harness.lanes.counter("marks of no tenant"))
          .isEqualTo(harness.traffic.sent());
      assertThat(markedSeen.get()).as("marked slots the handlers got").isEqualTo(marked);
    }
  }

  private static long leastBytesPerRound(final LaneHarness harness) {
    for (int i = 0; i < 10; i++) {
      harness.send(FRAMES_PER_ROUND, TIMEOUT);
      harness.awaitDelivered(TIMEOUT);
    }
    long least = Long.MAX_VALUE;
    for (int round = 0; round < 6; round++) {
      final long before = allocatedByLaneThreads();
      harness.send(FRAMES_PER_ROUND, TIMEOUT);
      harness.awaitDelivered(TIMEOUT);
      least = Math.min(least, allocatedByLaneThreads() - before);
    }
    return least;
  }

  private static long allocatedByLaneThreads() {
    long sum = 0;
    for (final Thread thread : Thread.getAllStackTraces().keySet()) {
      if (thread.getName().startsWith("vstack-")) {
        sum += THREADS.getThreadAllocatedBytes(thread.threadId());
      }
    }
    return sum;
  }
}
