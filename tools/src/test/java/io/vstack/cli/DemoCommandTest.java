package io.vstack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vstack.netns.Commands;
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
  void shouldResolveAndPingOnTheSoftwareWireWhenAskedToPing() {
    assertThat(run("demo", "--ping", "--count", "4", "--interval-ms", "0")).isEqualTo(ExitCodes.OK);
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
  void shouldResolveAndPingOverDpdkPortsJoinedByAVethPair() {
    assertThat(run("demo", "--dpdk", "--count", "3", "--interval-ms", "20"))
        .as("stdout: %s%nstderr: %s", out, err)
        .isEqualTo(ExitCodes.OK);
    final String text = out.toString();
    final String dpdk = text.substring(text.indexOf("vstack demo --dpdk"));
    assertThat(dpdk)
        .contains("[a] ARP who-has 10.78.0.2", "[a] ARP 10.78.0.2 is-at 02:00:00:00:00:1b")
        .contains("[b] echo request from 10.78.0.1 icmp_seq=3, replied")
        .contains("3 packets transmitted, 3 received, 0% packet loss");
    assertThat(dpdk.lines().filter(l -> l.startsWith("[a] 64 bytes from 10.78.0.2"))).hasSize(3);
    assertThat(dpdk).containsPattern("DPDK: a .*");
    final String veth =
        dpdk.lines().findFirst().orElseThrow().replaceAll(".* (vsodpa\\w+) .*", "$1");
    assertThat(veth).matches("vsodpa[0-9a-f]{9}");
    assertThat(Commands.run(Commands.DEFAULT_TIMEOUT, "ip", "link", "show", veth).exitCode())
        .as("veth %s removed after the demo", veth)
        .isNotZero();
  }

  @Test
  void shouldRejectBadCountWithOneLineAndUsageExitCode() {
    assertThat(run("demo", "--ping", "--count", "0")).isEqualTo(ExitCodes.USAGE);
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
