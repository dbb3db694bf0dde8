package io.vstack.netns;

import java.nio.file.Path;
import java.time.Duration;

/**
 * tcpdump as the witness of what reached a link: started in a namespace, writing every frame of one
 * EtherType to a file as it arrives, and stopping by itself after a count.
 */
public final class Tcpdump {
  /**
   * Slot size of tcpdump's ring: frames of a 1500-byte MTU fit. With the default 256 KiB snaplen,
   * the ring would hold only a few dozen frames and a fast sender would see most of them dropped.
   */
  public static final int SNAPLEN = 2048;

  private static final Duration START_BOUND = Duration.ofSeconds(10);

  private Tcpdump() {}

  /**
   * Starts {@code tcpdump -c count} on {@code link} inside {@code ns} (null: this namespace, e.g.
   * for a TAP) for frames of {@code etherType} (e.g. {@code "0x88b5"}), and returns once it is
   * listening.
   */
  public static Commands.Background start(
      final NetworkNamespace ns,
      final String link,
      final long count,
      final Path file,
      final String etherType) {
    final String[] command = {
      RequiredTool.require("tcpdump"),
      "-i",
      link,
      "-n",
      "--immediate-mode",
      "-U",
      "-s",
      String.valueOf(SNAPLEN),
      "-B",
      "32768",
      "-c",
      String.valueOf(count),
      "-w",
      file.toString(),
      "ether",
      "proto",
      etherType
    };
    final Commands.Background tcpdump = ns == null ? Commands.start(command) : ns.start(command);
    final long deadline = System.nanoTime() + START_BOUND.toNanos();
    while (!tcpdump.stderrSoFar().contains("listening on")) {
      if (!tcpdump.process().isAlive() || System.nanoTime() > deadline) {
        final String why = tcpdump.stderrSoFar();
        tcpdump.close();
        throw new CommandException("tcpdump did not start listening on " + link + ": " + why);
      }
      Thread.onSpinWait();
    }
    return tcpdump;
  }
}
