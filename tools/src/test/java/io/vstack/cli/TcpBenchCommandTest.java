package io.vstack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vstack.netns.Commands;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code vstack bench tcp} end to end at a small size (1 s per measurement, 2,000 idle
 * connections): every reported figure is present and positive, and the namespaces it made are gone
 * afterwards. No timing assertions: the numbers themselves belong in docs/BENCHMARKS.md.
 */
class TcpBenchCommandTest {
  private static final List<String> FIELDS =
      List.of(
          "vstack_bulk_mb_per_s",
          "linux_bulk_mb_per_s",
          "bulk_ratio",
          "vstack_rpc_per_s",
          "vstack_rpc_mean_us",
          "vstack_rpc_p50_us",
          "vstack_rpc_p99_us",
          "linux_rpc_per_s",
          "linux_rpc_mean_us",
          "linux_rpc_p50_us",
          "linux_rpc_p99_us",
          "rpc_ratio",
          "idle_connections",
          "idle_buffer_bytes",
          "vstack_idle_heap_bytes_per_end",
          "vstack_idle_offheap_bytes_per_end",
          "vstack_idle_bytes_per_end",
          "linux_idle_bytes_per_socket",
          "idle_ratio");

  @Test
  void shouldReportEveryFigureAsPositiveJsonAndRemoveItsNamespacesWhenRunBriefly() {
    final Cli.Result result =
        Cli.run(
            "bench",
            "tcp",
            "--seconds",
            "1",
            "--idle-connections",
            "2000",
            "--linux-sockets",
            "400",
            "--json");
    assertThat(result.exitCode()).as(result.toString()).isZero();
    final String json = result.out().strip();
    for (final String field : FIELDS) {
      assertThat(Cli.jsonDouble(json, field)).as("%s in %s", field, json).isPositive();
    }
    assertThat(Cli.jsonLong(json, "idle_connections")).isEqualTo(2000);
    assertThat(Commands.run("ip", "netns", "list").stdout())
        .as("namespaces left behind")
        .doesNotContain("vctb-");
  }

  @Test
  void shouldRejectABufferSizeThatIsNotAPowerOfTwoInOneLine() {
    final Cli.Result result = Cli.run("bench", "tcp", "--idle-buffer", "3000");
    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.errorLine()).contains("--idle-buffer").contains("power of two");
  }
}
