package io.vstack.port;

import java.lang.management.ManagementFactory;

/** Bytes the current thread allocates on the heap: to check that a hot path allocates nothing. */
public final class Allocations {
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  private Allocations() {}

  /** Heap bytes allocated by this thread while {@code work} ran. */
  public static long during(final Runnable work) {
    final long before = THREADS.getCurrentThreadAllocatedBytes();
    work.run();
    return THREADS.getCurrentThreadAllocatedBytes() - before;
  }

  /**
   * The fewest heap bytes this thread allocated in any of {@code rounds} runs of {@code work}: the
   * steady state, once the JIT has compiled the path (on a loaded machine compilation can lag the
   * warm-up, and interpreted FFM calls allocate).
   */
  public static long leastDuring(final Runnable work, final int rounds) {
    long least = Long.MAX_VALUE;
    for (int round = 0; round < rounds; round++) {
      least = Math.min(least, during(work));
    }
    return least;
  }
}
