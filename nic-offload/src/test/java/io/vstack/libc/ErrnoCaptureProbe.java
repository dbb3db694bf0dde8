package io.vstack.libc;

import io.vstack.port.Allocations;

/**
 * A child JVM for {@link JvmFlagsTest}: calls {@code read(-1, ...)} (fails with {@code EBADF},
 * captured in an {@link Errno}) in rounds until a round allocates nothing or a deadline passes,
 * then prints the fewest bytes one round allocated as {@code least=N calls=M errno=E}.
 */
public final class ErrnoCaptureProbe {
  private static final int CALLS = 10_000;

  private ErrnoCaptureProbe() {}

  public static void main(final String[] args) {
    final long deadline = System.nanoTime() + Long.parseLong(args[0]) * 1_000_000L;
    try (Errno errno = new Errno()) {
      final Runnable round =
          () -> {
            for (int i = 0; i < CALLS; i++) {
              Libc.read(errno, -1, 0, 0);
            }
          };
      long least = Long.MAX_VALUE;
      while (least > 0 && System.nanoTime() < deadline) {
        least = Math.min(least, Allocations.during(round));
      }
      System.out.println("least=" + least + " calls=" + CALLS + " errno=" + errno.value());
    }
  }
}
