package io.vstack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vstack.config.VstackConfig;
import io.vstack.daemon.Daemon;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 2, unit = TimeUnit.MINUTES)
class FlowCliTest {
  @TempDir Path dir;
  private final CliRun cli = new CliRun();
  private Daemon daemon;
  private Thread serving;

  @AfterEach
  void stopDaemon() throws InterruptedException {
    if (daemon != null) {
      daemon.close();
      serving.join(10_000);
    }
  }

  private Map<String, Object> json() {
    return cli.json();
  }

  private int vstack(final String... args) {
    return cli.vstack(args);
  }

  /** A daemon in this JVM (the separate-process daemon is DaemonEndToEndTest's). */
  private Path startDaemon(final String configText) throws IOException {
    final Path config = dir.resolve("vstack.yaml");
    Files.writeString(config, configText);
    final Path socket = dir.resolve("vstack.sock");
    daemon =
        Daemon.start(
            VstackConfig.load(config),
            socket,
            dir,
            Duration.ofSeconds(30),
            new PrintStream(PrintStream.nullOutputStream()));
    serving = Thread.ofPlatform().name("test-daemon").start(daemon::run);
    return socket;
  }

  @Test
  void shouldShowColumnAndCaretWhenDryRunRuleIsWrong() {
    assertThat(
            vstack(
                "flow",
                "create",
                "--dry-run",
                "0",
                "ingress",
                "pattern",
                "eth",
                "/",
                "ipv5",
                "/",
                "end",
                "actions",
                "drop",
                "/",
                "end"))
        .isEqualTo(ExitCodes.USAGE);
    assertThat(cli.err().lines().toList())
        .containsExactly(
            "vstack: bad rule: column 23: expected 'end' or a pattern item (eth, vlan, ipv4, ipv6,"
                + " udp, tcp, icmp, vxlan, geneve, mark, meta, port_id, represented_port), got 'ipv5'",
            "  ingress pattern eth / ipv5 / end actions drop / end",
            "                        ^");
    assertThat(cli.out()).isEmpty();
  }

  @Test
  void shouldValidateOfflineWhenDryRunRuleIsGood() {
    assertThat(
            vstack(
                "flow",
                "validate",
                "--dry-run",
                "--json",
                "3",
                "ingress pattern eth / ipv4 src is 10.0.0.1 / end actions queue index 0 / end"))
        .as("stderr: %s", cli.err())
        .isEqualTo(ExitCodes.OK);
    assertThat(json())
        .containsEntry("dryRun", true)
        .containsEntry("port", "3")
        .containsEntry("backend", "sw")
        .containsEntry(
            "rule", "ingress pattern eth / ipv4 src is 10.0.0.1 / end actions queue index 0 / end");
    assertThat(
            vstack(
                "flow", "create", "--dry-run", "0", "egress pattern eth / end actions drop / end"))
        .isEqualTo(ExitCodes.FAILED);
    assertThat(cli.err().strip())
        .isEqualTo(
            "vstack: sw: software offload runs ingress rules only (egress and transfer need a NIC)");
  }

  @Test
  void shouldExitThreeWithOneLineWhenDaemonIsNotRunning() {
    final Path socket = dir.resolve("missing.sock");
    assertThat(vstack("flow", "flush", "0", "--socket", socket.toString()))
        .isEqualTo(ExitCodes.UNREACHABLE);
    assertThat(cli.err())
        .isEqualTo(
            "vstack: cannot reach the daemon at "
                + socket
                + " (is 'vstack daemon' running?)"
                + System.lineSeparator());
  }

  @Test
  void shouldPutCaretUnderTheDaemonsColumnWhenTheDaemonRefusesSyntax() throws IOException {
    final Path socket = startDaemon("ports: [{name: p, spec: 'memory:p'}]\n");
    assertThat(vstack("flow", "isolate", "p", "1", "--socket", socket.toString())).isZero();
    assertThat(cli.out().strip())
        .isEqualTo("Port p isolated, backend: sw (hw: memory port has no NIC flow offload)");
    assertThat(vstack("flow", "isolate", "p", "2", "--socket", socket.toString()))
        .isEqualTo(ExitCodes.USAGE);
    assertThat(vstack("flow", "list", "q", "--socket", socket.toString()))
        .isEqualTo(ExitCodes.USAGE);
    assertThat(cli.err().strip()).isEqualTo("vstack: no port \"q\" (ports: 0=p)");
  }

  @Test
  void shouldApplyDesiredStateIdempotentlyWhenRunTwice() throws IOException {
    final Path socket =
        startDaemon(
            """
            ports: [{name: up, spec: 'memory:up'}, {name: down, spec: 'memory:down'}]
            rules:
              up:
                - ingress pattern eth / ipv6 / end actions drop / end
                - priority 1 ingress pattern eth / end actions count / end
            """);
    final Path rules = dir.resolve("rules.yaml");
    Files.writeString(
        rules,
        """
        rules:
          up:
            - ingress pattern eth / ipv4 / end actions queue index 1 / end
            - priority 1 ingress pattern eth / end actions count / end
          down:
            - ingress pattern eth / ipv4 / tcp dst is 22 / end actions drop / end
        """);
    assertThat(vstack("flow", "apply", rules.toString(), "--socket", socket.toString()))
        .as("stderr: %s", cli.err())
        .isZero();
    assertThat(cli.out().lines().toList())
        .containsExactly(
            "port up: destroyed rule #0: ingress pattern eth / ipv6 / end actions drop / end",
            "port up: created rule #2: ingress pattern eth / ipv4 / end actions queue index 1 / end"
                + " (backend: sw (hw: memory port has no NIC flow offload))",
            "port down: created rule #0: ingress pattern eth / ipv4 / tcp dst is 22 / end actions"
                + " drop / end (backend: sw (hw: memory port has no NIC flow offload))");

    assertThat(vstack("flow", "apply", rules.toString(), "--socket", socket.toString())).isZero();
    assertThat(cli.out()).as("second apply changes nothing").isEmpty();
    assertThat(vstack("flow", "apply", "--json", rules.toString(), "--socket", socket.toString()))
        .isZero();
    assertThat(json())
        .containsEntry(
            "ports",
            List.of(
                Map.of("port", "up", "steps", List.of()),
                Map.of("port", "down", "steps", List.of())));

    Files.writeString(rules, "rules:\n  up: []\n");
    assertThat(vstack("flow", "apply", "--json", rules.toString(), "--socket", socket.toString()))
        .isZero();
    final Map<?, ?> port = (Map<?, ?>) ((List<?>) ((Map<?, ?>) cli.json()).get("ports")).get(0);
    assertThat((List<?>) port.get("steps"))
        .hasSize(2)
        .allMatch(s -> "destroy".equals(((Map<?, ?>) s).get("step")));
    assertThat(vstack("flow", "list", "up", "--socket", socket.toString(), "--json")).isZero();
    assertThat((List<?>) ((Map<?, ?>) cli.json()).get("rules")).isEmpty();
  }

  @Test
  void shouldReportFilePositionWhenApplyFileIsWrong() throws IOException {
    final Path rules = dir.resolve("rules.yaml");
    Files.writeString(
        rules, "rules:\n  up:\n    - ingress pattern eth / end actions queue 3 / end\n");
    assertThat(vstack("flow", "apply", "--dry-run", rules.toString())).isEqualTo(ExitCodes.USAGE);
    assertThat(cli.err().strip())
        .isEqualTo(
            "vstack: "
                + rules
                + ":3:47: rules.up[0]: expected 'index' or '/' after 'queue', got '3'");
  }

  @Test
  void shouldRefuseToStartTheDaemonWithFilePositionWhenTheConfigIsWrong() throws IOException {
    final Path config = dir.resolve("bad.yaml");
    Files.writeString(config, "ports:\n  - name: up\n    spec: nic:0\n");
    final Path socket = dir.resolve("d.sock");
    assertThat(vstack("daemon", "--config", config.toString(), "--socket", socket.toString()))
        .isEqualTo(ExitCodes.USAGE);
    assertThat(cli.err().strip())
        .isEqualTo(
            "vstack: "
                + config
                + ":3:11: ports[0].spec: expected memory:NAME, tap:NAME, packet:IFACE, pcap:FILE or"
                + " dpdk:DEVICE[,ARGS], got 'nic:0'");
    assertThat(socket).doesNotExist();
  }

  @Test
  void shouldSayWhySimulateCannotReadItsFiles() throws IOException {
    final Path trace = dir.resolve("none.pcap");
    final Path rules = dir.resolve("rules.txt");
    Files.writeString(rules, "ingress pattern eth / end actions drop / end\n");
    assertThat(vstack("flow", "simulate", "--trace", trace.toString(), dir.toString()))
        .isEqualTo(ExitCodes.USAGE);
    assertThat(cli.err().strip()).isEqualTo("vstack: " + dir + ": Is a directory");
    assertThat(vstack("flow", "simulate", "--trace", dir.toString(), rules.toString()))
        .isEqualTo(ExitCodes.USAGE);
    assertThat(cli.err().strip()).contains(dir.toString()).doesNotContain("Exception");
  }

  @Test
  void shouldListEveryFlowCommandInCompletionScript() {
    assertThat(vstack("generate-completion")).isZero();
    final String script = cli.out();
    for (final String command :
        List.of(
            "daemon",
            "flow",
            "validate",
            "create",
            "list",
            "query",
            "destroy",
            "flush",
            "isolate",
            "apply",
            "simulate")) {
      assertThat(script).contains(command);
    }
    assertThat(script).contains("--dry-run", "--socket", "--trace");
  }
}
