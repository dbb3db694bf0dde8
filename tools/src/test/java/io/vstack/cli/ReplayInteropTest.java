package io.vstack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vstack.netns.Commands;
import io.vstack.netns.NetworkNamespace;
import io.vstack.netns.RequiredTool;
import io.vstack.netns.Tcpdump;
import io.vstack.netns.ThisJvm;
import io.vstack.pcap.CaptureFormat;
import io.vstack.pcap.Tshark;
import io.vstack.port.PacketPort;
import io.vstack.port.TapPort;
import io.vstack.port.VethPair;
import io.vstack.replay.Pacing;
import io.vstack.replay.Replayer;
import io.vstack.replay.Traces;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vstack replay} and {@code vstack capture} on real Linux links (a TAP, veth pairs in a
 * namespace), with tcpdump on the far side as the witness of count, bytes and timing.
 */
class ReplayInteropTest {
  private static final Duration BOUND = Duration.ofSeconds(30);

  @TempDir Path dir;

  @Test
  void shouldDeliverEveryFrameToTcpdumpOnATapAtTheRequestedPacketRate() throws Exception {
    final int count = 4000;
    final double pps = 2000;
    final List<Traces.Frame> frames =
        Traces.frames(new Random(31), count, 60, 1514, Traces.EPOCH, 1_000);
    final Path trace = Traces.write(dir.resolve("t.pcapng"), CaptureFormat.PCAPNG, frames);
    final Path capture = dir.resolve("tap.pcap");
    final Cli.Result r = replayToTap(trace, count, capture, "--pps", "2000", "--json");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    final List<Tshark.Frame> seen = Tshark.frames(capture);
    assertThat(seen.stream().mapToLong(Tshark.Frame::length).sum())
        .isEqualTo(frames.stream().mapToLong(f -> f.bytes().length).sum())
        .isEqualTo(Cli.jsonLong(r.out(), "bytes_sent"));
    Traces.assertSameFrames(seen, Traces.bytes(frames));
    final double captured =
        (count - 1) * 1e9 / (seen.getLast().timestampNanos() - seen.getFirst().timestampNanos());
    System.out.printf(
        "--pps 2000: %.1f pps by tcpdump's timestamps, %.1f pps by ours%n",
        captured, Cli.jsonDouble(r.out(), "pps"));
    assertThat(captured).as("rate by tcpdump's timestamps").isBetween(pps * 0.95, pps * 1.05);
    assertThat(Cli.jsonDouble(r.out(), "pps")).as("rate by ours").isBetween(pps * 0.95, pps * 1.05);
  }

  /**
   * Replays onto a fresh TAP (here: the kernel receives each frame in the writing thread, so
   * tcpdump's timestamps are the moments of our writes) while tcpdump captures it.
   */
  private static Cli.Result replayToTap(
      final Path trace, final int count, final Path capture, final String... options) {
    final String tap = NetworkNamespace.randomName("vsr", TapPort.MAX_NAME_LENGTH);
    final String ip = RequiredTool.require("ip");
    Commands.run(ip, "tuntap", "add", "dev", tap, "mode", "tap");
    try {
      Commands.run("sysctl", "-q", "-w", "net.ipv6.conf." + tap + ".disable_ipv6=1");
      Commands.run(ip, "link", "set", tap, "up");
      try (Commands.Background tcpdump = Tcpdump.start(null, tap, count, capture, "0x88b5")) {
        final String[] args = new String[options.length + 4];
        args[0] = "replay";
        args[1] = trace.toString();
        args[2] = "--port";
        args[3] = "tap:" + tap;
        System.arraycopy(options, 0, args, 4, options.length);
        final Cli.Result r = Cli.run(args);
        if (r.exitCode() == 0) {
          tcpdump.await(BOUND).orFail();
        }
        return r;
      }
    } finally {
      Commands.run(BOUND, ip, "link", "delete", tap);
    }
  }

  @Test
  void shouldKeepTheCapturesGapsWhenReplayingWithOriginalTimingToATap() throws Exception {
    final long[] gaps = {1_000_000, 5_000_000, 20_000_000};
    final int count = 91;
    final List<Traces.Frame> frames =
        Traces.frames(new Random(41), count, 60, 600, Traces.EPOCH, gaps);
    final Path trace = Traces.write(dir.resolve("gaps.pcap"), CaptureFormat.PCAP_NANOS, frames);
    final Path capture = dir.resolve("peer.pcap");
    final Cli.Result r = replayToTap(trace, count, capture, "--json");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    final List<Tshark.Frame> seen = Tshark.frames(capture);
    assertThat(seen).hasSize(count);
    final long[] gapErrors = new long[count - 1];
    final long[] offsetErrors = new long[count - 1];
    long scheduled = 0;
    for (int i = 1; i < count; i++) {
      final long gap = seen.get(i).timestampNanos() - seen.get(i - 1).timestampNanos();
      gapErrors[i - 1] = Math.abs(gap - gaps[(i - 1) % gaps.length]);
      scheduled += gaps[(i - 1) % gaps.length];
      final long offset = seen.get(i).timestampNanos() - seen.getFirst().timestampNanos();
      offsetErrors[i - 1] = offset - scheduled;
    }
    Arrays.sort(gapErrors);
    // Offsets from the first frame carry that frame's own error: centre them on their median,
    // then their median distance from it says whether the schedule drifted.
    Arrays.sort(offsetErrors);
    final long centre = offsetErrors[offsetErrors.length / 2];
    for (int i = 0; i < offsetErrors.length; i++) {
      offsetErrors[i] = Math.abs(offsetErrors[i] - centre);
    }
    Arrays.sort(offsetErrors);
    final long p50 = gapErrors[gapErrors.length / 2];
    final long p90 = gapErrors[gapErrors.length * 9 / 10];
    final long max = gapErrors[gapErrors.length - 1];
    final long drift = offsetErrors[offsetErrors.length / 2];
    System.out.printf(
        "gap error by tcpdump's timestamps (1/5/20 ms gaps, %d gaps): p50 %.1f us, p90 %.1f us,"
            + " max %.1f us; median deviation of the offsets from the first frame %.1f us; our lateness vs"
            + " schedule %s; load average %s%n",
        gapErrors.length,
        p50 / 1e3,
        p90 / 1e3,
        max / 1e3,
        drift / 1e3,
        r.out().replaceAll("(?s).*\"timing_error_ns\":(\\{[^}]*}).*", "$1"),
        java.nio.file.Files.readString(Path.of("/proc/loadavg")).strip());
    // The stated error (docs/REPLAY.md) on a shared, loaded 2-core VM. Most gaps are kept to tens
    // of microseconds; a frame made late by the OS scheduler shows as two bad gaps (its own too
    // long, the next too short) but does not shift the frames after it.
    assertThat(p50).as("median gap error").isLessThan(TimeUnit.MICROSECONDS.toNanos(250));
    assertThat(drift)
        .as("median offset error: no drift")
        .isLessThan(TimeUnit.MICROSECONDS.toNanos(250));
    assertThat(max).as("largest gap error").isLessThan(TimeUnit.MILLISECONDS.toNanos(100));
  }

  @Test
  void shouldCaptureWhatAnotherPortReplaysWhenRoundTrippingOverVeth() throws Exception {
    final int count = 500;
    final List<Traces.Frame> frames =
        Traces.frames(new Random(51), count, 60, 1514, Traces.EPOCH, 100_000);
    final Path trace = Traces.write(dir.resolve("t.pcap"), CaptureFormat.PCAP_NANOS, frames);
    final Path out = dir.resolve("captured.pcapng");
    try (VethPair veth = VethPair.create("vsr")) {
      final CompletableFuture<Cli.Result> capture =
          CompletableFuture.supplyAsync(
              () ->
                  Cli.run(
                      "capture",
                      "--port",
                      "packet:" + veth.b(),
                      "--out",
                      out.toString(),
                      "--count",
                      String.valueOf(count),
                      "--duration",
                      "20"));
      Thread.sleep(500); // the capture socket is bound well within this
      final Cli.Result replay =
          Cli.run("replay", trace.toString(), "--port", "packet:" + veth.a(), "--pps", "20000");
      assertThat(replay.exitCode()).as(replay.toString()).isZero();
      final Cli.Result captured = capture.get(BOUND.toSeconds(), TimeUnit.SECONDS);
      assertThat(captured.exitCode()).as(captured.toString()).isZero();
      assertThat(captured.out()).startsWith("captured " + count + " frames, ");
    }
    final List<Tshark.Frame> seen = Tshark.frames(out);
    Traces.assertSameFrames(seen, Traces.bytes(frames));
  }

  @Test
  void shouldNameTheMissingCapabilityWhenRunWithoutCapNetRawOrCapNetAdmin() throws Exception {
    final Path trace =
        Traces.write(
            dir.resolve("t.pcap"),
            CaptureFormat.PCAP_NANOS,
            Traces.frames(new Random(71), 3, 60, 60, Traces.EPOCH, 1));
    final Commands.Result packet =
        withoutCapability("net_raw", "replay", trace.toString(), "--port", "packet:lo");
    assertThat(packet.exitCode()).as(packet.toString()).isEqualTo(ExitCodes.FAILED);
    assertThat(packet.stderr().strip())
        .isEqualTo(
            "vstack: cannot open a packet socket on lo: Operation not permitted (needs root or"
                + " CAP_NET_RAW)");
    final String tap = NetworkNamespace.randomName("vsr", TapPort.MAX_NAME_LENGTH);
    final Commands.Result tapResult =
        withoutCapability("net_admin", "replay", trace.toString(), "--port", "tap:" + tap);
    assertThat(tapResult.exitCode()).as(tapResult.toString()).isEqualTo(ExitCodes.FAILED);
    assertThat(tapResult.stderr().strip())
        .startsWith("vstack: cannot create or attach TAP " + tap + ": Operation not permitted");
  }

  /** Runs the CLI in a new JVM, as root but with one capability dropped from its bounding set. */
  private static Commands.Result withoutCapability(final String capability, final String... args) {
    final List<String> command =
        new java.util.ArrayList<>(
            List.of(RequiredTool.require("setpriv"), "--bounding-set=-" + capability, "--"));
    command.addAll(vstack(args));
    return Commands.run(BOUND, command.toArray(String[]::new));
  }

  /** The command line that runs vstack in a new JVM on this test's class path. */
  private static List<String> vstack(final String... args) {
    return ThisJvm.command(VstackCommand.class.getName(), args);
  }

  @Test
  void shouldDrawTheProgressBarOnATerminalAndClearItForTheSummary() throws Exception {
    final Path trace =
        Traces.write(
            dir.resolve("t.pcap"),
            CaptureFormat.PCAP_NANOS,
            Traces.frames(new Random(91), 4000, 60, 60, Traces.EPOCH, 1_000_000));
    final String session = NetworkNamespace.randomName("vsr", 15);
    final String tmux = RequiredTool.require("tmux");
    final String shell =
        String.join(
                " ", vstack("replay", trace.toString(), "--port", "pcap:" + dir.resolve("o.pcap")))
            + "; echo REPLAY-EXIT-$?; sleep 30";
    Commands.run(tmux, "new-session", "-d", "-s", session, "-x", "200", "-y", "20", shell);
    try {
      final long deadline = System.nanoTime() + BOUND.toNanos();
      boolean sawBar = false;
      String screen = "";
      while (!screen.contains("REPLAY-EXIT-") && System.nanoTime() < deadline) {
        screen = Commands.run(tmux, "capture-pane", "-p", "-t", session).stdout();
        sawBar |= screen.contains("/4,000 frames") && screen.contains("ETA ");
        Thread.sleep(100);
      }
      assertThat(sawBar).as("a progress bar on the terminal; last screen:%n%s", screen).isTrue();
      assertThat(screen)
          .contains("REPLAY-EXIT-0", "  sent      4000 frames, 240000 bytes")
          .doesNotContain("ETA ");
    } finally {
      Commands.run(BOUND, tmux, "kill-session", "-t", session);
    }
  }

  @Test
  void shouldAllocateNothingPerFrameWhenReplayingOverAPacketPort() throws Exception {
    final long underTwoBytesAFrame = 2L * 99_000;
    final Path trace =
        Traces.write(
            dir.resolve("t.pcap"),
            CaptureFormat.PCAP_NANOS,
            Traces.frames(new Random(81), 1000, 60, 200, Traces.EPOCH, 1));
    final var threads =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    try (VethPair veth = VethPair.create("vsr");
        PacketPort port = PacketPort.open(veth.a())) {
      final java.util.function.IntFunction<Long> allocated =
          passes -> {
            final long before = threads.getCurrentThreadAllocatedBytes();
            try {
              new Replayer(trace, Pacing.topSpeed(), passes, Long.MAX_VALUE, null).run(port);
            } catch (final Exception e) {
              throw new AssertionError(e);
            }
            return threads.getCurrentThreadAllocatedBytes() - before;
          };
      for (int i = 0; i < 10; i++) {
        allocated.apply(50); // warm up
      }
      // The least of several rounds is the steady state: on a loaded machine the JIT can still be
      // compiling during one round, and interpreted FFM calls allocate.
      long least = Long.MAX_VALUE;
      long one = 0;
      for (int round = 0; round < 10 && least >= underTwoBytesAFrame; round++) {
        one = allocated.apply(1);
        least = Math.min(least, allocated.apply(100) - one);
      }
      // Less than one object per frame: one object per frame would be >= 16 B x 99,000. What is
      // tolerated is the JDK's per-call capture-state slice of an FFM downcall (40 B per
      // sendmmsg, i.e. per burst of 32), which C2 leaves in when a JVM that ran many other tests
      // has compiled the downcall without inlining it; a fresh `vstack replay` JVM shows 0.
      assertThat(least)
          .as("bytes allocated for 99,000 more frames over AF_PACKET (1 pass: %d)", one)
          .isLessThan(underTwoBytesAFrame);
      assertThat(port.counters().txFrames() % 1000).isZero();
    }
  }
}
