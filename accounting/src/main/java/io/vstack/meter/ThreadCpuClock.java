package io.vstack.meter;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.agrona.concurrent.NanoClock;

/**
 * CPU time of the calling thread ({@code CLOCK_THREAD_CPUTIME_ID}) as a {@link NanoClock}: it
 * stands still while the thread is preempted, so time slices lost to other processes are charged to
 * nobody. Costs a system call per reading (see docs/BENCHMARKS.md), so it is for lanes that share
 * cores with other work, and for measuring on loaded machines; a lane on a dedicated core uses
 * {@link System#nanoTime()}. Readings are only meaningful on the thread that takes them.
 */
public final class ThreadCpuClock implements NanoClock {
  /** Shared instance: the bean is stateless per calling thread. */
  public static final ThreadCpuClock INSTANCE = new ThreadCpuClock();

  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

  private ThreadCpuClock() {
    if (!threads.isCurrentThreadCpuTimeSupported()) {
      throw new UnsupportedOperationException("this JVM cannot read thread CPU time");
    }
  }

  @Override
  public long nanoTime() {
    return threads.getCurrentThreadCpuTime();
  }
}
