package io.vstack.port;

import java.lang.management.ManagementFactory;

/** Bytes the current thread allocates on the heap: to check that a hot path allocates nothing. */
final class Allocations {
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  private Allocations() {}

  /** Heap bytes allocated by this thread while {@code work} ran. */
  static long during(final Runnable work) {
    final long before = THREADS.getCurrentThreadAllocatedBytes();
    work.run();
    return THREADS.getCurrentThreadAllocatedBytes() - before;
  }
}
