package io.vstack.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.vstack.flow.FlowRule;
import io.vstack.flow.syntax.FlowSyntax;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DaemonConfigTest {
  @TempDir Path dir;

  private Path write(final String text) throws IOException {
    final Path file = dir.resolve("vstack.yaml");
    Files.writeString(file, text);
    return file;
  }

  private String problem(final String text) throws IOException {
    final Path file = write(text);
    try {
      DaemonConfig.load(file);
    } catch (final ConfigProblem e) {
      assertThat(e.getMessage()).doesNotContain("\n").startsWith(file + ":");
      return e.getMessage().substring(file.toString().length() + 1);
    }
    throw new AssertionError("no problem reported for:\n" + text);
  }

  @Test
  void shouldLoadPortsAndBothRuleFormsWhenValid() throws IOException {
    final DaemonConfig config =
        DaemonConfig.load(
            write(
                """
                ports:
                  - name: uplink
                    spec: tap:vsc0
                  - name: loop
                    spec: memory:loop
                rules:
                  uplink:
                    - ingress pattern eth / ipv4 / udp dst is 4789 / end actions queue index 1 / end
                    - priority: 1
                      ingress: true
                      pattern: [eth, ipv4, "udp dst is 4789", vxlan]
                      actions: [count, drop]
                    - group: 2
                      pattern: eth / ipv6
                      actions: mark id 3
                """));
    assertThat(config.ports())
        .containsExactly(
            new PortDefinition(0, "uplink", PortDefinition.Kind.TAP, "vsc0"),
            new PortDefinition(1, "loop", PortDefinition.Kind.MEMORY, "loop"));
    assertThat(config.rules().get("loop")).isEmpty();
    assertThat(config.rules().get("uplink"))
        .containsExactly(
            rule("ingress pattern eth / ipv4 / udp dst is 4789 / end actions queue index 1 / end"),
            rule(
                "priority 1 ingress pattern eth / ipv4 / udp dst is 4789 / vxlan / end"
                    + " actions count / drop / end"),
            rule("group 2 ingress pattern eth / ipv6 / end actions mark id 3 / end"));
  }

  private static FlowRule rule(final String text) {
    return FlowSyntax.parseRule(text);
  }

  @Test
  void shouldPointAtTheRuleColumnWhenARuleStringIsWrong() throws IOException {
    // 'ipv5' is at file column 29 of line 6: 4 spaces and "- ", then 22 characters of rule.
    assertThat(
            problem(
                """
                ports:
                  - name: uplink
                    spec: memory:u
                rules:
                  uplink:
                    - ingress pattern eth / ipv5 / end actions drop / end
                """))
        .startsWith("6:29: rules.uplink[0]: expected 'end' or a pattern item");
    assertThat(
            problem(
                """
                ports: [{name: u, spec: "memory:u"}]
                rules:
                  u: ["ingress pattern eth / end actions queue 3 / end"]
                """))
        .isEqualTo("3:48: rules.u[0]: expected 'index' or '/' after 'queue', got '3'");
  }

  @Test
  void shouldNameFilePositionAndPathWhenValuesAreWrong() throws IOException {
    assertThat(problem("ports:\n  - name: a\n    spec: nic:0\n"))
        .isEqualTo(
            "3:11: ports[0].spec: expected memory:NAME, tap:NAME, packet:IFACE or pcap:FILE,"
                + " got 'nic:0'");
    assertThat(problem("ports:\n  - name: a\n    speck: tap:x\n"))
        .isEqualTo("3:5: ports[0]: expected one of name, spec, got 'speck'");
    assertThat(problem("ports:\n  - name: a\n"))
        .isEqualTo("2:5: ports[0]: expected key 'spec', missing");
    assertThat(problem("ports:\n  - {name: a, spec: 'tap:x'}\n  - {name: a, spec: 'tap:y'}\n"))
        .isEqualTo("3:12: ports[1].name: duplicate port name 'a'");
    assertThat(problem("ports:\n  - {name: 0a, spec: 'tap:x'}\n"))
        .startsWith("2:12: ports[0].name: expected a letter");
    assertThat(problem("ports: [{name: a, spec: 'tap:x'}]\nrules:\n  b: []\n"))
        .isEqualTo("3:6: rules: expected a port named in 'ports' (a), got 'b'");
    assertThat(problem("ports: [{name: a, spec: 'tap:x'}]\ntenants: []\n"))
        .isEqualTo("2:1: (top): expected one of ports, rules, got 'tenants'");
    assertThat(
            problem(
                "ports: [{name: a, spec: 'tap:x'}]\nrules:\n  a:\n    - priority: high\n"
                    + "      pattern: eth\n      actions: drop\n"))
        .isEqualTo("4:17: rules.a[0].priority: expected a number 0..4294967295, got 'high'");
  }

  @Test
  void shouldReportYamlSyntaxErrorsWithPosition() throws IOException {
    assertThat(problem("ports:\n  - name: [a\n")).matches("3:1: .+");
    assertThat(problem("ports: {a: 1, a: 2}\n")).startsWith("1:8: ports: expected a list");
  }

  @Test
  void shouldLoadARulesFileForApply() throws IOException {
    final Path file = dir.resolve("rules.yaml");
    Files.writeString(
        file, "rules:\n  uplink:\n    - ingress pattern eth / end actions drop / end\n");
    assertThat(RulesSection.load(file))
        .containsOnlyKeys("uplink")
        .containsEntry("uplink", List.of(rule("ingress pattern eth / end actions drop / end")));
  }
}
