package io.vstack.netns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class NetworkNamespaceTest {
  @Test
  void shouldRunCommandsInsideAndDisappearWhenClosed() {
    final NetworkNamespace ns = NetworkNamespace.create("vsp");
    try {
      assertThat(ns.name()).startsWith("vsp-").hasSize(24);
      assertThat(ns.exists()).isTrue();
      assertThat(ns.exec("ip", "-o", "link", "show").stdout().lines())
          .hasSize(1)
          .first()
          .asString()
          .contains("lo:")
          .contains("UP");
      ns.exec("ip", "link", "add", "vspinner0", "type", "veth", "peer", "name", "vspinner1");
      assertThat(ns.exec("ip", "link", "show").stdout()).contains("vspinner0");
      assertThat(Commands.run("ip", "link", "show").stdout())
          .as("the host does not see it")
          .doesNotContain("vspinner0");
    } finally {
      ns.close();
    }
    assertThat(ns.exists()).isFalse();
    ns.close();
  }

  @Test
  void shouldMoveALinkIntoTheNamespace() {
    final String link = NetworkNamespace.randomName("vsp", 15);
    final String peer = NetworkNamespace.randomName("vsp", 15);
    try (NetworkNamespace ns = NetworkNamespace.create("vsp")) {
      Commands.run("ip", "link", "add", link, "type", "veth", "peer", "name", peer);
      ns.moveLink(link);
      assertThat(ns.exec("ip", "link", "show", link).stdout()).contains(link);
      assertThat(Commands.run(Duration.ofSeconds(10), "ip", "link", "show", link).exitCode())
          .isNotZero();
    } finally {
      // deleting the namespace destroyed the veth end inside and so the pair; this only acts on
      // failure
      Commands.run(Duration.ofSeconds(10), "ip", "link", "del", peer);
    }
    assertThat(Commands.run(Duration.ofSeconds(10), "ip", "link", "show", peer).exitCode())
        .isNotZero();
  }

  @Test
  void shouldFailWithTheCommandsStderrWhenItExitsNonZero() {
    try (NetworkNamespace ns = NetworkNamespace.create("vsp")) {
      assertThatThrownBy(() -> ns.exec("ip", "link", "show", "vsp-no-such-link"))
          .isInstanceOf(CommandException.class)
          .hasMessageContaining("exited 1")
          .hasMessageContaining("does not exist");
    }
  }

  @Test
  void shouldKillAndFailACommandThatOutlivesItsTimeout() {
    final long start = System.nanoTime();
    assertThatThrownBy(() -> Commands.run(Duration.ofMillis(300), "sleep", "30"))
        .isInstanceOf(CommandException.class)
        .hasMessageContaining("did not finish within PT0.3S");
    assertThat(System.nanoTime() - start).isLessThan(Duration.ofSeconds(10).toNanos());
  }

  @Test
  void shouldNameTheDebianPackageWhenAToolIsMissing() {
    assertThatThrownBy(() -> RequiredTool.require("vsp-no-such-tool"))
        .isInstanceOf(CommandException.class)
        .hasMessageContaining("vsp-no-such-tool not found on PATH");
    assertThat(RequiredTool.missing("dumpcap")).contains("apt-get install wireshark-common");
    assertThat(RequiredTool.missing("ip")).contains("apt-get install iproute2");
    assertThat(RequiredTool.require("tshark")).endsWith("/tshark");
  }

  @Test
  void shouldRejectPrefixesThatLeaveTooLittleRandomness() {
    assertThat(NetworkNamespace.randomName("vsp", 15)).matches("vsp[0-9a-f]{12}");
    assertThatThrownBy(() -> NetworkNamespace.randomName("vsp-very-long-", 15))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
