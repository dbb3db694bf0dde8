package io.vstack.affinity;

import io.vstack.libc.Errno;
import io.vstack.libc.Libc;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Pins threads to CPUs with {@code sched_setaffinity} (through FFM) and reads what the kernel says
 * a thread may run on. Control-plane calls: they allocate and may be slow; call them from an
 * agent's {@code onStart}, never per packet.
 */
public final class ThreadAffinity {
  private ThreadAffinity() {}

  /** The kernel's id of the calling thread ({@code gettid}), as in {@code /proc/self/task/TID}. */
  public static int currentThreadId() {
    return Libc.gettid();
  }

  /**
   * Restricts the calling thread to {@code cpus}.
   *
   * @throws IllegalStateException with the C library's reason when the kernel refuses (e.g. none of
   *     the CPUs is online or allowed by the process's cpuset).
   */
  public static void pinCurrentThread(final CpuSet cpus) {
    try (Errno errno = new Errno();
        Arena arena = Arena.ofConfined()) {
      if (Libc.schedSetaffinity(errno, 0, cpus.toMask(arena)) != 0) {
        throw new IllegalStateException(
            "cannot pin thread " + currentThreadId() + " to CPUs " + cpus + ": " + errno.message());
      }
    }
  }

  /** The CPUs the calling thread may run on ({@code sched_getaffinity}). */
  public static CpuSet currentThreadCpus() {
    try (Errno errno = new Errno();
        Arena arena = Arena.ofConfined()) {
      final var mask = arena.allocate(CpuSet.MASK_BYTES);
      if (Libc.schedGetaffinity(errno, 0, mask) != 0) {
        throw new IllegalStateException("sched_getaffinity failed: " + errno.message());
      }
      return CpuSet.fromMask(mask);
    }
  }

  /**
   * What {@code /proc/self/task/TID/status} says thread {@code tid} of this process may run on
   * ({@code Cpus_allowed_list}): the kernel's view, independent of how it was set.
   */
  public static CpuSet allowedCpus(final int tid) {
    final Path status = Path.of("/proc/self/task/" + tid + "/status");
    try {
      for (final String line : Files.readAllLines(status)) {
        if (line.startsWith("Cpus_allowed_list:")) {
          return CpuSet.parse(line.substring("Cpus_allowed_list:".length()));
        }
      }
      throw new IllegalStateException(status + " has no Cpus_allowed_list line");
    } catch (final IOException e) {
      throw new UncheckedIOException("cannot read " + status, e);
    }
  }
}
