package io.vstack.stack;

import static io.vstack.stack.LinuxTcpLab.LINUX_IP;
import static io.vstack.stack.LinuxTcpLab.VSTACK_IP;
import static org.assertj.core.api.Assertions.assertThat;

import io.vstack.netns.Commands;
import io.vstack.pcap.Tshark;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What vstack's TCP glue puts on the wire, as tshark decodes it from a capture on the Linux side of
 * the TAP: valid IP and TCP checksums on every segment, and the SYN options (MSS, SACK-permitted,
 * timestamps, window scale) Linux negotiated with.
 */
class TcpWireTsharkTest {
  private static final int LINUX_PORT = 5003;

  @TempDir Path dir;

  private String tcpdumpOutput = "";

  @Test
  void shouldSendSegmentsTsharkDecodesWithValidChecksumsAndSynOptions() {
    final Path capture = dir.resolve("tcp.pcap");
    try (LinuxTcpLab lab = LinuxTcpLab.open("vsw")) {
      try (Commands.Background tcpdump =
              lab.ns.start(
                  "tcpdump",
                  "-i",
                  lab.tap,
                  "-n",
                  "-U",
                  "--immediate-mode",
                  "-B",
                  "32768",
                  "-w",
                  capture.toString(),
                  "tcp");
          Commands.Background linux =
              lab.pump("server", LINUX_IP, LINUX_PORT, 200_000, 3, "send")) {
        final long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!tcpdump.stderrSoFar().contains("listening on") && System.nanoTime() < deadline) {
          LinuxTcpLab.sleep(20);
        }
        LinuxTcpLab.awaitListening(linux);
        final int id = lab.connect(LINUX_PORT, Duration.ofSeconds(20));
        final StreamPump pump = new StreamPump(lab.stack.engine(), id, 1 << 20, 5, false);
        lab.run(() -> pump.step(lab.stack.now()), Duration.ofSeconds(60), "transfer");
        assertThat(lab.await(linux, Duration.ofSeconds(60)).exitCode()).isZero();
        LinuxTcpLab.sleep(200);
        tcpdumpOutput = tcpdump.stop(Duration.ofSeconds(5)).stderr();
      }
    }
    final List<List<String>> all =
        Tshark.fields(
            capture,
            List.of(),
            "ip.src",
            "ip.checksum.status",
            "tcp.checksum.status",
            "tcp.flags.syn",
            "tcp.options.mss_val",
            "tcp.options.sack_perm",
            "tcp.options.timestamp.tsval",
            "tcp.options.wscale.shift",
            "_ws.malformed");
    final List<List<String>> ours =
        all.stream().filter(row -> row.get(0).equals(VSTACK_IP)).toList();
    assertThat(ours)
        .as("segments from vstack in the capture; tcpdump said: %s", tcpdumpOutput)
        .hasSizeGreaterThan(100);
    assertThat(ours)
        .allSatisfy(
            row -> {
              assertThat(row.get(1)).as("IP checksum status (1 = good): %s", row).isEqualTo("1");
              assertThat(row.get(2)).as("TCP checksum status (1 = good): %s", row).isEqualTo("1");
              assertThat(row.get(8)).as("malformed: %s", row).isEmpty();
              assertThat(row.get(6)).as("timestamps on every segment: %s", row).isNotEmpty();
            });
    final List<String> syn = ours.getFirst();
    assertThat(syn.get(3)).as("first segment is the SYN").isIn("1", "True");
    assertThat(syn.get(4)).isEqualTo("1460");
    assertThat(syn.get(5)).as("SACK-permitted").isNotEmpty();
    assertThat(syn.get(7)).as("window scale shift").isNotEmpty();
  }
}
