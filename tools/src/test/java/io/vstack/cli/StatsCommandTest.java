package io.vstack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vstack.ledger.CountersFileLayout;
import io.vstack.ledger.Ledger;
import io.vstack.netns.ThisJvm;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.SystemEpochClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code vstack stats} and {@code top} against a counters file written by another process. */
class StatsCommandTest {
  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private Path file;
  private Process generator;

  @BeforeEach
  void startGenerator() throws Exception {
    file = dir.resolve("counters.dat");
    final List<String> command =
        ThisJvm.command(CountersFileGenerator.class.getName(), file.toString());
    generator = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    final BufferedReader lines =
        new BufferedReader(
            new InputStreamReader(generator.getInputStream(), StandardCharsets.UTF_8));
    final String first = lines.readLine();
    assertThat(first).as("generator's first line").isEqualTo("ready");
  }

  @AfterEach
  void stopGenerator() throws Exception {
    generator.getOutputStream().close();
    if (!generator.waitFor(20, TimeUnit.SECONDS)) {
      generator.destroyForcibly();
    }
  }

  private int run(final String... args) {
    final CommandLine commandLine = VstackCommand.commandLine();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    return commandLine.execute(args);
  }

  private static String tenantJson(final String json, final int id) {
    final int start = json.indexOf("{\"id\":" + id + ",");
    assertThat(start).as("tenant %d in %s", id, json).isNotNegative();
    final int end = json.indexOf("{\"id\":", start + 1);
    return json.substring(start, end < 0 ? json.length() : end);
  }

  private static long number(final String json, final String key) {
    final Matcher m = Pattern.compile("\"" + Pattern.quote(key) + "\":(-?\\d+)").matcher(json);
    assertThat(m.find()).as("%s in %s", key, json).isTrue();
    return Long.parseLong(m.group(1));
  }

  @Test
  void shouldPrintTheGeneratorsKnownTrafficAsJsonWhileItRuns() {
    assertThat(run("stats", "--json", "--counters-file", file.toString()))
        .as("stderr: %s", err)
        .isEqualTo(ExitCodes.OK);
    final String json = out.toString().strip();
    assertThat(json).startsWith("{").endsWith("}");
    assertThat(json).contains("\"status\":\"alive\"", "\"calibrationSource\":\"generator\"");
    assertThat(number(json, "pid")).isEqualTo(generator.pid());
    assertThat(number(json, "cyclesPerSecond")).isEqualTo(CountersFileGenerator.CYCLES_PER_SECOND);
    assertThat(number(json, "meterOverheadCycles")).isEqualTo(42);

    final String alpha = tenantJson(json, CountersFileGenerator.ALPHA);
    assertThat(alpha).contains("\"name\":\"alpha\"");
    assertThat(number(alpha, "rx-packets")).isEqualTo(1_000);
    assertThat(number(alpha, "rx-bytes")).isEqualTo(64_000);
    assertThat(number(alpha, "tx-packets")).isEqualTo(500);
    assertThat(number(alpha, "tx-bytes")).isEqualTo(750_000);
    assertThat(number(alpha, "rx-cycles")).isEqualTo(123_456_789);
    assertThat(number(alpha, "tx-cycles")).isEqualTo(987_654);
    assertThat(number(alpha, "slow-path-cycles")).isEqualTo(4_242);
    assertThat(number(alpha, "totalCycles")).isEqualTo(123_456_789 + 987_654 + 4_242);
    assertThat(number(alpha, "drop-malformed")).isEqualTo(7);
    assertThat(number(alpha, "drop-no-flow")).isEqualTo(3);
    assertThat(number(alpha, "drop-queue-full")).isZero();
    assertThat(number(alpha, "drops")).isEqualTo(10);
    assertThat(number(alpha, "queue-depth")).isEqualTo(12);
    assertThat(number(alpha, "connections")).isEqualTo(4);
    // The same samples in a histogram of the file's layout give the expected percentiles.
    final Histogram expected = CountersFileLayout.newLatencyHistogram();
    expected.recordValueWithCount(10_000, 1_000);
    expected.recordValueWithCount(5_000_000, 10);
    assertThat(number(alpha, "count")).isEqualTo(1_010);
    assertThat(number(alpha, "p50")).isEqualTo(expected.getValueAtPercentile(50));
    assertThat(number(alpha, "p999")).isEqualTo(expected.getValueAtPercentile(99.9));
    assertThat(number(alpha, "max")).isEqualTo(expected.getMaxValue());

    final String beta = tenantJson(json, CountersFileGenerator.BETA);
    assertThat(beta).contains("\"name\":\"beta gamma\"", "\"latencyNanos\":{\"count\":0}");
    assertThat(number(beta, "rx-packets")).isEqualTo(1);
    assertThat(number(beta, "rx-bytes")).isEqualTo(1_500);
    assertThat(number(beta, "rx-cycles")).isEqualTo(1_000);
    assertThat(number(beta, "tx-cycles") % CountersFileGenerator.BETA_TX_CYCLES_PER_TICK).isZero();
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void shouldPrintATableRowPerTenantWithAHeadline() {
    assertThat(run("stats", "--counters-file", file.toString())).isEqualTo(ExitCodes.OK);
    final List<String> lines = out.toString().lines().toList();
    assertThat(lines.get(0))
        .contains("stack pid " + generator.pid() + " alive", "2 tenants", "2600 MHz (generator)");
    assertThat(lines.get(1)).startsWith("TENANT").contains("RX-CYCLES", "P99-US");
    assertThat(lines.get(2).split("\\s+"))
        .startsWith("5", "alpha")
        .contains("123456789", "987654", "4242", "1000", "64000", "500", "750000", "10", "12", "4");
    assertThat(lines.get(3)).startsWith("9        beta gamma");
  }

  @Test
  void shouldSayTheStackIsDeadAfterTheWriterExits() throws Exception {
    generator.getOutputStream().close();
    assertThat(generator.waitFor(20, TimeUnit.SECONDS)).isTrue();
    assertThat(run("stats", "--json", "--counters-file", file.toString())).isEqualTo(ExitCodes.OK);
    assertThat(out.toString()).contains("\"status\":\"dead\"");
    assertThat(number(tenantJson(out.toString(), 5), "rx-packets")).isEqualTo(1_000);
    assertThat(err.toString().strip())
        .isEqualTo(
            "vstack: warning: the stack writing "
                + file
                + " is dead (pid "
                + generator.pid()
                + "); numbers are its last ones");
  }

  @Test
  void shouldLetANewStackTakeOverTheFileOfAKilledOneAtOnce() throws Exception {
    // SIGKILL: no close(), the heartbeat is fresh; only the dead PID tells.
    generator.destroyForcibly();
    assertThat(generator.waitFor(20, TimeUnit.SECONDS)).isTrue();
    try (Ledger ledger =
        new Ledger(file, 2, 1_000_000_000L, 0, "test", SystemEpochClock.INSTANCE)) {
      ledger.addTenant(77, "new");
      assertThat(run("stats", "--json", "--counters-file", file.toString()))
          .isEqualTo(ExitCodes.OK);
      assertThat(out.toString())
          .contains("\"status\":\"alive\"", "{\"id\":77,")
          .doesNotContain("alpha");
    }
  }

  @Test
  void shouldPrintSnapshotsSortedByCycleRateWhenNotATerminal() {
    assertThat(
            run(
                "top",
                "--batch",
                "--iterations",
                "2",
                "--interval-ms",
                "1000",
                "--counters-file",
                file.toString()))
        .as("stderr: %s", err)
        .isEqualTo(ExitCodes.OK);
    final List<String> lines = out.toString().lines().toList();
    final List<String> headlines =
        lines.stream().filter(l -> l.startsWith(file.toString())).toList();
    assertThat(headlines).hasSize(2);
    // Only tenant 9 is being charged, so it comes first, with a cycle rate above zero.
    final List<String> firstRows =
        lines.stream().filter(l -> l.startsWith("9 ") || l.startsWith("5 ")).toList();
    assertThat(firstRows).hasSize(4);
    assertThat(firstRows.get(0)).startsWith("9 ");
    assertThat(firstRows.get(1)).startsWith("5 ");
    // Columns: id, name ("beta gamma" is two words), %CORE, ...
    assertThat(Double.parseDouble(firstRows.get(0).split("\\s+")[3])).as("beta %CORE").isPositive();
    assertThat(firstRows.get(1).split("\\s+")[2]).as("alpha %CORE").isEqualTo("0.0");
  }

  @Test
  void shouldExplainInOneLineWhenThereIsNoCountersFile() {
    final String missing = dir.resolve("nope.dat").toString();
    assertThat(run("stats", "--counters-file", missing)).isEqualTo(ExitCodes.FAILED);
    assertThat(err.toString().strip())
        .isEqualTo(
            "vstack: no counters file at "
                + missing
                + "; is the stack running? (or pass --counters-file)");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void shouldRejectABadIntervalWithUsageExitCode() {
    assertThat(run("top", "--interval-ms", "5", "--counters-file", file.toString()))
        .isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString().strip())
        .isEqualTo("vstack: --interval-ms must be between 100 and 60000, got 5");
  }

  @Test
  void shouldRefuseToBenchIntoTheFileOfALiveStack() {
    assertThat(run("bench", "accounting", "--counters-file", file.toString()))
        .isEqualTo(ExitCodes.FAILED);
    assertThat(err.toString().strip())
        .startsWith("vstack: cannot write " + file)
        .endsWith("; pass another --counters-file");
    assertThat(new File(file.toString())).exists();
  }
}
