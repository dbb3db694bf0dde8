package io.vstack.bench;

import io.vstack.libc.JvmFlags;
import io.vstack.mode.StackMode;
import io.vstack.mode.StreamWorkload;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code vstack bench overlay --forks N}: every mode measured in child JVMs, one mode per JVM, so
 * the code the modes share ({@code TcpEngine}, its segment sinks, the ports, checksums) is compiled
 * with one mode's profile instead of a profile polluted by all three (what JMH's forks avoid). The
 * forks run one after the other in alternating order (fused, layered, unvirtualized, fused, ...),
 * so drift of a loaded machine hits all modes alike; fork {@code i} of every mode forms triple
 * {@code i}. Each fork is {@link OverlayBenchFork} on the same java binary, class path and JVM
 * flags as this JVM, and reports its own thread's CPU time per packet.
 */
public final class OverlayForks {
  /** Every fork of one mode, in the order they ran. */
  public record ModeForks(StackMode mode, List<OverlayBench.ModeResult> forks) {
    /** CPU ns per packet of each fork, in order. */
    public double[] nsPerPacket() {
      return forks.stream().mapToDouble(OverlayBench.ModeResult::nsPerPacket).toArray();
    }

    /** Median over forks of CPU ns per packet. */
    public double medianNsPerPacket() {
      return OverlayBench.median(nsPerPacket());
    }

    /** Median over forks of wall ns per packet. */
    public double medianWallNsPerPacket() {
      return OverlayBench.median(
          forks.stream().mapToDouble(OverlayBench.ModeResult::wallNsPerPacket).toArray());
    }

    /** Smallest CPU ns per packet of a fork. */
    public double minNsPerPacket() {
      return Arrays.stream(nsPerPacket()).min().orElseThrow();
    }

    /** Largest CPU ns per packet of a fork. */
    public double maxNsPerPacket() {
      return Arrays.stream(nsPerPacket()).max().orElseThrow();
    }

    /** Packets measured over all forks. */
    public long packets() {
      return forks.stream().mapToLong(OverlayBench.ModeResult::packets).sum();
    }

    /** Payload bytes delivered over all forks. */
    public long bytes() {
      return forks.stream().mapToLong(OverlayBench.ModeResult::bytes).sum();
    }
  }

  /** The forks of every mode of one run. */
  public record Result(StreamWorkload.Shape shape, int rounds, List<ModeForks> modes) {
    /** The forks of {@code mode}, or null when it was not measured. */
    public ModeForks of(final StackMode mode) {
      return modes.stream().filter(m -> m.mode() == mode).findFirst().orElse(null);
    }

    /** Ratio of the modes' median costs per packet, or NaN when one is missing. */
    public double medianRatio(final StackMode numerator, final StackMode denominator) {
      final ModeForks n = of(numerator);
      final ModeForks d = of(denominator);
      return n == null || d == null ? Double.NaN : n.medianNsPerPacket() / d.medianNsPerPacket();
    }

    /** Cost ratio of the modes within each triple (fork i of each), in fork order. */
    public double[] forkRatios(final StackMode numerator, final StackMode denominator) {
      final ModeForks n = of(numerator);
      final ModeForks d = of(denominator);
      if (n == null || d == null) {
        return new double[0];
      }
      final double[] a = n.nsPerPacket();
      final double[] b = d.nsPerPacket();
      final double[] ratios = new double[a.length];
      for (int i = 0; i < a.length; i++) {
        ratios[i] = a[i] / b[i];
      }
      return ratios;
    }
  }

  private OverlayForks() {}

  /**
   * Runs {@code forks} child JVMs per mode, each measuring about {@code packets} frames of its mode
   * in {@code rounds} rounds after two warm-up rounds. Throws IllegalStateException with one line
   * naming the fork when a child fails; an interrupt of this thread or the end of this JVM kills
   * the running child.
   */
  public static Result run(
      final List<StackMode> modes,
      final StreamWorkload.Shape shape,
      final long packets,
      final int rounds,
      final int forks) {
    return run(javaCommand(), modes, shape, packets, rounds, forks);
  }

  /** As {@link #run(List, StreamWorkload.Shape, long, int, int)} with the given launch command. */
  static Result run(
      final List<String> javaCommand,
      final List<StackMode> modes,
      final StreamWorkload.Shape shape,
      final long packets,
      final int rounds,
      final int forks) {
    if (forks < 1 || rounds < 1 || packets < rounds) {
      throw new IllegalArgumentException("need forks >= 1, rounds >= 1 and packets >= rounds");
    }
    final List<List<OverlayBench.ModeResult>> results = new ArrayList<>();
    for (int m = 0; m < modes.size(); m++) {
      results.add(new ArrayList<>(forks));
    }
    for (int fork = 0; fork < forks; fork++) {
      for (int m = 0; m < modes.size(); m++) {
        final StackMode mode = modes.get(m);
        final List<String> command = new ArrayList<>(javaCommand);
        command.addAll(
            List.of(
                OverlayBenchFork.class.getName(),
                mode.name(),
                Integer.toString(shape.tenants()),
                Integer.toString(shape.connections()),
                Integer.toString(shape.messageLength()),
                Integer.toString(shape.inFlightBytes()),
                Long.toString(packets),
                Integer.toString(rounds)));
        final String name = "fork " + (fork + 1) + " of " + forks + " (" + mode.label() + ")";
        results.get(m).add(runFork(command, mode, name));
      }
    }
    final List<ModeForks> modeForks = new ArrayList<>(modes.size());
    for (int m = 0; m < modes.size(); m++) {
      modeForks.add(new ModeForks(modes.get(m), List.copyOf(results.get(m))));
    }
    return new Result(shape, rounds, List.copyOf(modeForks));
  }

  /**
   * The command that starts a JVM like this one: its java binary, its JVM flags (without a debugger
   * agent, whose port would clash) after vstack's {@link JvmFlags}, and its class path.
   */
  static List<String> javaCommand() {
    final String java =
        ProcessHandle.current()
            .info()
            .command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    final List<String> command = new ArrayList<>();
    command.add(java);
    // vstack's own flags first (a -cp launch does not read the jar manifest's), then this JVM's,
    // which win where they differ.
    command.addAll(JvmFlags.ALL);
    for (final String flag : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (!flag.startsWith("-agentlib:jdwp") && !flag.startsWith("-Xrunjdwp")) {
        command.add(flag);
      }
    }
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    return command;
  }

  private static OverlayBench.ModeResult runFork(
      final List<String> command, final StackMode mode, final String name) {
    final Process process;
    try {
      process = new ProcessBuilder(command).start();
    } catch (final IOException e) {
      throw new IllegalStateException("overlay " + name + " could not start: " + e.getMessage());
    }
    // Kills the child if this JVM ends (Ctrl-C, SIGTERM) while it runs; the child also exits when
    // its stdin (held open here until it has exited) closes, which covers this JVM being killed.
    final Thread killer = new Thread(process::destroyForcibly, "overlay-fork-killer");
    Runtime.getRuntime().addShutdownHook(killer);
    final AtomicReference<String> stdout = new AtomicReference<>("");
    final AtomicReference<String> stderr = new AtomicReference<>("");
    final Thread outReader =
        Thread.ofVirtual().start(() -> stdout.set(readAll(process.getInputStream())));
    final Thread errReader =
        Thread.ofVirtual().start(() -> stderr.set(readAll(process.getErrorStream())));
    try {
      final int exit = process.waitFor();
      outReader.join();
      errReader.join();
      if (exit != 0) {
        throw new IllegalStateException(
            "overlay " + name + " failed (exit code " + exit + "): " + lastLine(stderr.get()));
      }
      try {
        return OverlayBenchFork.fromJson(lastLine(stdout.get()), mode);
      } catch (final IllegalStateException e) {
        throw new IllegalStateException("overlay " + name + " " + e.getMessage());
      }
    } catch (final InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("overlay " + name + " interrupted; the fork was killed");
    } finally {
      process.destroyForcibly();
      try {
        Runtime.getRuntime().removeShutdownHook(killer);
      } catch (final IllegalStateException shuttingDown) {
        // the hook is running or has run: the child is being killed anyway
      }
    }
  }

  /** The stream's text until end of file; what was read so far if reading fails. */
  private static String readAll(final InputStream in) {
    final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    try (in) {
      in.transferTo(buffer);
    } catch (final IOException e) {
      // the child was killed or the pipe broke: keep what arrived
    }
    return buffer.toString(StandardCharsets.UTF_8);
  }

  private static String lastLine(final String text) {
    final String[] lines = text.strip().split("\\R");
    final String last = lines[lines.length - 1].strip();
    return last.isEmpty() ? "(no output)" : last;
  }
}
