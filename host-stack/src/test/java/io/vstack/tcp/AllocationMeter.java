package io.vstack.tcp;

import java.lang.management.ManagementFactory;

/** Heap bytes allocated by the current thread, from the JVM's per-thread counter. */
final class AllocationMeter {
  private final com.sun.management.ThreadMXBean threads =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
  private final long thread = Thread.currentThread().threadId();
  private long start;

  /** Starts (or restarts) counting. */
  void start() {
    start = threads.getThreadAllocatedBytes(thread);
  }

  /** Bytes allocated by this thread since {@link #start()}. */
  long allocated() {
    return threads.getThreadAllocatedBytes(thread) - start;
  }
}
