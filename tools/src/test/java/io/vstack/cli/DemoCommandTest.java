package io.vstack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DemoCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(final String... args) {
    final CommandLine commandLine = VstackCommand.commandLine();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    return commandLine.execute(args);
  }

  @Test
  void shouldResolveAndPingOnTheSoftwareWire() {
    assertThat(run("demo", "--count", "4", "--interval-ms", "0")).isEqualTo(ExitCodes.OK);
    final String text = out.toString();
    assertThat(text)
        .contains("[a] ARP who-has 10.0.0.2", "[a] ARP 10.0.0.2 is-at 02:00:00:00:00:0b");
    assertThat(text.lines().filter(l -> l.startsWith("[a] 64 bytes from 10.0.0.2"))).hasSize(4);
    assertThat(text).contains("4 packets transmitted, 4 received, 0% packet loss");
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void shouldLetLinuxPingVstackOverTapInANamespace() {
    assertThat(run("demo", "--tap", "--count", "3", "--interval-ms", "50"))
        .as("stdout: %s%nstderr: %s", out, err)
        .isEqualTo(ExitCodes.OK);
    final String text = out.toString();
    assertThat(text).contains("[linux] 3 packets transmitted, 3 received, 0% packet loss");
    assertThat(text.lines().filter(l -> l.startsWith("[vstack] 64 bytes from 10.77.0.2")))
        .hasSize(3);
  }

  @Test
  void shouldRejectBadCountWithOneLineAndUsageExitCode() {
    assertThat(run("demo", "--count", "0")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString().strip())
        .isEqualTo("vstack: --count must be between 1 and 10000, got 0");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void shouldRejectUnknownOptionWithHint() {
    assertThat(run("demo", "--frobnicate")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString())
        .contains("vstack: Unknown option: '--frobnicate'")
        .contains("Try 'vstack demo --help' for usage.");
  }
}
