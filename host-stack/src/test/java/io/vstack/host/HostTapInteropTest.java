package io.vstack.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.vstack.netns.Commands;
import io.vstack.netns.NetworkNamespace;
import io.vstack.pcap.Tshark;
import io.vstack.port.TapPort;
import io.vstack.wire.Ipv4Address;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.status.AtomicCounter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Linux kernel as the peer of a vstack host: a TAP whose kernel side is in a fresh network
 * namespace; {@code arping} and {@code ping} run there, tcpdump captures what vstack answers, and
 * tshark checks every reply is well formed.
 */
class HostTapInteropTest {
  private static final String VSTACK_IP = "198.51.100.1";
  private static final String LINUX_IP = "198.51.100.2";
  private static final long VSTACK_MAC = 0x0200_0000_0033L;

  @TempDir Path dir;

  @Test
  void shouldAnswerEveryArpingAndPingFromLinuxWithWellFormedReplies() throws Exception {
    final String tap = NetworkNamespace.randomName("vsh", TapPort.MAX_NAME_LENGTH);
    final Path capture = dir.resolve("tap.pcap");
    try (TapPort port = TapPort.open(tap);
        NetworkNamespace ns = NetworkNamespace.create("vsh")) {
      ns.moveLink(tap);
      ns.exec("ip", "addr", "add", LINUX_IP + "/24", "dev", tap);
      ns.exec("ip", "link", "set", tap, "up");
      final HostAgent host =
          new HostAgent(
              new HostContext().port(port).mac(VSTACK_MAC).address(Ipv4Address.parse(VSTACK_IP)));
      final List<Throwable> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
      final ErrorHandler onError = errors::add;
      try (AgentRunner runner =
              new AgentRunner(new BackoffIdleStrategy(), onError, (AtomicCounter) null, host);
          Commands.Background tcpdump =
              ns.start(
                  "tcpdump",
                  "-i",
                  tap,
                  "-n",
                  "-U",
                  "--immediate-mode",
                  "-w",
                  capture.toString(),
                  "src",
                  VSTACK_IP,
                  "or",
                  "arp")) {
        AgentRunner.startOnThread(runner);
        awaitListening(tcpdump);

        final Commands.Result arping =
            ns.exec(Duration.ofSeconds(30), "arping", "-c", "10", "-w", "20", "-I", tap, VSTACK_IP);
        final Commands.Result ping =
            ns.exec(
                Duration.ofSeconds(60),
                "ping",
                "-n",
                "-c",
                "100",
                "-i",
                "0.01",
                "-W",
                "2",
                VSTACK_IP);

        assertThat(arping.exitCode()).as("arping: %s", arping.stdout()).isZero();
        assertThat(arping.stdout()).contains("10 packets transmitted, 10 packets received");
        assertThat(ping.stdout())
            .as(ping.stdout())
            .contains("100 packets transmitted, 100 received, 0% packet loss");
        Thread.sleep(200); // let tcpdump write the last replies before it stops
        tcpdump.stop(Duration.ofSeconds(5));
      }
      assertThat(errors).isEmpty();
      assertThat(host.counters().echoRequestsAnswered()).isEqualTo(100);
      assertThat(host.counters().arpRequestsAnswered()).isGreaterThanOrEqualTo(10);
    }

    Tshark.assertNoExpertWarnings(capture);
    final List<List<String>> replies =
        Tshark.fields(
            capture, "ip.src", "icmp.type", "icmp.seq", "arp.opcode", "arp.src.proto_ipv4");
    assertThat(replies.stream().filter(r -> r.get(0).equals(VSTACK_IP) && r.get(1).equals("0")))
        .as("echo replies from vstack")
        .hasSize(100);
    assertThat(
            replies.stream()
                .filter(r -> r.get(3).equals("2") && r.get(4).equals(VSTACK_IP))
                .count())
        .as("ARP replies from vstack")
        .isGreaterThanOrEqualTo(10);
  }

  private static void awaitListening(final Commands.Background tcpdump)
      throws InterruptedException {
    final long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!tcpdump.stderrSoFar().contains("listening on") && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(tcpdump.stderrSoFar()).as("tcpdump started").contains("listening on");
  }
}
