package io.vstack.fastpath;

import static io.vstack.overlay.OverlayLab.LINUX_UNDERLAY;
import static io.vstack.overlay.OverlayLab.VSTACK_UNDERLAY;
import static io.vstack.overlay.OverlayLab.VSTACK_UNDERLAY_MAC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.vstack.http.HttpFileServer;
import io.vstack.http.HttpInteropTest;
import io.vstack.netns.Commands;
import io.vstack.netns.NetworkNamespace;
import io.vstack.overlay.OverlayLab;
import io.vstack.overlay.OverlaySettings;
import io.vstack.overlay.VtepTable;
import io.vstack.stack.LinuxTcpLab;
import io.vstack.stack.StreamPump;
import io.vstack.tcp.TcpEngine;
import io.vstack.tcp.TcpState;
import io.vstack.tenant.TenantDrop;
import io.vstack.tenant.TenantRegistry;
import io.vstack.wire.Ipv4Address;
import io.vstack.wire.OverlayProtocol;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Linux as the remote overlay host: a namespace with a Linux {@code vxlan} device (VNI 100, dstport
 * 4789) on the kernel side of a TAP whose other side is a {@link FusedFastPath}. Linux's own TCP
 * talks to the vstack tenant through the overlay, and {@code curl} downloads from an {@link
 * HttpFileServer} running on the tenant's engine.
 */
@Timeout(600)
class FusedLinuxInteropTest {
  private static final String PREFIX = "vf";
  private static final String TENANT_VIP = "10.0.0.1";
  private static final String LINUX_VIP = "10.0.0.2";
  private static final int VNI = 100;
  private static final long BYTES = 64L << 20;
  private static final Duration TIMEOUT = Duration.ofSeconds(240);

  @TempDir Path dir;

  @Test
  void shouldAnswerPingAndCarry64MibEachWayIntactWhenLinuxConnectsThroughItsVxlanDevice() {
    try (OverlayLab lab = new OverlayLab(PREFIX);
        FusedFastPath fastPath = fastPath(lab, OverlayProtocol.VXLAN)) {
      final NetworkNamespace linux = lab.vxlan(VNI, LINUX_VIP + "/24", false).ns();
      try (Commands.Background ping =
          linux.start("ping", "-n", "-c", "3", "-i", "0.2", "-W", "2", TENANT_VIP)) {
        run(fastPath, () -> !ping.process().isAlive(), Duration.ofSeconds(30), "ping");
        final Commands.Result result = ping.await(Duration.ofSeconds(5));
        assertThat(result.exitCode())
            .as("ping (package iputils-ping): %s", result.stdout())
            .isZero();
      }
      assertThat(fastPath.counters().echoAnswered()).isEqualTo(3);
      transferFromLinuxClient(fastPath, linux, 5001);
      assertThat(fastPath.counters().rxTenant(TenantDrop.SPOOFED_SOURCE_IP)).isZero();
      assertThat(fastPath.counters().proxyArpAnswered())
          .as("Linux asked for the tenant vMAC")
          .isPositive();
      assertThat(fastPath.counters().underlayArpAnswered()).isPositive();
    }
  }

  @Test
  void shouldCarryBothDirectionsIntactWhenTheTenantConnectsToLinuxFirst() {
    try (OverlayLab lab = new OverlayLab(PREFIX);
        FusedFastPath fastPath = fastPath(lab, OverlayProtocol.VXLAN)) {
      final NetworkNamespace linux = lab.vxlan(VNI, LINUX_VIP + "/24", false).ns();
      final long bytes = 16L << 20;
      try (Commands.Background server =
          linux.start(
              LinuxTcpLab.PYTHON,
              "-c",
              LinuxTcpLab.PUMP,
              "server",
              LINUX_VIP,
              "5002",
              Long.toString(bytes),
              "3",
              "send")) {
        LinuxTcpLab.awaitListening(server);
        final TcpEngine engine = fastPath.engine(0);
        final int id =
            engine.connect(
                Ipv4Address.parse(TENANT_VIP),
                41_000,
                Ipv4Address.parse(LINUX_VIP),
                5002,
                fastPath.now());
        // The first SYNs find neither the underlay MAC of Linux's VTEP nor the inner MAC of its
        // vIP: both are resolved by ARP (underlay, then inner through the overlay), TCP retries.
        run(
            fastPath,
            () -> engine.state(id) == TcpState.ESTABLISHED,
            Duration.ofSeconds(30),
            "connect");
        final StreamPump pump = new StreamPump(engine, id, bytes, 4, false);
        run(
            fastPath,
            () -> pump.step(fastPath.now()) && !server.process().isAlive(),
            TIMEOUT,
            "transfer");
        assertMatches(server.await(Duration.ofSeconds(5)), pump, bytes);
      }
      assertThat(fastPath.counters().drops(FastPathDrop.NO_INNER_NEIGHBOR)).isPositive();
    }
  }

  @Test
  void shouldServeAFileThatCurlDownloadsWithTheSameSha256ThroughTheOverlay() throws IOException {
    final Path served = Files.createDirectories(dir.resolve("www"));
    final long fileBytes = 32L << 20;
    final String sha = HttpInteropTest.writeRandomFile(served.resolve("blob.bin"), fileBytes);
    final Path downloaded = dir.resolve("curl.out");
    try (OverlayLab lab = new OverlayLab(PREFIX);
        FusedFastPath fastPath = fastPath(lab, OverlayProtocol.VXLAN);
        HttpFileServer server =
            new HttpFileServer(
                fastPath.engine(0), Ipv4Address.parse(TENANT_VIP), 8080, served, 4)) {
      final NetworkNamespace linux = lab.vxlan(VNI, LINUX_VIP + "/24", false).ns();
      try (Commands.Background curl =
          linux.start(
              "curl",
              "-sS",
              "--max-time",
              "200",
              "-o",
              downloaded.toString(),
              "-w",
              "%{http_code} %{size_download}",
              "http://" + TENANT_VIP + ":8080/blob.bin")) {
        run(
            fastPath,
            () -> {
              server.doWork(fastPath.now());
              return !curl.process().isAlive();
            },
            TIMEOUT,
            "curl");
        final Commands.Result result = curl.await(Duration.ofSeconds(5));
        assertThat(result.exitCode()).as("curl (package curl): %s", result.stderr()).isZero();
        assertThat(result.stdout().strip()).isEqualTo("200 " + fileBytes);
        assertThat(HttpInteropTest.sha256(downloaded)).isEqualTo(sha);
        assertThat(server.responses()).isEqualTo(1);
      }
    }
  }

  @Test
  void shouldCarryTcpThroughGeneveWhenTheKernelHasAGeneveDevice() {
    try (NetworkNamespace probe = NetworkNamespace.create(PREFIX)) {
      final Commands.Result added =
          probe.exec(
              Duration.ofSeconds(10),
              "ip",
              "link",
              "add",
              "vfgeneve0",
              "type",
              "geneve",
              "id",
              "1",
              "remote",
              "192.0.2.9");
      Assumptions.assumeTrue(
          added.exitCode() == 0,
          "kernel has no geneve device ("
              + added.stderr().strip()
              + "): the Geneve TCP test needs one; our Geneve is checked against scapy in"
              + " OverlayScapyInteropTest");
    }
    try (OverlayLab lab = new OverlayLab(PREFIX);
        FusedFastPath fastPath = fastPath(lab, OverlayProtocol.GENEVE)) {
      final String device = NetworkNamespace.randomName(PREFIX + "g", 15);
      lab.underlay.exec(
          "ip",
          "link",
          "add",
          device,
          "type",
          "geneve",
          "id",
          String.valueOf(VNI),
          "remote",
          VSTACK_UNDERLAY);
      lab.underlay.exec("ip", "addr", "add", LINUX_VIP + "/24", "dev", device);
      lab.underlay.exec("ip", "link", "set", device, "up");
      transferFromLinuxClient(fastPath, lab.underlay, 5003);
    }
  }

  /** Linux connects and sends {@link #BYTES} while the tenant sends as many back; SHA-256 equal. */
  private static void transferFromLinuxClient(
      final FusedFastPath fastPath, final NetworkNamespace linux, final int port) {
    final TcpEngine engine = fastPath.engine(0);
    final int listener = engine.listen(Ipv4Address.parse(TENANT_VIP), port, 4);
    try (Commands.Background client =
        linux.start(
            LinuxTcpLab.PYTHON,
            "-c",
            LinuxTcpLab.PUMP,
            "client",
            TENANT_VIP,
            Integer.toString(port),
            Long.toString(BYTES),
            "1",
            "send")) {
      final int[] id = {-1};
      run(fastPath, () -> (id[0] = engine.accept(listener)) >= 0, Duration.ofSeconds(30), "accept");
      final StreamPump pump = new StreamPump(engine, id[0], BYTES, 2, false);
      final long start = System.nanoTime();
      run(
          fastPath,
          () -> pump.step(fastPath.now()) && !client.process().isAlive(),
          TIMEOUT,
          "transfer");
      final double seconds = (System.nanoTime() - start) / 1e9;
      assertMatches(client.await(Duration.ofSeconds(5)), pump, BYTES);
      System.out.printf(
          "[fastpath] Linux <-> tenant over the overlay: %d MiB each way in %.1f s (%.0f MB/s"
              + " both directions, loaded machine)%n",
          BYTES >> 20, seconds, 2 * BYTES / seconds / 1e6);
    }
  }

  /** Linux's pump prints {@code sent N SHA received M SHA eof}: both directions must match. */
  private static void assertMatches(
      final Commands.Result linux, final StreamPump pump, final long bytes) {
    assertThat(linux.exitCode()).as("python3 pump: %s", linux.stderr()).isZero();
    final String[] out = linux.stdout().strip().split(" ");
    assertThat(out).as(linux.stdout()).hasSize(7);
    assertThat(Long.parseLong(out[1])).isEqualTo(bytes);
    assertThat(out[2]).as("Linux sent = tenant received").isEqualTo(pump.receivedSha256());
    assertThat(Long.parseLong(out[4])).isEqualTo(bytes);
    assertThat(out[5]).as("tenant sent = Linux received").isEqualTo(pump.sentSha256());
    assertThat(out[6]).isEqualTo("eof");
    assertThat(pump.received()).isEqualTo(bytes);
  }

  private static FusedFastPath fastPath(final OverlayLab lab, final OverlayProtocol protocol) {
    final TenantRegistry registry =
        TenantRegistry.of(
            List.of(OverlayLab.tenant(1, "blue", VNI, 0x0200_0000_0101L, TENANT_VIP)));
    final OverlaySettings settings =
        OverlaySettings.of(protocol, Ipv4Address.parse(VSTACK_UNDERLAY), VSTACK_UNDERLAY_MAC);
    final VtepTable vteps =
        VtepTable.of(
            registry,
            settings.underlayIpv4(),
            List.of(
                new VtepTable.Remote(
                    0, Ipv4Address.parse(LINUX_VIP), Ipv4Address.parse(LINUX_UNDERLAY))));
    return new FusedFastPath(
        new FastPathContext().port(lab.port).settings(settings).registry(registry).vteps(vteps));
  }

  /** Runs the duty cycle, then {@code step}, until it returns true; fails after {@code timeout}. */
  private static void run(
      final FusedFastPath fastPath,
      final BooleanSupplier step,
      final Duration timeout,
      final String what) {
    if (!LinuxTcpLab.runUntil(fastPath::doWork, step, fastPath::flush, timeout)) {
      fail(what + " did not finish within " + timeout + ": " + fastPath.counters());
    }
  }
}
