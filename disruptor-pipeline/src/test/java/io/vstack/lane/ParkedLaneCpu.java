package io.vstack.lane;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * The check of the elastic-scaling tests that a parked lane's thread sleeps: its CPU time over an
 * interval of about 0.5 s, against a busy-spinning awake lane's, both printed.
 */
public final class ParkedLaneCpu {
  /** What runs (on the test thread) while the CPU time is measured. */
  @FunctionalInterface
  public interface Interval {
    void run() throws Exception;
  }

  private ParkedLaneCpu() {}

  /** Runs {@code interval} and asserts lane {@code parked} stayed parked and used under 20 ms. */
  public static void assertSleeps(
      final Lanes lanes, final int parked, final int active, final Interval interval)
      throws Exception {
    final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    final long parkedThread = lanes.lane(parked).thread().threadId();
    final long activeThread = lanes.lane(active).thread().threadId();
    final long parkedBefore = threads.getThreadCpuTime(parkedThread);
    final long activeBefore = threads.getThreadCpuTime(activeThread);
    interval.run();
    final long parkedCpu = threads.getThreadCpuTime(parkedThread) - parkedBefore;
    final long activeCpu = threads.getThreadCpuTime(activeThread) - activeBefore;
    System.out.printf(
        "parked lane CPU %.2f ms, busy-spinning lane %d CPU %.2f ms over ~0.5 s%n",
        parkedCpu / 1e6, active, activeCpu / 1e6);
    assertThat(lanes.lane(parked).isParked()).isTrue();
    assertThat(parkedCpu)
        .as("CPU ns of the parked lane over ~0.5 s (the busy-spinning lane used %d)", activeCpu)
        .isLessThan(20_000_000);
  }
}
