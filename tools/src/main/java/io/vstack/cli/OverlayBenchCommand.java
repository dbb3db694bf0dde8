package io.vstack.cli;

import io.vstack.bench.OverlayBench;
import io.vstack.bench.OverlayForks;
import io.vstack.control.Json;
import io.vstack.mode.StackMode;
import io.vstack.mode.StreamWorkload;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vstack bench overlay}: per-packet cost and packets/s per core of the fused, layered and
 * unvirtualized stacks (see {@link OverlayBench}), measured in one run, with the ratios the design
 * targets. By default each mode runs in {@code --forks} child JVMs of its own ({@link
 * OverlayForks}: medians over forks, ratios of the medians and per fork triple); {@code --forks 0}
 * runs all modes in this JVM in interleaved rounds, where the JIT compiles their shared code with a
 * profile mixed from all three. Exit 0 whether or not a target is met: the numbers are the result;
 * exit 1 with one line when a fork fails.
 */
@Command(
    name = "overlay",
    mixinStandardHelpOptions = true,
    description = {
      "Two hosts per mode on a memory wire, one thread, N connections streaming one way:",
      "CPU ns per packet (frames crossing the wire, both directions) and Mpps per core of",
      "fused, layered and unvirtualized: each mode in its own child JVMs (--forks), or all",
      "in this JVM in interleaved rounds (--forks 0)."
    })
public final class OverlayBenchCommand implements Runnable {
  /** Target: the fused stack costs at most this much more than no virtualization at all. */
  static final double FUSED_OVER_UNVIRTUALIZED_TARGET = 1.05;

  /** Target: the layered stack costs at least this much more than the fused one. */
  static final double LAYERED_OVER_FUSED_TARGET = 1.9;

  /** A cost ratio reported, with its target ({@code relation} null: none). */
  private record Ratio(StackMode numerator, StackMode denominator, String relation, double target) {
    String jsonName() {
      return numerator.label() + "_over_" + denominator.label();
    }

    String textName() {
      return numerator.label() + " / " + denominator.label();
    }

    /** Appends the target and whether {@code ratio} meets it, then ends the line. */
    void appendTarget(final StringBuilder s, final double ratio) {
      if (relation != null) {
        final boolean met = relation.equals("<=") ? ratio <= target : ratio >= target;
        s.append(String.format("  target %s %.2f: %s", relation, target, met ? "met" : "NOT met"));
      }
      s.append('\n');
    }
  }

  /** The ratios reported, in output order. */
  private static final List<Ratio> RATIOS =
      List.of(
          new Ratio(
              StackMode.FUSED, StackMode.UNVIRTUALIZED, "<=", FUSED_OVER_UNVIRTUALIZED_TARGET),
          new Ratio(StackMode.LAYERED, StackMode.FUSED, ">=", LAYERED_OVER_FUSED_TARGET),
          new Ratio(StackMode.LAYERED, StackMode.UNVIRTUALIZED, null, 0));

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--packets",
      defaultValue = "2000000",
      description =
          "Packets measured per mode, in each fork (1000..10^10, default ${DEFAULT-VALUE}).")
  long packets;

  @Option(
      names = "--connections",
      defaultValue = "16",
      description = "Established connections per mode (1..1000, default ${DEFAULT-VALUE}).")
  int connections;

  @Option(
      names = "--tenants",
      defaultValue = "2",
      description =
          "Tenants per host; connections are spread over them (default ${DEFAULT-VALUE}).")
  int tenants;

  @Option(
      names = "--rounds",
      defaultValue = "10",
      description =
          "Rounds the packets are split into, per fork (interleaved across the modes with --forks"
              + " 0; 1..1000, default ${DEFAULT-VALUE}).")
  int rounds;

  @Option(
      names = "--bulk",
      description = "Stream 16 KiB writes (MSS-sized segments) instead of 64-byte messages.")
  boolean bulk;

  @Option(
      names = "--forks",
      defaultValue = "3",
      description = {
        "Child JVMs per mode (0..100, default ${DEFAULT-VALUE}): each runs ONE mode, so the JIT",
        "compiles the shared code with that mode's profile only; forks run alternately (fused,",
        "layered, unvirtualized, fused, ...). 0: all modes in this JVM, interleaved rounds."
      })
  int forks;

  @Option(names = "--json", description = "Print the results as one JSON object.")
  boolean json;

  @Override
  public void run() {
    OptionRange.require("--packets", packets, 1_000, 10_000_000_000L);
    OptionRange.require("--connections", connections, 1, 1_000);
    if (tenants < 1 || tenants > connections) {
      throw usage("--tenants must be between 1 and --connections, got " + tenants);
    }
    OptionRange.require("--rounds", rounds, 1, 1_000);
    OptionRange.require("--forks", forks, 0, 100);
    final StreamWorkload.Shape shape =
        bulk
            ? StreamWorkload.Shape.bulk(tenants, connections)
            : StreamWorkload.Shape.small(tenants, connections);
    final List<StackMode> modes = List.of(StackMode.values());
    final PrintWriter out = spec.commandLine().getOut();
    try {
      if (forks == 0) {
        final OverlayBench.Result result = OverlayBench.run(modes, shape, packets, rounds);
        out.print(json ? json(result) : text(result));
      } else {
        final OverlayForks.Result result = OverlayForks.run(modes, shape, packets, rounds, forks);
        out.print(json ? json(result) : text(result));
      }
    } catch (final IllegalStateException e) {
      throw new UserException("benchmark failed: " + e.getMessage(), ExitCodes.FAILED);
    }
    out.flush();
  }

  private String text(final OverlayBench.Result r) {
    final StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            "vstack bench overlay: %d connections over %d tenants, %d-byte writes, %d packets per"
                + " mode in %d interleaved rounds, one thread%n%n",
            connections, tenants, r.shape().messageLength(), packets, rounds));
    s.append(
        "| mode | packets | CPU ns/packet | wall ns/packet | Mpps per core | payload B/packet |\n");
    s.append("| --- | --- | --- | --- | --- | --- |\n");
    for (final StackMode mode : StackMode.values()) {
      final OverlayBench.ModeResult m = r.of(mode);
      s.append(
          String.format(
              "| %s | %d | %.1f | %.1f | %.3f | %.1f |%n",
              mode.label(),
              m.packets(),
              m.nsPerPacket(),
              m.wallNsPerPacket(),
              m.mppsPerCore(),
              (double) m.bytes() / m.packets()));
    }
    s.append('\n');
    for (final Ratio ratio : RATIOS) {
      final double value = r.costRatio(ratio.numerator(), ratio.denominator());
      s.append(
          String.format(
              "%s cost: %.3f (median of per-round ratios %.3f)",
              ratio.textName(), value, r.medianRoundRatio(ratio.numerator(), ratio.denominator())));
      ratio.appendTarget(s, value);
    }
    return s.toString();
  }

  private String json(final OverlayBench.Result r) {
    final Map<String, Object> json = header(r.shape());
    final Map<String, Object> modes = new LinkedHashMap<>();
    for (final StackMode mode : StackMode.values()) {
      final OverlayBench.ModeResult m = r.of(mode);
      final Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("packets", m.packets());
      entry.put("cpu_ns_per_packet", Json.decimal(m.nsPerPacket(), 2));
      entry.put("wall_ns_per_packet", Json.decimal(m.wallNsPerPacket(), 2));
      entry.put("mpps_per_core", Json.decimal(m.mppsPerCore(), 4));
      entry.put("payload_bytes", m.bytes());
      modes.put(mode.label(), entry);
    }
    json.put("modes", modes);
    for (final Ratio ratio : RATIOS) {
      json.put(
          ratio.jsonName(), Json.decimal(r.costRatio(ratio.numerator(), ratio.denominator()), 4));
    }
    return Json.write(json) + System.lineSeparator();
  }

  private String text(final OverlayForks.Result r) {
    final StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            "vstack bench overlay: %d connections over %d tenants, %d-byte writes, %d packets per"
                + " mode and fork in %d rounds, %d forks per mode (one JVM per mode and fork, run"
                + " alternately), one thread%n%n",
            connections, tenants, r.shape().messageLength(), packets, rounds, forks));
    s.append(
        "| mode | forks | CPU ns/packet (median) | min | max | wall ns/packet (median) |"
            + " Mpps per core (median) | payload B/packet |\n");
    s.append("| --- | --- | --- | --- | --- | --- | --- | --- |\n");
    for (final StackMode mode : StackMode.values()) {
      final OverlayForks.ModeForks m = r.of(mode);
      s.append(
          String.format(
              "| %s | %d | %.1f | %.1f | %.1f | %.1f | %.3f | %.1f |%n",
              mode.label(),
              m.forks().size(),
              m.medianNsPerPacket(),
              m.minNsPerPacket(),
              m.maxNsPerPacket(),
              m.medianWallNsPerPacket(),
              1e3 / m.medianNsPerPacket(),
              (double) m.bytes() / m.packets()));
    }
    s.append('\n');
    for (final Ratio ratio : RATIOS) {
      final StringBuilder perFork = new StringBuilder();
      for (final double f : r.forkRatios(ratio.numerator(), ratio.denominator())) {
        perFork.append(perFork.isEmpty() ? "" : " ").append(String.format("%.3f", f));
      }
      final double value = r.medianRatio(ratio.numerator(), ratio.denominator());
      s.append(
          String.format(
              "%s cost: %.3f (ratio of medians; per fork triple: %s)",
              ratio.textName(), value, perFork));
      ratio.appendTarget(s, value);
    }
    return s.toString();
  }

  private String json(final OverlayForks.Result r) {
    final Map<String, Object> json = header(r.shape());
    final Map<String, Object> modes = new LinkedHashMap<>();
    for (final StackMode mode : StackMode.values()) {
      final OverlayForks.ModeForks m = r.of(mode);
      final Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("packets", m.packets());
      entry.put("cpu_ns_per_packet", Json.decimal(m.medianNsPerPacket(), 2));
      entry.put("wall_ns_per_packet", Json.decimal(m.medianWallNsPerPacket(), 2));
      entry.put("mpps_per_core", Json.decimal(1e3 / m.medianNsPerPacket(), 4));
      entry.put("payload_bytes", m.bytes());
      entry.put("cpu_ns_per_packet_min", Json.decimal(m.minNsPerPacket(), 2));
      entry.put("cpu_ns_per_packet_max", Json.decimal(m.maxNsPerPacket(), 2));
      final List<Object> perFork = new ArrayList<>();
      for (final OverlayBench.ModeResult f : m.forks()) {
        final Map<String, Object> fork = new LinkedHashMap<>();
        fork.put("packets", f.packets());
        fork.put("cpu_ns_per_packet", Json.decimal(f.nsPerPacket(), 2));
        fork.put("wall_ns_per_packet", Json.decimal(f.wallNsPerPacket(), 2));
        fork.put("payload_bytes", f.bytes());
        perFork.add(fork);
      }
      entry.put("forks", perFork);
      modes.put(mode.label(), entry);
    }
    json.put("modes", modes);
    final Map<String, Object> forkRatios = new LinkedHashMap<>();
    for (final Ratio ratio : RATIOS) {
      json.put(
          ratio.jsonName(), Json.decimal(r.medianRatio(ratio.numerator(), ratio.denominator()), 4));
      final List<Object> perFork = new ArrayList<>();
      for (final double f : r.forkRatios(ratio.numerator(), ratio.denominator())) {
        perFork.add(Json.decimal(f, 4));
      }
      forkRatios.put(ratio.jsonName(), perFork);
    }
    json.put("fork_ratios", forkRatios);
    return Json.write(json) + System.lineSeparator();
  }

  private Map<String, Object> header(final StreamWorkload.Shape shape) {
    final Map<String, Object> json = new LinkedHashMap<>();
    json.put("connections", connections);
    json.put("tenants", tenants);
    json.put("message_bytes", shape.messageLength());
    json.put("packets_per_mode", packets);
    json.put("rounds", rounds);
    json.put("forks", forks);
    return json;
  }

  private static UserException usage(final String message) {
    return new UserException(message, ExitCodes.USAGE);
  }
}
