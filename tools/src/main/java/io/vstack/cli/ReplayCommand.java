package io.vstack.cli;

import io.vstack.control.Json;
import io.vstack.pcap.CaptureFormatException;
import io.vstack.pcap.CaptureReader;
import io.vstack.port.Port;
import io.vstack.port.PortSpec;
import io.vstack.replay.Pacing;
import io.vstack.replay.ReplayResult;
import io.vstack.replay.Replayer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code vstack replay FILE --port SPEC}: sends a pcap/pcapng trace out of a port with its original
 * timing (or a speed factor, a rate, or top speed), then prints what was sent and how well the
 * schedule was kept; or, with {@code --through-stack}, feeds it into the stack ({@link
 * ThroughStackCommand}). See docs/REPLAY.md.
 */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    description = {
      "Send the frames of a pcap/pcapng trace out of a port, with the trace's own timing by"
          + " default.",
      "Ports: tap:NAME (a TAP, must be up), packet:IFACE (an interface, AF_PACKET), pcap:FILE"
          + " (write a capture). Needs root (or CAP_NET_RAW / CAP_NET_ADMIN) for tap and packet.",
      "--through-stack --config FILE: feed the trace into the stack with the config's tenants"
          + " and flow rules instead; per tenant packets, bytes, cycles, drops; --report FILE.html.",
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:every frame was sent (frames too big for the port are skipped, reported, not failures)",
      "1:some frames failed to send, or the port could not be opened",
      "2:bad usage or input: unreadable, truncated or corrupt trace, unknown link type, no such"
          + " interface, bad config",
    })
public final class ReplayCommand implements Runnable {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE", description = "A pcap or pcapng file of Ethernet.")
  Path file;

  @Option(
      names = "--port",
      paramLabel = "SPEC",
      description =
          "Where to send: tap:NAME, packet:IFACE or pcap:FILE (required unless --through-stack).")
  String port;

  @Option(
      names = "--through-stack",
      description =
          "Instead of sending: feed the trace into the stack (software NIC with the config's"
              + " flow rules and tenants) and report per tenant. Needs --config.")
  boolean throughStack;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "With --through-stack: vstack.yaml with host, tenants, ports and rules.")
  Path config;

  @Option(
      names = "--stack-port",
      paramLabel = "NAME",
      description =
          "With --through-stack: the config port the trace arrives on; its rules apply (default:"
              + " the first port).")
  String stackPort;

  @Option(
      names = "--buckets",
      paramLabel = "N",
      defaultValue = "100",
      description =
          "With --through-stack: time buckets of the cycles timeline (default ${DEFAULT-VALUE}).")
  int buckets;

  @Option(
      names = "--clock",
      defaultValue = "wall",
      paramLabel = "CLOCK",
      description =
          "With --through-stack: what the cycle meter reads: wall (System.nanoTime, as the fast"
              + " path's own accounting; preempted time counts) or thread_cpu (the thread's CPU"
              + " time, one system call per reading; for loaded machines). Default"
              + " ${DEFAULT-VALUE}.")
  AccountingBenchCommand.Clock clock;

  @Option(
      names = "--report",
      paramLabel = "FILE.html",
      description = "With --through-stack: also write a self-contained HTML report with plots.")
  Path report;

  @Option(
      names = "--speed",
      paramLabel = "X",
      description = "Original timing sped up X times (0.5 = half speed).")
  Double speed;

  @Option(names = "--pps", paramLabel = "N", description = "Evenly spaced, N packets per second.")
  Double pps;

  @Option(
      names = "--mbps",
      paramLabel = "N",
      description = "Paced to N megabits per second of frame bytes.")
  Double mbps;

  @Option(names = "--topspeed", description = "As fast as the port takes frames.")
  boolean topspeed;

  @Option(
      names = "--loop",
      paramLabel = "N",
      defaultValue = "1",
      description = "Send the trace N times (default ${DEFAULT-VALUE}).")
  int loop;

  @Option(names = "--limit", paramLabel = "N", description = "Send at most N frames in all.")
  Long limit;

  @Option(
      names = "--progress",
      paramLabel = "WHEN",
      defaultValue = "auto",
      description =
          "Progress bar: auto (only when stdout is a terminal), always or never (default"
              + " ${DEFAULT-VALUE}).")
  String progress;

  @Option(names = "--json", description = "Print the summary as one JSON object.")
  boolean json;

  @Override
  public void run() {
    if (throughStack) {
      new ThroughStackCommand(this).run();
      return;
    }
    if (config != null || stackPort != null || report != null) {
      throw usage("--config, --stack-port and --report need --through-stack");
    }
    if (port == null) {
      throw usage("say where to send with --port SPEC, or use --through-stack --config FILE");
    }
    final Pacing pacing = pacing();
    if (loop < 1) {
      throw usage("--loop must be at least 1, got " + loop);
    }
    if (limit != null && limit < 1) {
      throw usage("--limit must be at least 1, got " + limit);
    }
    final boolean showProgress = showProgress();
    final long frameLimit = limit == null ? Long.MAX_VALUE : limit;
    final PortSpec target = PortArgument.parse(port);
    if (target.kind() == PortSpec.Kind.PCAP && sameFile(file, Path.of(target.argument()))) {
      throw usage("--port " + target + " would overwrite the trace being replayed");
    }
    final long framesInFile = check(file, frameLimit);
    final PrintWriter out = spec.commandLine().getOut();
    final ProgressBar bar =
        showProgress ? new ProgressBar(out, Math.min(frameLimit, framesInFile * loop)) : null;
    final ReplayResult result;
    try (Port opened = PortArgument.open(target, PortSpec.Use.SEND)) {
      result = new Replayer(file, pacing, loop, frameLimit, bar).run(opened);
    } catch (final IOException e) {
      throw usage(IoErrors.describe(file, e));
    } catch (final CaptureFormatException e) {
      throw usage(e.getMessage());
    }
    if (bar != null) {
      bar.clear();
    }
    out.print(json ? json(result, pacing, target) : text(result, pacing, target));
    out.flush();
    if (result.failure() != null) {
      throw usage(result.failure());
    }
    if (result.framesFailed() > 0) {
      throw new UserException(
          result.framesFailed()
              + " of "
              + (result.framesSent() + result.framesFailed())
              + " frames failed to send on "
              + target
              + " (is the interface up?)");
    }
  }

  /** Whether any pacing option or --loop was given (they only apply to --port). */
  boolean pacingChosen() {
    return speed != null || pps != null || mbps != null || topspeed || loop != 1;
  }

  /** The --progress choice, checked. */
  boolean showProgress() {
    if (!progress.equals("auto") && !progress.equals("always") && !progress.equals("never")) {
      throw usage("--progress must be auto, always or never, got '" + progress + "'");
    }
    return !json
        && (progress.equals("always") || (progress.equals("auto") && System.console() != null));
  }

  private Pacing pacing() {
    final int chosen =
        (speed != null ? 1 : 0)
            + (pps != null ? 1 : 0)
            + (mbps != null ? 1 : 0)
            + (topspeed ? 1 : 0);
    if (chosen > 1) {
      throw usage("choose one of --speed, --pps, --mbps and --topspeed");
    }
    if (topspeed) {
      return Pacing.topSpeed();
    }
    if (pps != null) {
      return Pacing.packetsPerSecond(positive("--pps", pps));
    }
    if (mbps != null) {
      return Pacing.megabitsPerSecond(positive("--mbps", mbps));
    }
    return Pacing.original(speed == null ? 1 : positive("--speed", speed));
  }

  private static double positive(final String option, final double value) {
    if (!(value > 0) || Double.isInfinite(value)) {
      throw usage(option + " must be a positive number, got " + value);
    }
    return value;
  }

  private static boolean sameFile(final Path a, final Path b) {
    try {
      return Files.exists(b) && Files.isSameFile(a, b);
    } catch (final IOException e) {
      return false;
    }
  }

  /**
   * Reads the whole trace (up to the limit) once before sending anything, so a damaged file is
   * reported before the first frame leaves, and counts its frames for the progress bar.
   */
  static long check(final Path file, final long limit) {
    try (CaptureReader reader = CaptureReader.open(file)) {
      long frames = 0;
      while (frames < limit && reader.next()) {
        frames++;
      }
      return frames;
    } catch (final CaptureFormatException e) {
      throw usage(e.getMessage());
    } catch (final IOException e) {
      throw usage(IoErrors.describe(file, e));
    }
  }

  String text(final ReplayResult r, final Pacing pacing, final PortSpec target) {
    final StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            Locale.ROOT,
            "replayed %s -> %s (%s, %d pass%s)%n",
            file,
            target,
            pacing,
            r.passes(),
            r.passes() == 1 ? "" : "es"));
    s.append(
        String.format(
            Locale.ROOT, "  sent      %d frames, %d bytes%n", r.framesSent(), r.bytesSent()));
    s.append(String.format(Locale.ROOT, "  failed    %d%n", r.framesFailed()));
    s.append(
        String.format(
            Locale.ROOT,
            "  too big   %d (longer than the port's %d bytes; skipped)%n",
            r.framesTooBig(),
            r.maxFrameLength()));
    s.append(
        String.format(
            Locale.ROOT,
            "  rate      %.0f pps, %.1f Mbit/s over %.3f s (first to last frame)%n",
            r.packetsPerSecond(),
            r.megabitsPerSecond(),
            r.elapsedNanos() / 1e9));
    final Histogram t = r.timingError();
    if (t == null || t.getTotalCount() == 0) {
      s.append("  timing    no schedule (top speed)\n");
    } else {
      s.append(
          String.format(
              Locale.ROOT,
              "  timing    late vs schedule: p50 %.1f us, p99 %.1f us, max %.1f us%n",
              t.getValueAtPercentile(50) / 1e3,
              t.getValueAtPercentile(99) / 1e3,
              t.getMaxValue() / 1e3));
    }
    return s.toString();
  }

  String json(final ReplayResult r, final Pacing pacing, final PortSpec target) {
    final Histogram t = r.timingError();
    Map<String, Object> timing = null;
    if (t != null && t.getTotalCount() > 0) {
      timing = new LinkedHashMap<>();
      timing.put("p50", t.getValueAtPercentile(50));
      timing.put("p99", t.getValueAtPercentile(99));
      timing.put("max", t.getMaxValue());
    }
    final Map<String, Object> json = new LinkedHashMap<>();
    json.put("file", file.toString());
    json.put("port", target.toString());
    json.put("pacing", pacing.toString());
    json.put("passes", r.passes());
    json.put("frames_sent", r.framesSent());
    json.put("bytes_sent", r.bytesSent());
    json.put("frames_failed", r.framesFailed());
    json.put("frames_too_big", r.framesTooBig());
    json.put("max_frame_length", r.maxFrameLength());
    json.put("elapsed_seconds", Json.decimal(r.elapsedNanos() / 1e9, 6));
    json.put("pps", Json.decimal(r.packetsPerSecond(), 1));
    json.put("mbps", Json.decimal(r.megabitsPerSecond(), 3));
    json.put("timing_error_ns", timing);
    json.put("failure", r.failure());
    return Json.write(json) + System.lineSeparator();
  }

  static UserException usage(final String message) {
    return new UserException(message, ExitCodes.USAGE);
  }
}
