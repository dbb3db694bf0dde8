package io.vstack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vstack.pcap.CaptureFormat;
import io.vstack.pcap.Tshark;
import io.vstack.replay.Traces;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vstack replay} into a capture-file port (no privileges needed), checked against what
 * tshark/capinfos read from the same traces, and its one-line errors for bad input.
 */
class ReplayCommandTest {
  @TempDir Path dir;

  /** A pcapng made by mergecap from two captures: two interfaces, frames interleaved by time. */
  private Path mergedPcapng() throws IOException {
    final Random random = new Random(11);
    final Path a =
        Traces.write(
            dir.resolve("a.pcap"),
            CaptureFormat.PCAP_NANOS,
            Traces.frames(random, 120, 60, 1514, Traces.EPOCH, 150_000, 10_000));
    final Path b =
        Traces.write(
            dir.resolve("b.pcap"),
            CaptureFormat.PCAP_NANOS,
            Traces.frames(random, 90, 60, 300, Traces.EPOCH + 33_333, 70_001));
    return Traces.mergecap(dir.resolve("merged.pcapng"), a, b);
  }

  @Test
  void shouldSendEveryFrameOfAMultiInterfacePcapngAsTsharkReadsIt() throws IOException {
    final Path merged = mergedPcapng();
    final List<Tshark.Frame> input = Tshark.frames(merged);
    assertThat(input).hasSize(210);
    assertThat(input.stream().map(Tshark.Frame::interfaceId).distinct()).containsOnly(0, 1);

    final Path out = dir.resolve("out.pcapng");
    final Cli.Result r =
        Cli.run("replay", merged.toString(), "--port", "pcap:" + out, "--speed", "20", "--json");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(Cli.jsonLong(r.out(), "frames_sent")).isEqualTo(Tshark.capinfosCount(merged));
    assertThat(Cli.jsonLong(r.out(), "bytes_sent")).isEqualTo(bytes(input));
    Traces.assertSameFrames(Tshark.frames(out), input.stream().map(Tshark.Frame::bytes).toList());
  }

  @Test
  void shouldSendEveryFrameOfAMicrosecondAndANanosecondPcapAsTsharkReadsThem() throws IOException {
    final Path merged = mergedPcapng();
    for (final String type : List.of("pcap", "nsecpcap")) {
      final Path trace = Traces.editcap(merged, type, dir.resolve(type + ".pcap"));
      assertThat(Tshark.capinfosType(trace)).isEqualTo(type);
      final List<Tshark.Frame> input = Tshark.frames(trace);
      final Path out = dir.resolve("out-" + type + ".pcap");

      final Cli.Result r =
          Cli.run("replay", trace.toString(), "--port", "pcap:" + out, "--topspeed", "--json");

      assertThat(r.exitCode()).as(r.toString()).isZero();
      assertThat(Cli.jsonLong(r.out(), "frames_sent")).isEqualTo(Tshark.capinfosCount(trace));
      assertThat(Cli.jsonLong(r.out(), "bytes_sent")).isEqualTo(bytes(input));
      Traces.assertSameFrames(Tshark.frames(out), input.stream().map(Tshark.Frame::bytes).toList());
    }
  }

  @Test
  void shouldSendTheTraceLoopTimesButNoMoreThanTheLimit() throws IOException {
    final Path trace =
        Traces.write(
            dir.resolve("t.pcap"),
            CaptureFormat.PCAP_MICROS,
            Traces.frames(new Random(1), 50, 60, 200, Traces.EPOCH, 1_000));
    final Path looped = dir.resolve("looped.pcap");
    final Cli.Result three =
        Cli.run(
            "replay",
            trace.toString(),
            "--port",
            "pcap:" + looped,
            "--loop",
            "3",
            "--pps",
            "50000",
            "--json");
    assertThat(three.exitCode()).as(three.toString()).isZero();
    assertThat(Tshark.capinfosCount(looped)).isEqualTo(150);
    assertThat(Cli.jsonLong(three.out(), "passes")).isEqualTo(3);

    final Path limited = dir.resolve("limited.pcap");
    final Cli.Result some =
        Cli.run(
            "replay",
            trace.toString(),
            "--port",
            "pcap:" + limited,
            "--loop",
            "3",
            "--limit",
            "70",
            "--topspeed");
    assertThat(some.exitCode()).as(some.toString()).isZero();
    assertThat(Tshark.capinfosCount(limited)).isEqualTo(70);
    assertThat(some.out()).contains("sent      70 frames", "(top speed, 2 passes)");
  }

  @Test
  void shouldPrintAHumanSummaryWithoutProgressWhenStdoutIsNotATerminal() throws IOException {
    final Path trace =
        Traces.write(
            dir.resolve("t.pcap"),
            CaptureFormat.PCAP_NANOS,
            Traces.frames(new Random(2), 20, 60, 60, Traces.EPOCH, 1_000_000));
    final Cli.Result r =
        Cli.run("replay", trace.toString(), "--port", "pcap:" + dir.resolve("o.pcap"));
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out())
        .startsWith(
            "replayed "
                + trace
                + " -> pcap:"
                + dir.resolve("o.pcap")
                + " (original timing, 1 pass)")
        .contains(
            "  sent      20 frames, 1200 bytes",
            "  failed    0",
            "  too big   0",
            "late vs schedule: p50")
        .doesNotContain("\r", "ETA");
  }

  @Test
  void shouldDrawTheProgressBarWhenForcedAlways() throws IOException {
    final Path trace =
        Traces.write(
            dir.resolve("t.pcap"),
            CaptureFormat.PCAP_NANOS,
            Traces.frames(new Random(3), 8, 60, 60, Traces.EPOCH, 100_000_000));
    final Cli.Result r =
        Cli.run(
            "replay",
            trace.toString(),
            "--port",
            "pcap:" + dir.resolve("o.pcap"),
            "--progress",
            "always");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).contains("\r[", "/8 frames", "pps", "ETA ");
  }

  // ------------------------------------------------------------------ errors

  @Test
  void shouldNameThePacketAndOffsetWhenAPcapIsCutInsideAPacket() throws IOException {
    final Path trace = Traces.editcap(mergedPcapng(), "pcap", dir.resolve("real.pcap"));
    final List<Tshark.Frame> frames = Tshark.frames(trace);
    final long offset = pcapRecordOffset(frames, 100);
    final Path cut = cut(trace, offset + 16 + frames.get(99).capturedLength() / 2, "cut.pcap");

    assertThat(badInput(cut))
        .startsWith("vstack: " + cut + ": packet 100 at byte offset " + offset + ": ");
    assertThat(Files.exists(dir.resolve("o.pcap")))
        .as("the damage is found before the port is opened or anything sent")
        .isFalse();
  }

  @Test
  void shouldNameThePacketAndOffsetWhenAPcapngIsCutInsideABlock() throws IOException {
    final Path trace = mergedPcapng();
    final List<Tshark.Frame> frames = Tshark.frames(trace);
    // mergecap writes SHB, IDBs, then one Enhanced Packet Block per frame, nothing after them.
    long offset = Files.size(trace);
    for (int i = frames.size() - 1; i >= 150; i--) {
      offset -= 32 + (frames.get(i).capturedLength() + 3) / 4 * 4;
    }
    final Path cut = cut(trace, offset + 20, "cut.pcapng");

    assertThat(badInput(cut))
        .startsWith("vstack: " + cut + ": packet 151 at byte offset " + offset + ": ");
  }

  @Test
  void shouldNameThePacketAndOffsetWhenAPcapRecordLengthIsCorrupt() throws IOException {
    final Path trace = Traces.editcap(mergedPcapng(), "nsecpcap", dir.resolve("real.pcap"));
    final List<Tshark.Frame> frames = Tshark.frames(trace);
    final long offset = pcapRecordOffset(frames, 7);
    final byte[] bytes = Files.readAllBytes(trace);
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt((int) offset + 8, 0x7FFF_FFFF);
    final Path corrupt = Files.write(dir.resolve("corrupt.pcap"), bytes);

    assertThat(badInput(corrupt))
        .startsWith("vstack: " + corrupt + ": packet 7 at byte offset " + offset + ": ");
  }

  @Test
  void shouldRejectALinuxCookedCaptureNamingItsLinkType() throws IOException {
    final Path trace = Traces.editcap(mergedPcapng(), "pcap", dir.resolve("real.pcap"));
    final byte[] bytes = Files.readAllBytes(trace);
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(20, 113);
    final Path sll = Files.write(dir.resolve("sll.pcap"), bytes);

    assertThat(badInput(sll)).contains("LINUX_SLL (113, Linux cooked capture v1) is not supported");
  }

  @Test
  void shouldSayNoSuchFileWhenTheTraceIsMissing() {
    final Path missing = dir.resolve("missing.pcap");
    assertThat(badInput(missing)).isEqualTo("vstack: " + missing + ": no such file or directory");
  }

  @Test
  void shouldSayNoSuchInterfaceWhenThePacketPortDoesNotExist() throws IOException {
    final Path trace =
        Traces.write(
            dir.resolve("t.pcap"),
            CaptureFormat.PCAP_NANOS,
            Traces.frames(new Random(4), 3, 60, 60, Traces.EPOCH, 1));
    final Cli.Result r = Cli.run("replay", trace.toString(), "--port", "packet:vsrnosuch0");
    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.errorLine())
        .isEqualTo(
            "vstack: no such interface vsrnosuch0 (list this namespace's interfaces with `ip link`)");
  }

  @Test
  void shouldRejectDpdkPortsAndConflictingPacingWithOneLine() throws IOException {
    final Path trace =
        Traces.write(
            dir.resolve("t.pcap"),
            CaptureFormat.PCAP_NANOS,
            Traces.frames(new Random(4), 3, 60, 60, Traces.EPOCH, 1));
    final Cli.Result dpdk = Cli.run("replay", trace.toString(), "--port", "dpdk:0");
    assertThat(dpdk.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(dpdk.errorLine())
        .startsWith("vstack: dpdk ports are taken by the daemon's config only, not here");

    final Cli.Result both =
        Cli.run("replay", trace.toString(), "--port", "pcap:x.pcap", "--pps", "10", "--topspeed");
    assertThat(both.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(both.errorLine())
        .isEqualTo("vstack: choose one of --speed, --pps, --mbps and --topspeed");

    final Cli.Result itself = Cli.run("replay", trace.toString(), "--port", "pcap:" + trace);
    assertThat(itself.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(itself.errorLine())
        .isEqualTo("vstack: --port pcap:" + trace + " would overwrite the trace being replayed");
    assertThat(Tshark.capinfosCount(trace)).as("the trace is untouched").isEqualTo(3);

    final Cli.Result zero =
        Cli.run("replay", trace.toString(), "--port", "pcap:x.pcap", "--pps", "0");
    assertThat(zero.errorLine()).isEqualTo("vstack: --pps must be a positive number, got 0.0");
  }

  // ------------------------------------------------------------------ helpers

  /** Replays a bad file: exit 2 and the one error line, which is returned. */
  private String badInput(final Path file) {
    final Cli.Result r =
        Cli.run("replay", file.toString(), "--port", "pcap:" + dir.resolve("o.pcap"));
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
    return r.errorLine();
  }

  private static long bytes(final List<Tshark.Frame> frames) {
    return frames.stream().mapToLong(Tshark.Frame::capturedLength).sum();
  }

  /** Where record {@code number} (1-based) starts in a pcap: header + earlier records. */
  private static long pcapRecordOffset(final List<Tshark.Frame> frames, final int number) {
    long offset = 24;
    for (int i = 0; i < number - 1; i++) {
      offset += 16 + frames.get(i).capturedLength();
    }
    return offset;
  }

  private Path cut(final Path file, final long length, final String name) throws IOException {
    final byte[] bytes = Files.readAllBytes(file);
    return Files.write(dir.resolve(name), java.util.Arrays.copyOf(bytes, (int) length));
  }
}
