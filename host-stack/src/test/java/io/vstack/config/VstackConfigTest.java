package io.vstack.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vstack.overlay.Encapsulator;
import io.vstack.overlay.VtepTable;
import io.vstack.port.PortSpec;
import io.vstack.tenant.TenantDrop;
import io.vstack.tenant.TenantRegistry;
import io.vstack.wire.Ipv4Address;
import io.vstack.wire.OverlayProtocol;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reading vstack.yaml: the shipped example, and one test per kind of mistake with the exact message
 * (file:line:column: path: what was expected, got what).
 */
class VstackConfigTest {
  private static final String FILE = "vstack.yaml";
  private static final Path EXAMPLE = Path.of("..", "examples", "vstack.yaml");

  /** Valid; line numbers in the tests below refer to this text. */
  private static final String BASE =
      """
      host:
        underlay:
          ipv4: 192.0.2.1
          mac: 02:00:00:00:00:01
        overlay:
          protocol: vxlan
      tenants:
        - id: 1
          name: blue
          vni: 100
          interfaces:
            - mac: 02:00:00:00:01:01
              ipv4: [10.0.0.1]
        - id: 2
          name: red
          vni: 200
          interfaces:
            - mac: 02:00:00:00:02:01
              ipv4: [10.0.0.1]
      vteps:
        - tenant: blue
          host: 192.0.2.2
          vips: [10.0.0.2]
      """;

  private static String base(final String line, final String replacement) {
    assertThat(BASE).as("test fixture contains the line to replace").contains(line);
    return BASE.replace(line, replacement);
  }

  private static void assertError(final String yaml, final String message) {
    assertThatThrownBy(() -> VstackConfig.parse(yaml, FILE))
        .isInstanceOf(ConfigException.class)
        .hasMessage(message);
  }

  @Test
  void shouldReadTheShippedExampleWithOverlappingTenantsPeersAndVteps() {
    final VstackConfig config = VstackConfig.load(EXAMPLE);

    final HostConfig host = config.host();
    assertThat(host.underlayIpv4()).isEqualTo(Ipv4Address.parse("192.0.2.1"));
    assertThat(host.protocol()).isEqualTo(OverlayProtocol.VXLAN);
    assertThat(host.udpPort()).isEqualTo(4789);
    assertThat(host.udpChecksum()).isFalse();
    assertThat(new Encapsulator(host.overlaySettings()).innerTcpMss(host.underlayMtu(), false))
        .isEqualTo(1410);
    final TenantRegistry tenants = config.tenants();
    assertThat(tenants.size()).isEqualTo(3);
    final int blue = tenants.slotOfVni(100);
    final int red = tenants.slotOfVni(200);
    final int green = tenants.slotOfVni(300);
    final int vip = Ipv4Address.parse("10.0.0.1");
    assertThat(tenants.macOfIpv4(blue, vip)).isEqualTo(0x0200_0000_0101L);
    assertThat(tenants.macOfIpv4(red, vip)).isEqualTo(0x0200_0000_0201L);
    assertThat(tenants.tenant(blue).weight()).isEqualTo(2);
    assertThat(tenants.tenant(red).cycleCapPercent()).isEqualTo(50);
    assertThat(tenants.tenant(blue).hasCycleCap()).isFalse();
    assertThat(tenants.checkPeer(red, green)).isEqualTo(TenantDrop.PASS);
    assertThat(tenants.checkPeer(blue, red)).isEqualTo(TenantDrop.ISOLATED);
    final VtepTable vteps = config.vteps();
    assertThat(vteps.underlayOf(blue, Ipv4Address.parse("10.0.0.3")))
        .isEqualTo(Ipv4Address.parse("192.0.2.2") & 0xFFFF_FFFFL);
    assertThat(vteps.underlayOf(red, Ipv4Address.parse("10.0.0.2")))
        .isEqualTo(Ipv4Address.parse("192.0.2.3") & 0xFFFF_FFFFL);
    assertThat(vteps.isLocal(red, vip)).isTrue();
    assertThat(vteps.underlayOf(green, Ipv4Address.parse("10.0.0.2")))
        .isEqualTo(VtepTable.NOT_FOUND);
    assertThat(config.ports())
        .containsExactly(
            new PortDefinition(0, "uplink", new PortSpec(PortSpec.Kind.TAP, "vs0")),
            new PortDefinition(1, "loop", new PortSpec(PortSpec.Kind.MEMORY, "loop")));
    assertThat(config.rules()).containsOnlyKeys("uplink", "loop");
    assertThat(config.rules().get("uplink")).hasSize(2);
    assertThat(config.rules().get("loop")).isEmpty();
  }

  @Test
  void shouldAcceptTheExampleInConfigMdWhenParsed() throws IOException {
    final String doc = Files.readString(Path.of("..", "docs", "CONFIG.md"));
    final int start = doc.indexOf("```yaml\n") + "```yaml\n".length();
    final String yaml = doc.substring(start, doc.indexOf("```", start));

    final VstackConfig config = VstackConfig.parse(yaml, "CONFIG.md");

    final VstackConfig example = VstackConfig.load(EXAMPLE);
    assertThat(config.tenants().size()).isEqualTo(example.tenants().size());
    assertThat(config.ports()).isEqualTo(example.ports());
    assertThat(config.rules()).isEqualTo(example.rules());
  }

  @Test
  void shouldUseDefaultsWhenOptionalKeysAndSectionsAreAbsent() {
    final VstackConfig config =
        VstackConfig.parse(
            base("    protocol: vxlan", "    protocol: geneve")
                .substring(0, BASE.indexOf("tenants:")),
            FILE);

    assertThat(config.host().udpPort()).isEqualTo(6081);
    assertThat(config.host().underlayMtu()).isEqualTo(1500);
    assertThat(config.tenants().size()).isZero();
  }

  @Test
  void shouldNameLineColumnAndRangeWhenAnIntegerIsNotOne() {
    assertError(
        base("    vni: 200", "    vni: abc"),
        "vstack.yaml:16:10: tenants[1].vni: expected an integer 0..16777215, got 'abc'");
    assertError(
        base("    vni: 200", "    vni: 16777216"),
        "vstack.yaml:16:10: tenants[1].vni: expected an integer 0..16777215, got '16777216'");
  }

  @Test
  void shouldListAllowedKeysWhenAKeyIsUnknown() {
    assertError(
        base("    vni: 200", "    vnii: 200"),
        "vstack.yaml:16:5: tenants[1].vnii: unknown key; allowed: id, name, vni, weight, cycle-cap,"
            + " peers, interfaces");
    assertError(
        BASE + "lanes: 2\n",
        "vstack.yaml:24:1: lanes: unknown key; allowed: host, tenants, vteps, ports," + " rules");
  }

  @Test
  void shouldRejectAKeyGivenTwiceInOneMapping() {
    assertError(
        base("    vni: 100\n", "    vni: 100\n    name: again\n"),
        "vstack.yaml:11:5: tenants[0].name: duplicate key (first at line 9)");
  }

  @Test
  void shouldSayWhatIsExpectedWhenARequiredKeyIsMissing() {
    assertError(
        base("    vni: 100\n", ""),
        "vstack.yaml:8:5: tenants[0]: missing key \"vni\" (an integer 0..16777215)");
    assertError(
        BASE.substring(BASE.indexOf("tenants:")),
        "vstack.yaml:1:1: missing key \"host\" (the host's underlay address and overlay protocol)");
  }

  @Test
  void shouldRejectDuplicateTenantIdNameAndVniNamingTheFirst() {
    assertError(
        base("  - id: 2", "  - id: 1"),
        "vstack.yaml:14:9: tenants[1].id: duplicate tenant id 1 (first at tenants[0].id, line 8)");
    assertError(
        base("    name: red", "    name: blue"),
        "vstack.yaml:15:11: tenants[1].name: duplicate tenant name blue (first at tenants[0].name,"
            + " line 9)");
    assertError(
        base("    vni: 200", "    vni: 100"),
        "vstack.yaml:16:10: tenants[1].vni: duplicate VNI 100 (first at tenants[0].vni, line 10)");
  }

  @Test
  void shouldRejectTheSameVipTwiceInOneTenant() {
    assertError(
        BASE.replaceFirst("ipv4: \\[10.0.0.1]", "ipv4: [10.0.0.1, 10.0.0.1]"),
        "vstack.yaml:13:26: tenants[0].interfaces[0].ipv4[1]: duplicate IPv4 address 10.0.0.1"
            + " (first at tenants[0].interfaces[0].ipv4[0], line 13)");
  }

  @Test
  void shouldRejectMalformedAddressesAndChoices() {
    assertError(
        base("    ipv4: 192.0.2.1", "    ipv4: 192.0.2.300"),
        "vstack.yaml:3:11: host.underlay.ipv4: expected an IPv4 address like 192.0.2.1, got"
            + " '192.0.2.300'");
    assertError(
        base("    mac: 02:00:00:00:00:01", "    mac: 01:00:5e:00:00:01"),
        "vstack.yaml:4:10: host.underlay.mac: expected a unicast MAC address like"
            + " 02:00:00:00:00:01, got '01:00:5e:00:00:01'");
    assertError(
        base("    protocol: vxlan", "    protocol: gre"),
        "vstack.yaml:6:15: host.overlay.protocol: expected one of vxlan, geneve, got 'gre'");
    assertError(
        base("    protocol: vxlan", "    protocol: [vxlan]"),
        "vstack.yaml:6:15: host.overlay.protocol: expected one of vxlan, geneve, got a list");
  }

  @Test
  void shouldRejectPeersAndVtepsThatNameNoTenantOrConflict() {
    assertError(
        base("    vni: 100\n", "    vni: 100\n    peers: [pink]\n"),
        "vstack.yaml:11:13: tenants[0].peers[0]: expected the name of another tenant (blue, red),"
            + " got 'pink'");
    assertError(
        base("  - tenant: blue", "  - tenant: pink"),
        "vstack.yaml:21:13: vteps[0].tenant: expected a tenant name from the tenants section (blue,"
            + " red), got 'pink'");
    assertError(
        base("    vips: [10.0.0.2]", "    vips: [10.0.0.1]"),
        "vstack.yaml:23:12: vteps[0].vips[0]: vIP 10.0.0.1 is a local address of tenant blue");
    assertError(
        base("    host: 192.0.2.2", "    host: 192.0.2.1"),
        "vstack.yaml:22:11: vteps[0].host: expected a remote host's underlay IPv4 (not 0.0.0.0 or"
            + " this host's), got '192.0.2.1'");
    assertError(
        base("    vips: [10.0.0.2]", "    vips: [10.0.0.2, 10.0.0.2]"),
        "vstack.yaml:23:22: vteps[0].vips[1]: duplicate VTEP entry for vIP 10.0.0.2 (first at"
            + " vteps[0].vips[0], line 23)");
  }

  @Test
  void shouldPositionYamlSyntaxErrorsAndEmptyFiles() {
    assertThatThrownBy(() -> VstackConfig.parse(base("    vni: 100", "    vni: [100"), FILE))
        .isInstanceOf(ConfigException.class)
        .hasMessageMatching("vstack\\.yaml:1\\d:\\d+: invalid YAML: .+")
        .hasMessageNotContaining("\n");
    assertError(
        "",
        "vstack.yaml:1:1: expected a mapping with keys host, tenants, vteps, ports, rules, got an"
            + " empty document");
    assertError(
        "- 1\n",
        "vstack.yaml:1:1: expected a mapping with keys host, tenants, vteps, ports, rules, got a list");
  }

  @Test
  void shouldNameTheFileWhenItCannotBeRead() {
    assertThatThrownBy(() -> VstackConfig.load(Path.of("/nonexistent/vstack.yaml")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("/nonexistent/vstack.yaml: cannot read: no such file");
  }

  @Test
  void shouldSayWhyAFileCannotBeRead(@TempDir final Path dir) {
    assertThatThrownBy(() -> VstackConfig.load(dir))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(dir + ": cannot read: ")
        .hasMessageNotContaining("cannot read: " + dir);
  }
}
