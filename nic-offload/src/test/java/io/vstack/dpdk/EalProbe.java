package io.vstack.dpdk;

import java.util.List;

/**
 * Run in a child JVM by {@link EalLifecycleTest}, because the EAL can start only once per process:
 * {@code bad-args} starts it with a vdev no driver knows; {@code cleanup} starts, cleans up and
 * starts again. Prints one line per outcome.
 */
public final class EalProbe {
  private EalProbe() {}

  public static void main(final String[] args) {
    final List<String> eal =
        List.of(
            "-l",
            "0",
            "--no-huge",
            "--no-pci",
            "-m",
            "64",
            "--no-shconf",
            "--log-level=lib.eal:critical");
    if (args[0].equals("bad-args")) {
      final List<String> bad = new java.util.ArrayList<>(eal);
      bad.add("--vdev=net_bogus0");
      print(() -> Eal.start(bad));
      print(() -> Eal.start(bad));
    } else {
      final Eal started = Eal.start(eal);
      System.out.println("started " + EthDev.count());
      started.cleanup();
      System.out.println("cleaned up");
      print(() -> Eal.start(eal));
      print(() -> started.call(() -> "ran"));
    }
  }

  private static void print(final Runnable action) {
    try {
      action.run();
      System.out.println("ok");
    } catch (final RuntimeException e) {
      System.out.println(e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }
}
