package io.vstack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vstack.mode.StackMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code vstack bench overlay} runs small and reports, per mode, positive costs and rates, and the
 * ratios between the modes. No timing assertions: the numbers are measurements.
 */
class OverlayBenchCommandTest {
  @Test
  @SuppressWarnings("unchecked")
  void shouldReportEveryModeWithPositiveNumbersWhenRunSmallInOneJvmWithJson() {
    final CliRun cli = new CliRun();
    final int exit = smallRun(cli, "--tenants", "2", "--forks", "0");
    assertThat(exit).as(cli.err()).isZero();
    final Map<String, Object> json = cli.json();
    assertThat(number(json, "forks")).isZero();
    assertThat(json).containsKeys("fused_over_unvirtualized", "layered_over_fused");
    final Map<String, Object> modes = (Map<String, Object>) json.get("modes");
    for (final StackMode mode : StackMode.values()) {
      assertThat(modes).containsKey(mode.label());
      final Map<String, Object> m = (Map<String, Object>) modes.get(mode.label());
      assertThat(number(m, "packets")).as(mode.label()).isGreaterThanOrEqualTo(4000);
      assertThat(number(m, "cpu_ns_per_packet")).as(mode.label()).isPositive();
      assertThat(number(m, "wall_ns_per_packet")).as(mode.label()).isPositive();
      assertThat(number(m, "mpps_per_core")).as(mode.label()).isPositive();
      assertThat(number(m, "payload_bytes")).as(mode.label()).isPositive();
    }
    assertThat(number(json, "layered_over_unvirtualized")).isPositive();
    assertThat(number(json, "fused_over_unvirtualized")).isPositive();
    assertThat(number(json, "layered_over_fused")).isPositive();
  }

  @Test
  @SuppressWarnings("unchecked")
  void shouldReportEachForkAndTheRatiosWhenEveryModeRunsInAChildJvm() {
    final CliRun cli = new CliRun();
    final int exit = smallRun(cli, "--forks", "1", "--bulk");
    assertThat(exit).as(cli.err()).isZero();
    final Map<String, Object> json = cli.json();
    assertThat(number(json, "forks")).isEqualTo(1);
    assertThat(number(json, "message_bytes")).isEqualTo(16 * 1024);
    final Map<String, Object> modes = (Map<String, Object>) json.get("modes");
    for (final StackMode mode : StackMode.values()) {
      final Map<String, Object> m = (Map<String, Object>) modes.get(mode.label());
      assertThat(m).as(mode.label()).isNotNull();
      for (final String field :
          List.of(
              "cpu_ns_per_packet",
              "wall_ns_per_packet",
              "mpps_per_core",
              "payload_bytes",
              "cpu_ns_per_packet_min",
              "cpu_ns_per_packet_max")) {
        assertThat(number(m, field)).as(mode.label() + " " + field).isPositive();
      }
      assertThat(number(m, "packets")).as(mode.label()).isGreaterThanOrEqualTo(4000);
      final List<Map<String, Object>> forks = (List<Map<String, Object>>) m.get("forks");
      assertThat(forks).as(mode.label()).hasSize(1);
      assertThat(number(forks.get(0), "cpu_ns_per_packet"))
          .as(mode.label())
          .isEqualTo(number(m, "cpu_ns_per_packet"));
      assertThat(number(forks.get(0), "packets")).isEqualTo(number(m, "packets"));
    }
    final Map<String, Object> forkRatios = (Map<String, Object>) json.get("fork_ratios");
    for (final String ratio :
        List.of("fused_over_unvirtualized", "layered_over_fused", "layered_over_unvirtualized")) {
      assertThat(number(json, ratio)).as(ratio).isPositive();
      assertThat((List<Object>) forkRatios.get(ratio)).as(ratio).hasSize(1);
      assertThat(((Number) ((List<Object>) forkRatios.get(ratio)).get(0)).doubleValue())
          .as("one triple: its ratio is the ratio of medians")
          .isEqualTo(number(json, ratio));
    }
  }

  @Test
  void shouldExitWithUsageAndOneLineWhenForksAreOutOfRange() {
    final CliRun cli = new CliRun();
    final int exit = cli.vstack("bench", "overlay", "--forks", "-1");
    assertThat(exit).isEqualTo(ExitCodes.USAGE);
    assertThat(cli.err().strip()).isEqualTo("vstack: --forks must be between 0 and 100, got -1");
  }

  @Test
  void shouldPrintATableWithTheRatiosAndTargetsWhenRunWithoutJson() {
    final CliRun cli = new CliRun();
    final int exit =
        cli.vstack(
            "bench",
            "overlay",
            "--packets",
            "2000",
            "--connections",
            "2",
            "--rounds",
            "1",
            "--forks",
            "0");
    assertThat(exit).as(cli.err()).isZero();
    assertThat(cli.out())
        .contains("| layered |", "| unvirtualized |", "| fused |")
        .contains("fused / unvirtualized cost:", "layered / fused cost:", "target >= 1.90");
  }

  @Test
  void shouldExitWithUsageAndOneLineWhenConnectionsAreOutOfRange() {
    final CliRun cli = new CliRun();
    final int exit = cli.vstack("bench", "overlay", "--connections", "0");
    assertThat(exit).isEqualTo(ExitCodes.USAGE);
    assertThat(cli.err().strip())
        .isEqualTo("vstack: --connections must be between 1 and 1000, got 0");
  }

  /** 4000 packets of 4 connections in 2 rounds, JSON output, plus {@code options}. */
  private static int smallRun(final CliRun cli, final String... options) {
    final List<String> args =
        new ArrayList<>(
            List.of(
                "bench",
                "overlay",
                "--packets",
                "4000",
                "--connections",
                "4",
                "--rounds",
                "2",
                "--json"));
    args.addAll(List.of(options));
    return cli.vstack(args.toArray(String[]::new));
  }

  private static double number(final Map<String, Object> json, final String field) {
    return ((Number) json.get(field)).doubleValue();
  }
}
