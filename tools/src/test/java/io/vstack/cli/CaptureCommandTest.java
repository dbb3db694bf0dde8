package io.vstack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vstack.pcap.CaptureFormat;
import io.vstack.pcap.Tshark;
import io.vstack.replay.Traces;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vstack capture} from a capture-file port (no privileges) and its one-line errors. */
class CaptureCommandTest {
  @TempDir Path dir;

  @Test
  void shouldRecordEveryFrameOfAFileSourceIntoAPcapngUntilItsEnd() throws Exception {
    final List<Traces.Frame> frames =
        Traces.frames(new Random(61), 300, 60, 1514, Traces.EPOCH, 1_000);
    final Path in = Traces.write(dir.resolve("in.pcap"), CaptureFormat.PCAP_MICROS, frames);
    final Path out = dir.resolve("out.pcapng");

    final Cli.Result r =
        Cli.run("capture", "--port", "pcap:" + in, "--out", out.toString(), "--json");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(Cli.jsonLong(r.out(), "frames")).isEqualTo(300);
    assertThat(Cli.jsonLong(r.out(), "bytes"))
        .isEqualTo(frames.stream().mapToLong(f -> f.bytes().length).sum());
    assertThat(Tshark.capinfosType(out)).isEqualTo("pcapng");
    final List<Tshark.Frame> seen = Tshark.frames(out);
    Traces.assertSameFrames(seen, Traces.bytes(frames));
  }

  @Test
  void shouldStopAfterCountFrames() throws Exception {
    final Path in =
        Traces.write(
            dir.resolve("in.pcap"),
            CaptureFormat.PCAP_NANOS,
            Traces.frames(new Random(62), 100, 60, 100, Traces.EPOCH, 1_000));
    final Path out = dir.resolve("out.pcap");
    final Cli.Result r =
        Cli.run("capture", "--port", "pcap:" + in, "--out", out.toString(), "--count", "42");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).startsWith("captured 42 frames, ");
    assertThat(Tshark.capinfosCount(out)).isEqualTo(42);
    assertThat(Tshark.capinfosType(out)).isEqualTo("nsecpcap");
  }

  @Test
  void shouldSayWhatIsWrongInOneLineWhenTheSourceOrTheOutputIsBad() {
    final Path missing = dir.resolve("missing.pcap");
    final Cli.Result noSource =
        Cli.run(
            "capture", "--port", "pcap:" + missing, "--out", dir.resolve("o.pcapng").toString());
    assertThat(noSource.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(noSource.errorLine())
        .isEqualTo("vstack: " + missing + ": no such file or directory");

    final Cli.Result badName =
        Cli.run("capture", "--port", "packet:lo", "--out", dir.resolve("o.txt").toString());
    assertThat(badName.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(badName.errorLine())
        .isEqualTo(
            "vstack: cannot tell the capture format of "
                + dir.resolve("o.txt")
                + ": name it *.pcap or *.pcapng");

    final Cli.Result noInterface =
        Cli.run(
            "capture",
            "--port",
            "packet:vsrnosuch1",
            "--out",
            dir.resolve("o.pcap").toString(),
            "--count",
            "1");
    assertThat(noInterface.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(noInterface.errorLine()).startsWith("vstack: no such interface vsrnosuch1");
  }
}
