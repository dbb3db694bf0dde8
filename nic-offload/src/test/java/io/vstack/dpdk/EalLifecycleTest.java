package io.vstack.dpdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.vstack.netns.ThisJvm;
import java.util.List;
import org.junit.jupiter.api.Test;

/** EAL start failures and cleanup, each in a child JVM (the EAL lives once per process). */
class EalLifecycleTest {
  @Test
  void shouldSurfaceDpdksReasonAndStayFailedWhenEalInitFails() {
    final List<String> lines = probe("bad-args");
    assertThat(lines.get(0))
        .startsWith("DpdkException: rte_eal_init [")
        .contains("--vdev=net_bogus0")
        .endsWith("failed: No such device (errno 19)");
    assertThat(lines.get(1))
        .startsWith(
            "IllegalStateException: rte_eal_init already failed in"
                + " this process: rte_eal_init [");
  }

  @Test
  void shouldRefuseToStartAgainWhenCleanedUp() {
    final List<String> lines = probe("cleanup");
    assertThat(lines)
        .containsExactly(
            "started 0",
            "cleaned up",
            "IllegalStateException: the DPDK EAL was cleaned up; it cannot run again in this process",
            "IllegalStateException: the DPDK EAL was cleaned up; it cannot run again in this process");
  }

  private static List<String> probe(final String mode) {
    final String out = ExternalTools.run(60, ThisJvm.command(EalProbe.class.getName(), mode));
    return out.lines()
        .filter(line -> !line.startsWith("EAL:") && !line.startsWith("TELEMETRY"))
        .toList();
  }
}
