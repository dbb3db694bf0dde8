package io.vstack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vstack.demo.SharedStackDemo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vstack demo} (the shared-stack demo) run in-process: every check passes, and the
 * per-tenant accounting it prints agrees with what the demo did.
 */
@Timeout(120)
class SharedStackDemoTest {
  private static final long MIB = 1 << 20;

  private final CliRun cli = new CliRun();

  @Test
  @SuppressWarnings("unchecked")
  void shouldPassEveryCheckWithAccountingThatAddsUpWhenRunWithTheBuiltInConfig() {
    assertThat(cli.vstack("demo", "--json")).as(cli.err()).isEqualTo(ExitCodes.OK);
    assertThat(cli.err()).isEmpty();
    final Map<String, Object> json = cli.json();
    assertThat(json.get("passed")).isEqualTo(true);
    assertThat((List<Map<String, Object>>) json.get("checks"))
        .hasSize(10)
        .allSatisfy(check -> assertThat(check.get("passed")).as(check.toString()).isEqualTo(true));

    final Map<String, Map<String, Object>> tenants = new HashMap<>();
    for (final Map<String, Object> tenant : (List<Map<String, Object>>) json.get("tenants")) {
      tenants.put((String) tenant.get("name"), tenant);
    }
    assertThat(tenants).containsOnlyKeys("blue", "red", "green");
    // Every download arrived whole; green's file, fetched by green remotely and by red locally,
    // hashes the same both times.
    final List<Map<String, Object>> transfers = (List<Map<String, Object>>) json.get("transfers");
    assertThat(transfers)
        .extracting(t -> t.get("tenant") + " " + t.get("url") + " " + t.get("bytes"))
        .containsExactly(
            "blue http://10.0.0.2/blue.bin " + 2 * MIB,
            "red http://10.0.0.2/red.bin " + 3 * MIB,
            "green http://10.1.0.9/green.bin " + 4 * MIB,
            "red http://10.1.0.1/green.bin " + 4 * MIB);
    assertThat(transfers.get(3).get("sha256")).isEqualTo(transfers.get(2).get("sha256"));
    // Each tenant was charged at least the bytes it downloaded, with packets and cycles.
    assertThat(rxBytes(tenants, "blue")).isGreaterThan(2 * MIB);
    assertThat(rxBytes(tenants, "red")).isGreaterThan((3 + 4) * MIB);
    assertThat(rxBytes(tenants, "green")).isGreaterThan(4 * MIB);
    assertThat(number(tenants.get("green"), "tx_bytes"))
        .as("green served red")
        .isGreaterThan(4 * MIB);
    for (final Map<String, Object> tenant : tenants.values()) {
      final long packets = number(tenant, "rx_packets") + number(tenant, "tx_packets");
      assertThat(number(tenant, "cycles")).isPositive();
      assertThat(((Number) tenant.get("ns_per_packet")).doubleValue())
          .isCloseTo(
              number(tenant, "ns") / (double) packets, org.assertj.core.data.Offset.offset(0.06));
    }
    // The local transfer went through the virtual switch: nothing on the wire.
    assertThat(number(json, "local_transfer_frames")).isGreaterThan(4 * MIB / 1500);
    assertThat(number(json, "local_transfer_wire_frames")).isZero();
    // Blue's attempt at green: every SYN refused and charged to blue, as were the forged frames.
    final Map<String, Object> blueDrops = (Map<String, Object>) tenants.get("blue").get("drops");
    assertThat(number(json, "isolated_syns")).isGreaterThanOrEqualTo(2);
    assertThat(number(blueDrops, "tx_isolated")).isEqualTo(number(json, "isolated_syns"));
    assertThat(number(blueDrops, "rx_spoofed_source_ip")).isEqualTo(3);
    assertThat(number(blueDrops, "rx_spoofed_source_mac")).isEqualTo(3);
    assertThat((Map<String, Object>) tenants.get("red").get("drops"))
        .doesNotContainKeys("tx_isolated", "rx_spoofed_source_ip", "rx_spoofed_source_mac");
    final Map<String, Object> stack = (Map<String, Object>) json.get("stack");
    assertThat(number((Map<String, Object>) stack.get("drops"), "rx_unknown_vni")).isEqualTo(3);
    assertThat(json.get("remote_hosts")).isEqualTo(List.of("192.0.2.2"));
  }

  @Test
  void shouldPrintProgressThePerTenantTableAndTheChecksWhenRunWithoutJson() {
    assertThat(cli.vstack("demo")).as(cli.err()).isEqualTo(ExitCodes.OK);
    final String out = cli.out();
    assertThat(out)
        .contains("[1/4]", "[2/4]", "[3/4]", "[4/4]")
        .contains("frames this host put on the wire: 0")
        .contains("10 of 10 checks passed");
    assertThat(out.lines().filter(l -> l.startsWith("tenant ")))
        .singleElement()
        .asString()
        .contains("rx bytes", "cycles", "ns/pkt", "drops");
    assertThat(out.lines().filter(l -> l.matches("(blue|red|green) +[0-9]+ +[0-9]+ .*")))
        .hasSize(3);
    assertThat(out.lines().filter(l -> l.startsWith("(stack) ")))
        .singleElement()
        .asString()
        .contains("rx_unknown_vni=3");
    assertThat(cli.err()).isEmpty();
  }

  @Test
  @SuppressWarnings("unchecked")
  void shouldRunOneRemoteHostPerVtepAddressWhenGivenTheExampleConfig() {
    final Path example = Path.of("..", "examples", "vstack.yaml");
    assertThat(example).exists();
    assertThat(cli.vstack("demo", "--json", "--config", example.toString()))
        .as(cli.err())
        .isEqualTo(ExitCodes.OK);
    final Map<String, Object> json = cli.json();
    assertThat(json.get("remote_hosts")).isEqualTo(List.of("192.0.2.2", "192.0.2.3"));
    // green has no VTEP in the example: it only serves red locally.
    assertThat((List<Map<String, Object>>) json.get("transfers"))
        .extracting(t -> t.get("tenant") + " " + t.get("url"))
        .containsExactly(
            "blue http://10.0.0.2/blue.bin",
            "red http://10.0.0.2/red.bin",
            "red http://10.1.0.1/green.bin");
    assertThat(json.get("passed")).isEqualTo(true);
  }

  @Test
  void shouldRefuseATenantThatIsNoPeerAndSkipTheLocalTransferWhenNoTenantsArePeers(
      @TempDir final Path dir) throws Exception {
    // Geneve, no peers: blue's isolated attempt must pick green, not red (whose 10.0.0.1 is, for
    // blue, its own address).
    final Path config = dir.resolve("vstack.yaml");
    Files.writeString(
        config,
        """
        host:
          underlay: {ipv4: 192.0.2.1, mac: "02:00:00:00:00:01"}
          overlay: {protocol: geneve}
        tenants:
          - {id: 1, name: blue, vni: 100, interfaces: [{mac: "02:00:00:00:01:01", ipv4: [10.0.0.1]}]}
          - {id: 2, name: red, vni: 200, interfaces: [{mac: "02:00:00:00:02:01", ipv4: [10.0.0.1]}]}
          - {id: 3, name: green, vni: 300, interfaces: [{mac: "02:00:00:00:03:01", ipv4: [10.1.0.1]}]}
        vteps:
          - {tenant: blue, host: 192.0.2.7, vips: [10.0.0.2]}
        """);
    assertThat(cli.vstack("demo", "--config", config.toString())).as(cli.err()).isEqualTo(0);
    assertThat(cli.out())
        .contains("no two tenants here are peers: no local transfer")
        .contains("blue connects to green, which is not its peer")
        .contains("ok   blue cannot reach green")
        .contains("red      no remote vIP in the config's vteps: no download")
        .contains("ok   blue downloads http://10.0.0.2/blue.bin");
  }

  @Test
  void shouldSayWhatIsWrongInOneLineWhenTheConfigIsBad(@TempDir final Path dir) throws Exception {
    final Path config = dir.resolve("bad.yaml");
    Files.writeString(config, "tenants:\n  - id: 1\n    name: Blue\n");
    assertThat(cli.vstack("demo", "--config", config.toString())).isEqualTo(ExitCodes.USAGE);
    assertThat(cli.err().strip()).startsWith("vstack: " + config).doesNotContain("\n");
    assertThat(cli.out()).isEmpty();

    assertThat(cli.vstack("demo", "--config", dir.resolve("missing.yaml").toString()))
        .isEqualTo(ExitCodes.USAGE);
    assertThat(cli.err().strip()).contains("missing.yaml").doesNotContain("\n");

    assertThat(cli.vstack("demo", "--count", "3")).isEqualTo(ExitCodes.USAGE);
    assertThat(cli.err().strip())
        .isEqualTo(
            "vstack: --count and --interval-ms set the pings of --ping/--tap/--dpdk; add one of"
                + " those");

    assertThat(cli.vstack("demo", "--json", "--tap")).isEqualTo(ExitCodes.USAGE);
    assertThat(cli.err().strip())
        .isEqualTo(
            "vstack: --config and --json belong to the shared-stack demo, not to"
                + " --ping/--tap/--dpdk");
  }

  @Test
  void shouldShipABuiltInConfigEquivalentToTheExample() {
    final var builtIn = SharedStackDemo.builtInConfig();
    assertThat(builtIn.tenants().size()).isEqualTo(3);
    assertThat(builtIn.tenants().tenant(0).name()).isEqualTo("blue");
    assertThat(builtIn.tenants().tenant(0).interfaces().get(0).ipv4())
        .isEqualTo(builtIn.tenants().tenant(1).interfaces().get(0).ipv4());
  }

  private static long rxBytes(final Map<String, Map<String, Object>> tenants, final String name) {
    return number(tenants.get(name), "rx_bytes");
  }

  private static long number(final Map<String, Object> json, final String key) {
    assertThat(json).containsKey(key);
    return ((Number) json.get(key)).longValue();
  }
}
