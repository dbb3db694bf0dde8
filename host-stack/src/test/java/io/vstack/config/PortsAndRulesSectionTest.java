package io.vstack.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vstack.flow.FlowRule;
import io.vstack.flow.syntax.FlowSyntax;
import io.vstack.port.PortSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ports} and {@code rules} sections of vstack.yaml, and a rules-only file for {@code
 * vstack flow apply}: both rule forms, exact file columns of errors.
 */
class PortsAndRulesSectionTest {
  @TempDir Path dir;

  private Path write(final String text) throws IOException {
    final Path file = dir.resolve("vstack.yaml");
    Files.writeString(file, text);
    return file;
  }

  private String problem(final String text) throws IOException {
    final Path file = write(text);
    try {
      VstackConfig.load(file);
    } catch (final ConfigException e) {
      assertThat(e.getMessage()).doesNotContain("\n").startsWith(file + ":");
      return e.getMessage().substring(file.toString().length() + 1);
    }
    throw new AssertionError("no problem reported for:\n" + text);
  }

  @Test
  void shouldLoadPortsAndBothRuleFormsWhenValid() throws IOException {
    final VstackConfig config =
        VstackConfig.load(
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
            new PortDefinition(0, "uplink", new PortSpec(PortSpec.Kind.TAP, "vsc0")),
            new PortDefinition(1, "loop", new PortSpec(PortSpec.Kind.MEMORY, "loop")));
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
            "3:11: ports[0].spec: expected memory:NAME, tap:NAME, packet:IFACE, pcap:FILE or"
                + " dpdk:DEVICE[,ARGS], got 'nic:0'");
    assertThat(problem("ports:\n  - name: a\n    spec: tap:a234567890123456\n"))
        .isEqualTo(
            "3:11: ports[0].spec: expected a name of at most 15 characters, got"
                + " 'a234567890123456'");
    assertThat(problem("ports:\n  - name: a\n    spec: 'dpdk:'\n"))
        .isEqualTo("3:11: ports[0].spec: port 'dpdk:' names no device");
    assertThat(problem("ports:\n  - name: a\n    speck: tap:x\n"))
        .isEqualTo("3:5: ports[0].speck: unknown key; allowed: name, spec");
    assertThat(problem("ports:\n  - name: a\n"))
        .isEqualTo("2:5: ports[0]: missing key \"spec\" (KIND:ARGUMENT)");
    assertThat(problem("ports: []\n"))
        .isEqualTo("1:8: ports: expected at least one port, got an empty list");
    assertThat(problem("ports:\n  - {name: a, spec: 'tap:x'}\n  - {name: a, spec: 'tap:y'}\n"))
        .isEqualTo("3:12: ports[1].name: duplicate port name a (first at ports[0].name, line 2)");
    assertThat(problem("ports:\n  - {name: 0a, spec: 'tap:x'}\n"))
        .isEqualTo(
            "2:12: ports[0].name: expected a letter then up to 31 letters, digits, '_', '.' or"
                + " '-', got '0a'");
    assertThat(problem("ports: [{name: a, spec: 'tap:x'}]\nrules:\n  b: []\n"))
        .isEqualTo("3:3: rules.b: expected a port named in 'ports' (a), got 'b'");
    assertThat(problem("ports: [{name: a, spec: 'tap:x'}]\nlanes: 2\n"))
        .isEqualTo("2:1: lanes: unknown key; allowed: host, tenants, vteps, ports, rules");
    assertThat(
            problem(
                "ports: [{name: a, spec: 'tap:x'}]\nrules:\n  a:\n    - priority: high\n"
                    + "      pattern: eth\n      actions: drop\n"))
        .isEqualTo("4:17: rules.a[0].priority: expected an integer 0..4294967295, got 'high'");
  }

  @Test
  void shouldReadPortsAndRulesNextToTheHostSectionsWhenInOneFile() throws IOException {
    final VstackConfig config =
        VstackConfig.load(
            write(
                """
                host:
                  underlay: {ipv4: 192.0.2.1, mac: "02:00:00:00:00:01"}
                  overlay: {protocol: vxlan}
                tenants:
                  - {id: 1, name: blue, vni: 100, interfaces: []}
                ports:
                  - {name: uplink, spec: "packet:eth0"}
                rules:
                  uplink: [ingress pattern eth / end actions drop / end]
                """));
    assertThat(config.tenants().size()).isEqualTo(1);
    assertThat(config.vteps()).isNotNull();
    assertThat(config.ports())
        .containsExactly(
            new PortDefinition(0, "uplink", new PortSpec(PortSpec.Kind.PACKET, "eth0")));
    assertThat(config.rules())
        .containsExactly(
            java.util.Map.entry(
                "uplink", List.of(rule("ingress pattern eth / end actions drop / end"))));
  }

  @Test
  void shouldNeedNoHostWhenTheFileOnlyListsPortsButNeedItForTenants() throws IOException {
    final VstackConfig config = VstackConfig.load(write("ports: [{name: a, spec: 'memory:a'}]\n"));
    assertThat(config.host()).isNull();
    assertThat(config.vteps()).isNull();
    assertThat(config.rules()).containsExactly(java.util.Map.entry("a", List.of()));
    assertThat(problem("ports: [{name: a, spec: 'memory:a'}]\ntenants: []\n"))
        .isEqualTo("1:1: missing key \"host\" (the host's underlay address and overlay protocol)");
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

  @Test
  void shouldTakeOnlyTheRulesKeyWhenReadingARulesFile() throws IOException {
    final Path file = dir.resolve("rules.yaml");
    Files.writeString(file, "ports: [{name: a, spec: 'tap:x'}]\n");
    assertThatThrownBy(() -> RulesSection.load(file))
        .isInstanceOf(ConfigException.class)
        .hasMessage(file + ":1:1: ports: unknown key; allowed: rules");
    Files.writeString(
        file, "rules:\n  up:\n    - ingress pattern eth / end actions queue 3 / end\n");
    assertThatThrownBy(() -> RulesSection.load(file))
        .hasMessage(file + ":3:47: rules.up[0]: expected 'index' or '/' after 'queue', got '3'");
  }

  @Test
  void shouldRefuseFilesThatAreNotUtf8OrTooLargeBeforeParsing() throws IOException {
    final Path binary = dir.resolve("binary.yaml");
    Files.write(binary, new byte[] {'p', 'o', 'r', 't', 's', ':', ' ', (byte) 0xC3, (byte) 0x28});
    assertThatThrownBy(() -> VstackConfig.load(binary))
        .isInstanceOf(ConfigException.class)
        .hasMessage(binary + ": not UTF-8 text");
    final Path large = dir.resolve("large.yaml");
    Files.write(large, new byte[(int) VstackConfig.MAX_FILE_BYTES + 1]);
    assertThatThrownBy(() -> RulesSection.load(large))
        .isInstanceOf(ConfigException.class)
        .hasMessage(large + ": larger than " + VstackConfig.MAX_FILE_BYTES + " bytes");
  }
}
