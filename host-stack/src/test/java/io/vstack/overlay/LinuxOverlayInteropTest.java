package io.vstack.overlay;

import static io.vstack.overlay.OverlayLab.LINUX_UNDERLAY;
import static io.vstack.overlay.OverlayLab.VSTACK_UNDERLAY;
import static io.vstack.overlay.OverlayLab.VSTACK_UNDERLAY_MAC;
import static org.assertj.core.api.Assertions.assertThat;

import io.vstack.netns.Commands;
import io.vstack.netns.NetworkNamespace;
import io.vstack.pcap.Tshark;
import io.vstack.tenant.TenantDrop;
import io.vstack.tenant.TenantRegistry;
import io.vstack.wire.Ipv4Address;
import io.vstack.wire.Octets;
import io.vstack.wire.OverlayProtocol;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Linux kernel's VXLAN as the remote VTEP: vxlan devices in network namespaces whose underlay
 * is a TAP attached to a vstack {@link OverlayEndpoint}. Linux pings tenant vIPs through the
 * overlay (ARP and ICMP both cross our encap/decap), tcpdump captures what vstack puts on the
 * underlay and tshark must decode it without a warning.
 */
class LinuxOverlayInteropTest {
  private static final int UNDERLAY = Ipv4Address.parse(VSTACK_UNDERLAY);
  private static final int REMOTE = Ipv4Address.parse(LINUX_UNDERLAY);
  private static final String TENANT_VIP = "10.0.0.1";
  private static final String LINUX_VIP = "10.0.0.2";

  @TempDir Path dir;

  @Test
  void shouldAnswerEveryPingFromALinuxVxlanDeviceWithFramesTsharkDecodes() throws Exception {
    final Path capture = dir.resolve("vxlan.pcap");
    try (OverlayLab lab = new OverlayLab()) {
      final TenantRegistry registry =
          TenantRegistry.of(
              List.of(OverlayLab.tenant(1, "blue", 100, 0x0200_0000_0101L, TENANT_VIP)));
      lab.start(
          OverlaySettings.of(OverlayProtocol.VXLAN, UNDERLAY, VSTACK_UNDERLAY_MAC),
          registry,
          VtepTable.of(
              registry,
              UNDERLAY,
              List.of(new VtepTable.Remote(0, Ipv4Address.parse(LINUX_VIP), REMOTE))));
      final NetworkNamespace linux = lab.vxlan(100, LINUX_VIP + "/24", false).ns();
      final Commands.Result ping;
      try (Commands.Background tcpdump =
          lab.capture(capture, "udp", "port", "4789", "and", "src", "host", VSTACK_UNDERLAY)) {
        ping = OverlayLab.ping(linux, 20, TENANT_VIP);
        Thread.sleep(200); // let tcpdump write the last replies
        tcpdump.stop(Duration.ofSeconds(5));
      }
      lab.stop();

      assertThat(ping.stdout())
          .as(ping.stdout() + lab.endpoint.counters())
          .contains("20 packets transmitted, 20 received, 0% packet loss");
      assertThat(lab.errors).isEmpty();
      assertThat(lab.tenantHosts.getFirst().counters().echoRequestsAnswered()).isEqualTo(20);
      assertThat(lab.underlayHost.counters().arpRequestsAnswered())
          .as("the kernel resolved vstack's underlay address through us")
          .isGreaterThanOrEqualTo(1);
      assertThat(lab.endpoint.counters().rxTenant(TenantDrop.SPOOFED_SOURCE_IP)).isZero();
    }
    Tshark.assertNoExpertWarnings(capture);
    final List<List<String>> frames =
        Tshark.fields(capture, "vxlan.vni", "ip.src", "icmp.type", "arp.opcode", "udp.srcport");
    assertThat(frames).as(Tshark.summaries(capture).toString()).isNotEmpty();
    assertThat(frames).allSatisfy(f -> assertThat(f.getFirst()).isEqualTo("100"));
    assertThat(
            frames.stream()
                .filter(
                    f ->
                        f.get(1).equals(VSTACK_UNDERLAY + "," + TENANT_VIP)
                            && f.get(2).equals("0")))
        .as("echo replies inside VXLAN")
        .hasSize(20);
    assertThat(frames.stream().filter(f -> f.get(3).equals("2")))
        .as("ARP reply inside VXLAN")
        .isNotEmpty();
    assertThat(frames)
        .allSatisfy(f -> assertThat(Integer.parseInt(f.get(4))).isBetween(49152, 65535));
  }

  @Test
  void shouldKeepTwoTenantsWithTheSameVipApartAndDropUnknownVniAndSpoofedSources()
      throws Exception {
    try (OverlayLab lab = new OverlayLab()) {
      final TenantRegistry registry =
          TenantRegistry.of(
              List.of(
                  OverlayLab.tenant(1, "blue", 100, 0x0200_0000_0101L, TENANT_VIP),
                  OverlayLab.tenant(2, "red", 200, 0x0200_0000_0201L, TENANT_VIP)));
      final int linuxVip = Ipv4Address.parse(LINUX_VIP);
      final OverlaySettings settings =
          new OverlaySettings(
              OverlayProtocol.VXLAN, 4789, true, UNDERLAY, VSTACK_UNDERLAY_MAC, Octets.EMPTY, 7);
      lab.start(
          settings,
          registry,
          VtepTable.of(
              registry,
              UNDERLAY,
              List.of(
                  new VtepTable.Remote(0, linuxVip, REMOTE),
                  new VtepTable.Remote(1, linuxVip, REMOTE))));
      final OverlayLab.Vxlan blueVxlan = lab.vxlan(100, LINUX_VIP + "/24", true);
      final NetworkNamespace blue = blueVxlan.ns();
      final NetworkNamespace red = lab.vxlan(200, LINUX_VIP + "/24", true).ns();
      final NetworkNamespace unknown = lab.vxlan(300, LINUX_VIP + "/24", true).ns();

      try (Commands.Background redPing =
          red.start("ping", "-n", "-c", "30", "-i", "0.05", "-W", "2", TENANT_VIP)) {
        final Commands.Result bluePing = OverlayLab.ping(blue, 20, TENANT_VIP);
        final Commands.Result redResult = redPing.await(Duration.ofSeconds(60));
        assertThat(bluePing.stdout())
            .contains("20 packets transmitted, 20 received, 0% packet loss");
        assertThat(redResult.stdout())
            .contains("30 packets transmitted, 30 received, 0% packet loss");
      }
      final Commands.Result lost = OverlayLab.ping(unknown, 3, TENANT_VIP);
      // 10.0.0.9 is not a vIP the VTEP table places at Linux: a spoofed inner source.
      blue.exec("ip", "addr", "add", "10.0.0.9/24", "dev", blueVxlan.device());
      final Commands.Result spoofed = OverlayLab.ping(blue, 3, TENANT_VIP, "-I", "10.0.0.9");
      lab.stop();

      assertThat(lost.stdout()).contains("3 packets transmitted, 0 received");
      assertThat(spoofed.stdout()).contains("3 packets transmitted, 0 received");
      assertThat(lab.errors).isEmpty();
      assertThat(lab.tenantHosts.get(0).counters().echoRequestsAnswered()).as("blue").isEqualTo(20);
      assertThat(lab.tenantHosts.get(1).counters().echoRequestsAnswered()).as("red").isEqualTo(30);
      final OverlayCounters counters = lab.endpoint.counters();
      assertThat(counters.rxTenant(TenantDrop.UNKNOWN_VNI))
          .as(counters.toString())
          .isGreaterThanOrEqualTo(1);
      assertThat(counters.rxTenant(TenantDrop.SPOOFED_SOURCE_IP))
          .as(counters.toString())
          .isGreaterThanOrEqualTo(3);
      assertThat(lab.endpoint.tenantPort(0).counters().rxFrames())
          .as("blue received its 20 echoes and its ARP, nothing of red's 30")
          .isBetween(21L, 25L);
      assertThat(lab.endpoint.tenantPort(1).counters().rxFrames()).as("red").isBetween(31L, 35L);
    }
  }

  /**
   * The kernel here has no geneve device, so Linux only witnesses: a tenant's ARP requests leave
   * vstack in Geneve with an option, tcpdump captures them on the underlay and tshark decodes them.
   */
  @Test
  void shouldPutGeneveFramesWithOptionsOnTheUnderlayThatTsharkDecodes() throws Exception {
    final Path capture = dir.resolve("geneve.pcap");
    final Octets option = Octets.of(0xFF, 0xF0, 0x01, 0x01, 0xCA, 0xFE, 0xBA, 0xBE);
    final int destinations = 4;
    try (OverlayLab lab = new OverlayLab()) {
      final TenantRegistry registry =
          TenantRegistry.of(
              List.of(OverlayLab.tenant(1, "blue", 4242, 0x0200_0000_0101L, TENANT_VIP)));
      final List<VtepTable.Remote> remotes = new java.util.ArrayList<>();
      for (int i = 0; i < destinations; i++) {
        remotes.add(new VtepTable.Remote(0, Ipv4Address.parse(LINUX_VIP) + i, REMOTE));
      }
      lab.build(
          new OverlaySettings(
              OverlayProtocol.GENEVE, 6081, true, UNDERLAY, VSTACK_UNDERLAY_MAC, option, 3),
          registry,
          VtepTable.of(registry, UNDERLAY, remotes));
      lab.endpoint.neighbor(REMOTE, lab.linuxMac());
      try (Commands.Background tcpdump =
          lab.capture(capture, "udp", "port", "6081", "and", "src", "host", VSTACK_UNDERLAY)) {
        for (int i = 0; i < destinations; i++) {
          lab.tenantHosts.getFirst().sendEchoRequest(Ipv4Address.parse(LINUX_VIP) + i, 1, i, 56);
        }
        Thread.sleep(300);
        tcpdump.stop(Duration.ofSeconds(5));
      }
      assertThat(lab.endpoint.counters().encap(EncapDrop.PASS)).isEqualTo(destinations);
    }
    Tshark.assertNoExpertWarnings(capture);
    final List<List<String>> frames =
        Tshark.fields(
            capture,
            "geneve.vni",
            "geneve.option.class",
            "geneve.proto_type",
            "arp.opcode",
            "arp.dst.proto_ipv4",
            "udp.checksum.status");
    assertThat(frames).as(Tshark.summaries(capture).toString()).hasSize(destinations);
    for (int i = 0; i < destinations; i++) {
      final List<String> frame = frames.get(i);
      assertThat(frame.get(0)).as("VNI 4242 as tshark shows it").isEqualTo("0x001092");
      assertThat(frame.get(1)).isEqualTo("0xfff0");
      assertThat(frame.get(2)).isEqualTo("0x6558");
      assertThat(frame.get(3)).as("ARP request inside Geneve").isEqualTo("1");
      assertThat(frame.get(4)).isEqualTo(Ipv4Address.toString(Ipv4Address.parse(LINUX_VIP) + i));
      assertThat(frame.get(5)).as("UDP checksum verified by tshark").isEqualTo("1");
    }
  }

  /**
   * vstack speaks first: the tenant's echo requests need the remote vMAC (inner ARP through the
   * overlay) and the endpoint needs the remote VTEP's underlay MAC (underlay ARP through the
   * underlay host's resolver); after those resolve, every echo is answered by Linux.
   */
  @Test
  void shouldResolveTheRemoteVtepAndReachLinuxWhenTheTenantSpeaksFirst() throws Exception {
    final int echoes = 10;
    try (OverlayLab lab = new OverlayLab()) {
      final TenantRegistry registry =
          TenantRegistry.of(
              List.of(OverlayLab.tenant(1, "blue", 100, 0x0200_0000_0101L, TENANT_VIP)));
      final int linuxVip = Ipv4Address.parse(LINUX_VIP);
      lab.build(
          OverlaySettings.of(OverlayProtocol.VXLAN, UNDERLAY, VSTACK_UNDERLAY_MAC),
          registry,
          VtepTable.of(registry, UNDERLAY, List.of(new VtepTable.Remote(0, linuxVip, REMOTE))));
      lab.vxlan(100, LINUX_VIP + "/24", false);
      final io.vstack.host.HostAgent tenant = lab.tenantHosts.getFirst();
      final long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      int sent = 0;
      while (tenant.counters().echoRepliesReceived() < echoes && System.nanoTime() < deadline) {
        if (sent == tenant.counters().echoRepliesReceived() && sent < echoes) {
          tenant.sendEchoRequest(linuxVip, 77, sent++, 56);
        }
        if (lab.doWork() == 0) {
          Thread.sleep(1);
        }
      }

      assertThat(tenant.counters().echoRepliesReceived())
          .as(lab.endpoint.counters().toString())
          .isEqualTo(echoes);
      assertThat(lab.underlayHost.counters().arpRequestsSent())
          .as("underlay ARP for the remote VTEP")
          .isGreaterThanOrEqualTo(1);
      assertThat(lab.endpoint.counters().encap(EncapDrop.NO_UNDERLAY_NEIGHBOR))
          .as("only the first inner ARP waited for the underlay")
          .isEqualTo(1);
    }
  }
}
