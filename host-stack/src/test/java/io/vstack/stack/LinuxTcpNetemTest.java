package io.vstack.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.vstack.netns.Commands;
import io.vstack.netns.NetworkNamespace;
import io.vstack.netns.RequiredTool;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The impairment matrix of {@link LinuxTcpImpairmentTest} with the kernel's own {@code tc netem} on
 * Linux's side of the TAP (impairing what Linux sends to vstack), where the kernel has sch_netem.
 * Each case first probes netem on a veth in a fresh namespace; a kernel without it aborts the case
 * with the kernel's answer as the reason (a missing {@code tc} program fails instead, naming
 * iproute2).
 */
class LinuxTcpNetemTest {
  private static volatile String netemMissing;
  private static volatile boolean probed;

  static Stream<Arguments> impairments() {
    return Stream.of(
        Arguments.of("loss 1%", "loss 1%", "dropped [1-9]"),
        Arguments.of("loss 5%", "loss 5%", "dropped [1-9]"),
        Arguments.of("loss 10%", "loss 10%", "dropped [1-9]"),
        Arguments.of("reorder 25%", "delay 2ms reorder 25% 50%", "Sent [1-9]"),
        Arguments.of("duplicate 5%", "duplicate 5%", "Sent [1-9]"),
        Arguments.of("delay 10ms +- 3ms", "delay 10ms 3ms", "Sent [1-9]"),
        Arguments.of(
            "combination", "delay 5ms 2ms loss 2% duplicate 2% reorder 10% 50%", "dropped [1-9]"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("impairments")
  void shouldTransferBothWaysIntactWhenNetemImpairsLinuxsSide(
      final String name, final String netem, final String statistic) {
    assumeNetem();
    try (LinuxTcpLab lab = LinuxTcpLab.open("vt")) {
      final List<String> command = new ArrayList<>(List.of("tc", "qdisc", "add", "dev", lab.tap));
      command.add("root");
      command.add("netem");
      command.addAll(List.of(netem.split(" ")));
      lab.ns.exec(command.toArray(String[]::new));
      LinuxTcpImpairmentTest.bothWays(lab, "netem " + netem);
      final String stats = lab.ns.exec("tc", "-s", "qdisc", "show", "dev", lab.tap).stdout();
      System.out.printf("[netem] %s: %s%n", name, stats.replace('\n', ' '));
      assertThat(stats).as("netem statistics").containsPattern(statistic);
    }
  }

  /** Aborts the case (with the kernel's reason) when the kernel cannot add a netem qdisc. */
  private static void assumeNetem() {
    if (!probed) {
      netemMissing = probeNetem();
      probed = true;
    }
    Assumptions.assumeTrue(netemMissing == null, () -> "kernel has no sch_netem: " + netemMissing);
  }

  /** The kernel's error when netem cannot be added to a veth in a fresh namespace, else null. */
  private static String probeNetem() {
    final String tc = RequiredTool.require("tc");
    try (NetworkNamespace ns = NetworkNamespace.create("vt")) {
      ns.exec("ip", "link", "add", "vtnetem0", "type", "veth", "peer", "name", "vtnetem1");
      final Commands.Result result =
          ns.exec(
              Duration.ofSeconds(10),
              tc,
              "qdisc",
              "add",
              "dev",
              "vtnetem0",
              "root",
              "netem",
              "loss",
              "1%");
      if (result.exitCode() == 0) {
        return null;
      }
      final String reason = result.stderr().strip();
      assertThat(reason)
          .as("tc failed for a reason other than a missing qdisc kind")
          .containsAnyOf("qdisc kind is unknown", "No such file or directory", "not supported");
      return "`tc qdisc add dev <veth> root netem loss 1%` answered: " + reason;
    }
  }
}
