package io.vstack.cli;

import io.vstack.bench.IsolationBench;
import io.vstack.bench.IsolationBench.Mode;
import io.vstack.bench.IsolationBench.ModeResult;
import io.vstack.bench.MachineNoise;
import io.vstack.control.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vstack bench isolation}: the victim's request/response latency alone, next to a flooding
 * aggressor under FIFO, and under the deficit scheduler, in one run (see {@link IsolationBench}).
 */
@Command(
    name = "isolation",
    mixinStandardHelpOptions = true,
    description = {
      "Victim tenant: 64 B request/response over TCP through one lane running the fused fast path.",
      "Aggressor tenant: many connections of 64 B segments, some out of order. Victim p50/p99/p99.9",
      "solo, with the aggressor under FIFO, and under the deficit scheduler (phases interleaved)."
    })
public final class IsolationBenchCommand implements Runnable {
  /** The target: victim p99 under the scheduler at most this times solo. */
  static final double TARGET_P99_RATIO = 1.2;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--seconds",
      defaultValue = "2",
      description = "Measured length of each phase (1..600, default ${DEFAULT-VALUE}).")
  int seconds;

  @Option(
      names = "--repetitions",
      defaultValue = "3",
      description = "Rounds of solo, FIFO, DRR (1..100, default ${DEFAULT-VALUE}).")
  int repetitions;

  @Option(
      names = "--connections",
      defaultValue = "64",
      description = "The aggressor's connections (1..1000, default ${DEFAULT-VALUE}).")
  int connections;

  @Option(
      names = "--reorder-every",
      defaultValue = "8",
      description =
          "Every k-th aggressor segment is sent out of order; 0: none (default ${DEFAULT-VALUE}).")
  int reorderEvery;

  @Option(
      names = "--group",
      defaultValue = "1",
      description =
          "Frames of one tenant per scheduling decision (1..256, default ${DEFAULT-VALUE}).")
  int group;

  @Option(
      names = "--slice",
      defaultValue = "64",
      description = "Frames processed per lane duty cycle (1..4096, default ${DEFAULT-VALUE}).")
  int slice;

  @Option(
      names = "--slice-ns",
      defaultValue = "500",
      description =
          "A duty cycle's slice also ends after the group that reaches this much work in ns; "
              + "0: frame count only (0..1000000, default ${DEFAULT-VALUE}).")
  long sliceNanos;

  @Option(
      names = "--queue",
      defaultValue = "1024",
      description = "Frames per tenant queue, a power of two (default ${DEFAULT-VALUE}).")
  int queue;

  /** How the victim's frames reach the lane. */
  enum RxQueues {
    shared,
    per_tenant
  }

  @Option(
      names = "--rx-queues",
      defaultValue = "per_tenant",
      description =
          "per_tenant: the victim's VNI is steered to a receive queue of its own (a NIC rule); "
              + "shared: one queue for both tenants. Default ${DEFAULT-VALUE}.")
  RxQueues rxQueues;

  @Option(
      names = "--burst",
      defaultValue = "32",
      description =
          "Frames the dispatcher takes from a receive queue per poll (1..1024, default ${DEFAULT-VALUE}).")
  int burst;

  @Option(
      names = "--victim-weight",
      defaultValue = "1",
      description =
          "The victim's DRR weight; the aggressor's is 1 (1..1000, default ${DEFAULT-VALUE}).")
  int victimWeight;

  @Option(
      names = "--quantum-ns",
      defaultValue = "20000",
      description =
          "How far a woken tenant may start behind the scheduler's virtual time, in ns of the "
              + "heaviest tenant's work (100..1000000, default ${DEFAULT-VALUE}, the scheduler's "
              + "own default).")
  long quantumNanos;

  @Option(
      names = "--network-rtt-ns",
      defaultValue = "5000",
      description =
          "Lane time from the victim's response leaving to its next request arriving (the network "
              + "and the client), in ns; 0: the next request is ready at once, so the victim wants "
              + "the whole lane (0..1000000, default ${DEFAULT-VALUE}, about the RTT of Linux TCP "
              + "over veth that 'vstack bench tcp' measures).")
  long networkRttNanos;

  @Option(
      names = "--gate-depth",
      defaultValue = "16",
      description =
          "With per_tenant receive queues: a tenant's queue is polled only up to this many frames "
              + "queued in the lane, so a backlog waits (and overflows) in its NIC queue; 0: "
              + "always polled in full bursts (0..65536, default ${DEFAULT-VALUE}).")
  int gateDepth;

  @Option(
      names = "--yield",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description =
          "A slice ends after the group in progress when a receive queue (not gated) has a frame "
              + "waiting; --no-yield: slices end by --slice and --slice-ns only. Default on.")
  boolean yieldOnArrival;

  @Option(names = "--json", description = "One JSON object instead of the table.")
  boolean json;

  @Override
  public void run() {
    OptionRange.require("--seconds", seconds, 1, 600);
    OptionRange.require("--repetitions", repetitions, 1, 100);
    OptionRange.require("--connections", connections, 1, 1000);
    check(reorderEvery >= 0, "--reorder-every must be 0 or positive, got " + reorderEvery);
    OptionRange.require("--group", group, 1, 256);
    OptionRange.require("--slice", slice, 1, 4096);
    check(
        queue >= 2 && queue <= 65536 && Integer.bitCount(queue) == 1,
        "--queue must be a power of two between 2 and 65536, got " + queue);
    OptionRange.require("--burst", burst, 1, 1024);
    OptionRange.require("--slice-ns", sliceNanos, 0, 1_000_000);
    OptionRange.require("--quantum-ns", quantumNanos, 100, 1_000_000);
    OptionRange.require("--victim-weight", victimWeight, 1, 1000);
    OptionRange.require("--network-rtt-ns", networkRttNanos, 0, 1_000_000);
    OptionRange.require("--gate-depth", gateDepth, 0, 65536);
    final PrintWriter out = spec.commandLine().getOut();
    Path counters = null;
    try {
      counters = Files.createTempFile("vstack-isolation-", ".dat");
      Files.delete(counters);
      final IsolationBench.Result result =
          new IsolationBench(
                  new IsolationBench.Settings(
                      seconds * 1000,
                      Math.min(500, 100 + seconds * 100),
                      repetitions,
                      connections,
                      reorderEvery,
                      group,
                      slice,
                      sliceNanos,
                      queue,
                      rxQueues == RxQueues.per_tenant,
                      burst,
                      victimWeight,
                      quantumNanos,
                      networkRttNanos,
                      gateDepth,
                      yieldOnArrival,
                      counters))
              .run();
      if (json) {
        out.println(Json.write(json(result)));
      } else {
        print(out, result);
      }
      out.flush();
    } catch (final IOException e) {
      throw new UserException("cannot create a temporary counters file: " + e.getMessage());
    } catch (final IllegalStateException e) {
      throw new UserException(e.getMessage());
    } finally {
      if (counters != null) {
        try {
          Files.deleteIfExists(counters);
        } catch (final IOException ignored) {
          // a temporary file; nothing else to do
        }
      }
    }
  }

  private static void check(final boolean ok, final String message) {
    if (!ok) {
      throw new UserException(message, ExitCodes.USAGE);
    }
  }

  private void print(final PrintWriter out, final IsolationBench.Result r) {
    out.printf(
        "vstack bench isolation: one lane (fused fast path, TenantLane), %d s x %d repetitions per mode, "
            + "aggressor %d connections, reorder every %d, group %d, slice %d (%d ns), queue %d, rx queues %s, "
            + "burst %d, victim weight %d, quantum %d ns, network RTT %d ns, gate depth %d, yield %s; clock %s%n",
        seconds,
        repetitions,
        connections,
        reorderEvery,
        group,
        slice,
        sliceNanos,
        queue,
        rxQueues,
        burst,
        victimWeight,
        quantumNanos,
        networkRttNanos,
        gateDepth,
        yieldOnArrival ? "on" : "off",
        r.calibration());
    out.println(
        "| mode | requests | p50 µs | p99 µs | p99.9 µs | p50 / solo | p99 / solo | p99.9 / solo "
            + "| aggressor frames/s | aggressor drops/s | aggressor cycle share | lane cycle p50 / p99 µs |");
    out.println("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
    final ModeResult solo = r.of(Mode.SOLO);
    for (final ModeResult m : r.modes()) {
      out.printf(
          "| %s | %d | %.1f | %.1f | %.1f | %.2f | %.2f | %.2f | %.0f | %.0f | %.3f | %.1f / %.1f |%n",
          m.mode().name().toLowerCase(),
          m.requests(),
          m.percentileMicros(50),
          m.percentileMicros(99),
          m.percentileMicros(99.9),
          ratio(m, solo, 50),
          ratio(m, solo, 99),
          ratio(m, solo, 99.9),
          m.aggressorFrames() / m.seconds(),
          m.aggressorDrops() / m.seconds(),
          share(m),
          m.cyclePercentileMicros(50),
          m.cyclePercentileMicros(99));
    }
    final double drrRatio = ratio(r.of(Mode.DRR), solo, 99);
    out.printf(
        "target victim p99 under DRR <= %.1fx solo: %.2fx, %s%n",
        TARGET_P99_RATIO, drrRatio, drrRatio <= TARGET_P99_RATIO ? "met" : "NOT met");
    out.printf(
        "aggressor share of charged cycles under DRR: %.3f, entitlement by weight %.3f (%.2fx)%n",
        share(r.of(Mode.DRR)), entitlement(), share(r.of(Mode.DRR)) / entitlement());
    out.printf(
        "aggressor segments sent out of order: %d; client wire drops: %d; frames of no tenant: %d%n",
        r.reorderedSegments(), r.wireDrops(), r.laneUnclassified());
    final MachineNoise noise = r.noise();
    out.printf(
        "machine noise (%.1f s spin before the run): pauses > 1 µs %.0f/s, > 2 µs %.0f/s, "
            + "> 4 µs %.0f/s, > 16 µs %.0f/s, %.1f%% of the time: about that share of requests "
            + "arrive during a pause and wait for the rest of it, in every mode%n",
        noise.seconds(),
        noise.over1us(),
        noise.over2us(),
        noise.over4us(),
        noise.over16us(),
        noise.stolen() * 100);
  }

  private static double ratio(final ModeResult m, final ModeResult solo, final double percentile) {
    final double base = solo.percentileMicros(percentile);
    return base > 0 ? m.percentileMicros(percentile) / base : Double.NaN;
  }

  // The backlogged aggressor's weight (1) over both weights.
  private double entitlement() {
    return 1.0 / (1 + victimWeight);
  }

  // Charged cycles (groups, classification, timers) per request or frame, in ns.
  private static double nanosPer(
      final long cycles, final long count, final IsolationBench.Result r) {
    return count > 0 ? cycles * 1e9 / r.cyclesPerSecond() / count : 0;
  }

  private static double share(final ModeResult m) {
    final long total = m.aggressorCycles() + m.victimCycles();
    return total > 0 ? (double) m.aggressorCycles() / total : 0;
  }

  private Map<String, Object> json(final IsolationBench.Result r) {
    final Map<String, Object> root = new LinkedHashMap<>();
    root.put("seconds", seconds);
    root.put("repetitions", repetitions);
    root.put("connections", connections);
    root.put("reorder_every", reorderEvery);
    root.put("group", group);
    root.put("slice", slice);
    root.put("slice_ns", sliceNanos);
    root.put("queue", queue);
    root.put("rx_queues", rxQueues.name());
    root.put("burst", burst);
    root.put("victim_weight", victimWeight);
    root.put("aggressor_entitlement", Json.decimal(entitlement(), 4));
    root.put("quantum_ns", quantumNanos);
    root.put("network_rtt_ns", networkRttNanos);
    root.put("gate_depth", gateDepth);
    root.put("yield_on_arrival", yieldOnArrival);
    root.put("cycles_per_second", r.cyclesPerSecond());
    root.put("reordered_segments", r.reorderedSegments());
    root.put("wire_drops", r.wireDrops());
    root.put("unclassified_frames", r.laneUnclassified());
    final Map<String, Object> noise = new LinkedHashMap<>();
    noise.put("seconds", Json.decimal(r.noise().seconds(), 2));
    noise.put("pauses_over_1us_per_second", Math.round(r.noise().over1us()));
    noise.put("pauses_over_2us_per_second", Math.round(r.noise().over2us()));
    noise.put("pauses_over_4us_per_second", Math.round(r.noise().over4us()));
    noise.put("pauses_over_16us_per_second", Math.round(r.noise().over16us()));
    noise.put("stolen_fraction", Json.decimal(r.noise().stolen(), 4));
    root.put("machine_noise", noise);
    final ModeResult solo = r.of(Mode.SOLO);
    final List<Object> modes = new ArrayList<>();
    for (final ModeResult m : r.modes()) {
      final Map<String, Object> o = new LinkedHashMap<>();
      o.put("mode", m.mode().name().toLowerCase());
      o.put("requests", m.requests());
      o.put("p50_us", Json.decimal(m.percentileMicros(50), 2));
      o.put("p99_us", Json.decimal(m.percentileMicros(99), 2));
      o.put("p999_us", Json.decimal(m.percentileMicros(99.9), 2));
      o.put("p99_over_solo", finite(ratio(m, solo, 99)));
      o.put("victim_frames", m.victimFrames());
      o.put("aggressor_frames", m.aggressorFrames());
      o.put("aggressor_drops", m.aggressorDrops());
      o.put("aggressor_cycle_share", Json.decimal(share(m), 4));
      o.put(
          "victim_charged_ns_per_request",
          Json.decimal(nanosPer(m.victimCycles(), m.requests(), r), 1));
      o.put(
          "aggressor_charged_ns_per_frame",
          Json.decimal(nanosPer(m.aggressorCycles(), m.aggressorFrames(), r), 1));
      o.put("lane_cycle_p50_us", Json.decimal(m.cyclePercentileMicros(50), 2));
      o.put("lane_cycle_p99_us", Json.decimal(m.cyclePercentileMicros(99), 2));
      o.put("measured_seconds", Json.decimal(m.seconds(), 3));
      modes.add(o);
    }
    root.put("modes", modes);
    return root;
  }

  private static Object finite(final double value) {
    return Double.isFinite(value) ? Json.decimal(value, 3) : null;
  }
}
