package io.vstack.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.vstack.cli.CliRun;
import io.vstack.cli.ExitCodes;
import io.vstack.netns.Commands;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon (a separate JVM, driven by the real CLI) with a {@code dpdk:} port: DPDK's net_tap on
 * a TAP of its own. This kernel lacks TC flower, so net_tap validates a steering rule but {@code
 * rte_flow_create} is refused; the capability probe must then place the rule in software and {@code
 * vstack flow list} must say so with DPDK's own text.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class DaemonDpdkEndToEndTest {
  private static final String STEER =
      "ingress pattern eth / ipv4 / end actions queue index 0 / end";
  private static final String KERNEL_REFUSAL =
      "hw: rte_flow_create: overlapping rules or Kernel too old for flower support";

  @TempDir Path dir;
  private final CliRun cli = new CliRun();

  private Map<String, Object> vstackJson(final Path socket, final String... args) {
    final List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--socket", socket.toString(), "--json"));
    assertThat(cli.vstack(all.toArray(String[]::new)))
        .as("stderr: %s", cli.err())
        .isEqualTo(ExitCodes.OK);
    return cli.json();
  }

  private static boolean linkExists(final String name) {
    return Commands.run(Duration.ofSeconds(10), "ip", "link", "show", "dev", name).exitCode() == 0;
  }

  @Test
  void shouldPlaceTheRuleInSoftwareWithDpdksReasonWhenTheKernelRefusesCreateOnANetTapPort()
      throws Exception {
    final String tap = String.format("vsy%08x", ThreadLocalRandom.current().nextInt());
    final Path config = dir.resolve("vstack.yaml");
    Files.writeString(
        config,
        """
        ports:
          - name: nic
            spec: dpdk:net_tap0,iface=%s
          - name: loop
            spec: memory:loop
        """
            .formatted(tap));
    final Path socket = dir.resolve("vstack.sock");
    try (DaemonProcess daemon = DaemonProcess.start(config, socket, dir)) {
      assertThat(linkExists(tap)).as("net_tap made its TAP: %s", daemon.log()).isTrue();

      final Map<String, Object> validated = vstackJson(socket, "flow", "validate", "nic", STEER);
      assertThat(validated).containsEntry("backend", "hw");
      assertThat(cli.vstack("flow", "validate", "nic", STEER, "--socket", socket.toString()))
          .isEqualTo(ExitCodes.OK);
      assertThat(cli.out().strip()).isEqualTo("Flow rule validated on port nic, backend: hw");

      final Map<String, Object> created = vstackJson(socket, "flow", "create", "nic", STEER);
      assertThat(created).containsEntry("id", 0L).containsEntry("backend", "sw");
      assertThat(created).containsEntry("reason", KERNEL_REFUSAL);

      final List<?> rules = (List<?>) vstackJson(socket, "flow", "list", "nic").get("rules");
      assertThat(rules).hasSize(1);
      final Map<?, ?> listed = (Map<?, ?>) rules.getFirst();
      assertThat(listed.get("rule")).isEqualTo(STEER);
      assertThat(listed.get("backend")).isEqualTo("sw");
      assertThat(listed.get("reason")).isEqualTo(created.get("reason"));
      assertThat(cli.vstack("flow", "list", "nic", "--socket", socket.toString()))
          .isEqualTo(ExitCodes.OK);
      final List<String> lines = cli.out().lines().toList();
      assertThat(lines).hasSize(2);
      assertThat(lines.get(1))
          .contains("sw (" + KERNEL_REFUSAL + ")")
          .contains("pattern eth / ipv4 / end actions queue index 0 / end");

      final Map<String, Object> onMemory = vstackJson(socket, "flow", "create", "loop", STEER);
      assertThat(onMemory)
          .as("ports without DPDK keep their own reason")
          .containsEntry("backend", "sw")
          .containsEntry("reason", "hw: memory port has no NIC flow offload");

      assertThat(daemon.terminate()).isEqualTo(143);
      assertThat(daemon.log()).contains("vstack daemon: stopped");
      assertThat(linkExists(tap)).as("closing the port removes the TAP").isFalse();
    } finally {
      if (linkExists(tap)) {
        Commands.run(Duration.ofSeconds(10), "ip", "link", "del", "dev", tap);
      }
    }
  }
}
