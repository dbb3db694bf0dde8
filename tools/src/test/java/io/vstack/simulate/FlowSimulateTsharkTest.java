package io.vstack.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import io.vstack.cli.CliRun;
import io.vstack.cli.ExitCodes;
import io.vstack.pcap.CaptureFormat;
import io.vstack.pcap.CaptureWriter;
import io.vstack.pcap.Tshark;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vstack flow simulate} against Wireshark: on seeded-random frames, each rule's hit count
 * equals the number of frames tshark selects with an equivalent display filter, minus the frames an
 * earlier (higher-priority) rule took.
 */
class FlowSimulateTsharkTest {
  /**
   * A rule (priorities strictly increasing) and the tshark display filter selecting the same
   * frames.
   */
  record Case(String rule, String filter) {}

  static final List<Case> CASES =
      List.of(
          new Case(
              "priority 0 ingress pattern eth / ipv4 src is 10.0.0.1 / tcp dst is 80 / end"
                  + " actions count / queue index 0 / end",
              "!vlan && ip.src == 10.0.0.1 && tcp.dstport == 80"),
          new Case(
              "priority 1 ingress pattern eth / ipv4 / udp dst spec 1000 dst last 1999 dst mask 0xffff"
                  + " / end actions drop / end",
              "!vlan && ip && udp.dstport >= 1000 && udp.dstport <= 1999"),
          new Case(
              "priority 2 ingress pattern eth / ipv6 dst spec 2001:db8:: dst prefix 64 / end"
                  + " actions mark id 5 / end",
              "!vlan && ipv6.dst == 2001:db8::/64"),
          new Case(
              "priority 3 ingress pattern eth / vlan vid is 7 / ipv4 / end actions count / end",
              "vlan.id == 7 && ip"),
          new Case(
              "priority 4 ingress pattern eth / ipv4 dst spec 10.0.0.0 dst prefix 24 / tcp / end"
                  + " actions queue index 3 / end",
              "!vlan && ip.dst == 10.0.0.0/24 && tcp"));

  static final String[] V4 = {
    "10.0.0.1", "10.0.0.1", "10.0.0.2", "10.0.1.1", "10.0.0.200", "10.0.1.9"
  };
  static final String[] V6 = {"2001:db8::1", "2001:db8::2", "2001:db8:1::3"};
  static final int[] PORTS = {80, 80, 443, 999, 1000, 1500, 1999, 2000, 53};

  @TempDir Path dir;

  @Test
  @SuppressWarnings("unchecked")
  void shouldCountLikeTsharkFiltersWhenSimulatingATrace() throws Exception {
    final long seed = System.nanoTime();
    final Path trace = dir.resolve("trace.pcapng");
    final int frames = 600;
    writeTrace(trace, new Random(seed), frames);
    final Path rules = dir.resolve("rules.txt");
    final List<String> lines = new ArrayList<>(List.of("# per-tenant test rules", ""));
    CASES.forEach(c -> lines.add(c.rule()));
    lines.set(2, "flow create 0 " + lines.get(2));
    Files.write(rules, lines);

    final CliRun cli = new CliRun();
    assertThat(
            cli.vstack("flow", "simulate", "--json", "--trace", trace.toString(), rules.toString()))
        .as("stderr: %s", cli.err())
        .isEqualTo(ExitCodes.OK);
    final Map<String, Object> result = cli.json();

    final List<Long> tshark = new ArrayList<>();
    final StringBuilder earlier = new StringBuilder();
    long matched = 0;
    for (final Case c : CASES) {
      final long count = Tshark.count(trace, "(" + c.filter() + ")" + earlier);
      tshark.add(count);
      matched += count;
      earlier.append(" && !(").append(c.filter()).append(")");
    }
    final List<Long> ours =
        ((List<Map<String, Object>>) result.get("rules"))
            .stream().map(r -> (Long) r.get("hits")).toList();
    assertThat(ours).as("seed %d", seed).isEqualTo(tshark);
    assertThat(tshark).as("seed %d: every rule is exercised", seed).allMatch(n -> n > 0);
    assertThat(result)
        .containsEntry("frames", (long) frames)
        .containsEntry("unmatched", frames - matched);
    final List<Map<String, Object>> flows = (List<Map<String, Object>>) result.get("flows");
    assertThat(flows.stream().mapToLong(f -> (Long) f.get("frames")).sum()).isEqualTo(frames);
    assertThat(flows)
        .as("seed %d", seed)
        .anySatisfy(
            f -> {
              assertThat((String) f.get("flow")).startsWith("tcp 10.0.0.1:").contains(" > 10.0.");
              assertThat(f.get("firstRule")).isIn(0L, 3L, 4L);
            });
  }

  @Test
  void shouldPrintTablesAndPointAtTheBadLineWhenRulesAreWrong() throws Exception {
    final Path trace = dir.resolve("trace.pcapng");
    writeTrace(trace, new Random(1), 20);
    final Path rules = dir.resolve("rules.txt");
    Files.writeString(rules, CASES.get(0).rule() + "\n");
    final CliRun cli = new CliRun();
    assertThat(cli.vstack("flow", "simulate", "--trace", trace.toString(), rules.toString()))
        .isZero();
    assertThat(cli.out())
        .startsWith("frames: 20, matched: ")
        .contains("RULE  HITS  BYTES  TEXT", "FLOW ", "FIRST RULE");

    Files.writeString(rules, "\ningress pattern eth / ipv4 / end actions queue 3 / end\n");
    assertThat(cli.vstack("flow", "simulate", "--trace", trace.toString(), rules.toString()))
        .isEqualTo(ExitCodes.USAGE);
    assertThat(cli.err().lines().toList())
        .containsExactly(
            "vstack: " + rules + ":2:48: column 48: expected 'index' or '/' after 'queue', got '3'",
            "  ingress pattern eth / ipv4 / end actions queue 3 / end",
            "  " + " ".repeat(47) + "^");
  }

  /** {@code count} random Ethernet (30% VLAN-tagged) IPv4/IPv6 TCP/UDP frames. */
  static void writeTrace(final Path file, final Random random, final int count) throws Exception {
    try (CaptureWriter writer = CaptureWriter.create(file, CaptureFormat.PCAPNG)) {
      for (int i = 0; i < count; i++) {
        final byte[] frame = frame(random);
        writer.write(
            new UnsafeBuffer(frame), 0, frame.length, 1_700_000_000_000_000_000L + i * 1000L);
      }
    }
  }

  static byte[] frame(final Random random) throws Exception {
    final boolean vlan = random.nextInt(10) < 3;
    final boolean v6 = random.nextInt(10) < 3;
    final boolean tcp = random.nextBoolean();
    final int l4Length = tcp ? 20 : 8;
    final ByteBuffer b = ByteBuffer.allocate(14 + 4 + 40 + l4Length);
    b.put(new byte[] {2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1});
    if (vlan) {
      b.putShort((short) 0x8100).putShort((short) (random.nextBoolean() ? 7 : 8));
    }
    if (v6) {
      b.putShort((short) 0x86DD);
      b.putInt(0x6000_0000).putShort((short) l4Length).put((byte) (tcp ? 6 : 17)).put((byte) 64);
      b.put(InetAddress.getByName(V6[random.nextInt(V6.length)]).getAddress());
      b.put(InetAddress.getByName(V6[random.nextInt(V6.length)]).getAddress());
    } else {
      b.putShort((short) 0x0800);
      b.put((byte) 0x45).put((byte) 0).putShort((short) (20 + l4Length)).putInt(0);
      b.put((byte) 64).put((byte) (tcp ? 6 : 17)).putShort((short) 0); // checksum left 0
      b.put(InetAddress.getByName(V4[random.nextInt(V4.length)]).getAddress());
      b.put(InetAddress.getByName(V4[random.nextInt(V4.length)]).getAddress());
    }
    b.putShort((short) (1024 + random.nextInt(60000)));
    b.putShort((short) PORTS[random.nextInt(PORTS.length)]);
    if (tcp) {
      b.putInt(random.nextInt()).putInt(0).put((byte) 0x50).put((byte) 0x10).putShort((short) 1024);
      b.putInt(0);
    } else {
      b.putShort((short) 8).putShort((short) 0);
    }
    final byte[] out = new byte[b.position()];
    b.flip().get(out);
    return out;
  }
}
