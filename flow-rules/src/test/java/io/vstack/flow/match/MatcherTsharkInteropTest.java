package io.vstack.flow.match;

import static io.vstack.flow.match.FlowMatcher.NO_MARK;
import static io.vstack.flow.match.FlowMatcher.NO_META;
import static io.vstack.flow.match.Frames.frame;
import static org.assertj.core.api.Assertions.assertThat;

import io.vstack.flow.ExternalTool;
import io.vstack.flow.FlowDirection;
import io.vstack.flow.syntax.FlowSyntax;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The matcher against a real peer: seeded-random frame stacks go to a pcap; for each rule, the
 * frames the matcher hits must be exactly those tshark selects with an equivalent display filter
 * (layer operator {@code #1} = outermost occurrence, as the matcher anchors).
 */
class MatcherTsharkInteropTest {
  private static final long SEED = 20261126L;
  private static final int FRAMES = 400;
  private static final long MAC_A = 0x001122334455L;
  private static final long MAC_B = 0x02000000000AL;

  /** rule (testpmd) and the tshark display filter selecting the same frames. */
  private static final String[][] CASES = {
    {
      "eth / ipv4 / udp dst is 4789 / vxlan vni is 1001",
      "eth.type#1 == 0x0800 && ip.proto#1 == 17 && udp.dstport#1 == 4789 && vxlan.vni#1 == 1001"
    },
    {
      "eth / vlan vid is 100 / ipv4 src spec 10.0.0.0 src prefix 8",
      "eth.type#1 == 0x8100 && vlan.id#1 == 100 && vlan.etype#1 == 0x0800 && ip.src#1 in {10.0.0.0/8}"
    },
    {
      "ipv4 / tcp flags spec 0x02 flags mask 0x12",
      "ip.proto#1 == 6 && tcp.flags.syn#1 == 1 && tcp.flags.ack#1 == 0"
    },
    {
      "eth / ipv6 / udp dst spec 1000 dst last 2000 dst mask 0xffff",
      "eth.type#1 == 0x86dd && ipv6.nxt#1 == 17 && udp.dstport#1 >= 1000 && udp.dstport#1 <= 2000"
    },
    {
      "eth / ipv6 src spec 2001:db8:: src prefix 32 / udp / vxlan / eth / ipv4 dst is 10.0.0.7 / tcp",
      "eth.type#1 == 0x86dd && ipv6.src#1 in {2001:db8::/32} && ipv6.nxt#1 == 17 && vxlan"
          + " && ip.dst#1 == 10.0.0.7 && ip.proto#1 == 6"
    },
    {"eth / ipv4 / icmp type is 8", "eth.type#1 == 0x0800 && ip.proto#1 == 1 && icmp.type == 8"},
    {"ipv4 src spec 10.0.0.1", "ip.src#1 == 10.0.0.1 && ip.dst#1 == 0.0.0.0"},
    {
      "eth dst is 00:11:22:33:44:55 / vlan",
      "eth.dst#1 == 00:11:22:33:44:55 && eth.type#1 == 0x8100"
    },
    {"vxlan vni spec 1000 vni last 1001", "vxlan.vni#1 >= 1000 && vxlan.vni#1 <= 1001"},
    {
      "eth / ipv4 / udp src spec 40000 dst spec 53",
      "eth.type#1 == 0x0800 && udp.srcport#1 == 40000 && udp.dstport#1 == 53"
    },
  };

  @Test
  void shouldSelectSameFramesAsTsharkWhenRulesHaveEquivalentFilters() throws Exception {
    final ExternalTool tshark = ExternalTool.require("tshark", "tshark");
    final Random random = new Random(SEED);
    final List<byte[]> frames = new ArrayList<>();
    for (int i = 0; i < FRAMES; i++) {
      frames.add(randomFrame(random));
    }
    final Path pcap = Files.createTempFile("vsf-matcher", ".pcap");
    try {
      Files.write(pcap, pcap(frames));
      for (final String[] c : CASES) {
        final FlowMatcher matcher =
            FlowMatcher.compile(
                List.of(
                    FlowSyntax.parseRule("ingress pattern " + c[0] + " / end actions count / end")),
                FlowDirection.INGRESS);
        final Set<Integer> ours = new TreeSet<>();
        for (int i = 0; i < frames.size(); i++) {
          final byte[] f = frames.get(i);
          if (matcher.match(f, 0, f.length, NO_MARK, NO_META, 0).matched()) {
            ours.add(i + 1);
          }
        }
        final Set<Integer> theirs = tsharkFrames(tshark, pcap, c[1]);
        assertThat(ours)
            .as("seed %d, rule '%s' vs tshark '%s'", SEED, c[0], c[1])
            .isEqualTo(theirs);
        assertThat(ours.size())
            .as("rule '%s' must select some but not all frames", c[0])
            .isBetween(1, FRAMES - 1);
      }
    } finally {
      Files.deleteIfExists(pcap);
    }
  }

  private static byte[] randomFrame(final Random random) {
    final Frames f = frame();
    final boolean v6 = random.nextInt(3) == 0;
    final int l3 = v6 ? 0x86DD : 0x0800;
    final long dst = random.nextBoolean() ? MAC_A : MAC_B;
    if (random.nextInt(3) == 0) {
      f.eth(dst, MAC_B, 0x8100).vlan(random.nextInt(8), 0, pick(random, 100, 200), l3);
    } else {
      f.eth(dst, MAC_B, l3);
    }
    final int kind = random.nextInt(v6 ? 3 : 4);
    final int proto = kind == 2 ? 6 : kind == 3 ? 1 : 17;
    if (v6) {
      f.ipv6(
          0,
          random.nextInt(16),
          proto,
          64,
          pick(random, "2001:db8::1", "2001:db8:ffff::2", "2001:db9::1", "fe80::1"),
          pick(random, "2001:db8::2", "fe80::2"));
    } else {
      f.ipv4(
          0,
          64,
          proto,
          pick(random, "10.0.0.1", "10.1.2.3", "192.0.2.1"),
          pick(random, "10.0.0.7", "0.0.0.0", "192.0.2.2"));
    }
    switch (kind) {
      case 0 ->
          f.udp(40000, 4789)
              .vxlan(pick(random, 999, 1000, 1001, 1002))
              .eth(0x0200000000BBL, 0x0200000000CCL, 0x0800)
              .ipv4(0, 64, 6, "172.16.0.1", pick(random, "10.0.0.7", "10.0.0.8"))
              .tcp(1234, 80, pick(random, 0x02, 0x12, 0x10));
      case 1 ->
          f.udp(pick(random, 40000, 5353), pick(random, 53, 999, 1000, 1500, 2000, 2001))
              .payload(8);
      case 2 -> f.tcp(pick(random, 443, 1000), 80, pick(random, 0x02, 0x12, 0x10, 0x03));
      default -> f.icmp(pick(random, 8, 0), 0, 1, 2);
    }
    return f.bytes();
  }

  private static String pick(final Random random, final String... values) {
    return values[random.nextInt(values.length)];
  }

  private static int pick(final Random random, final int... values) {
    return values[random.nextInt(values.length)];
  }

  /** Classic libpcap file, Ethernet link type. */
  private static byte[] pcap(final List<byte[]> frames) {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteBuffer header =
        ByteBuffer.allocate(24)
            .order(ByteOrder.LITTLE_ENDIAN)
            .putInt(0xA1B2C3D4)
            .putShort((short) 2)
            .putShort((short) 4)
            .putInt(0)
            .putInt(0)
            .putInt(65535)
            .putInt(1);
    out.writeBytes(header.array());
    int second = 0;
    for (final byte[] f : frames) {
      out.writeBytes(
          ByteBuffer.allocate(16)
              .order(ByteOrder.LITTLE_ENDIAN)
              .putInt(second++)
              .putInt(0)
              .putInt(f.length)
              .putInt(f.length)
              .array());
      out.writeBytes(f);
    }
    return out.toByteArray();
  }

  private static Set<Integer> tsharkFrames(
      final ExternalTool tshark, final Path pcap, final String filter)
      throws IOException, InterruptedException {
    final Set<Integer> frames = new TreeSet<>();
    for (final String line :
        tshark
            .run(
                "",
                false,
                "-n",
                "-r",
                pcap.toString(),
                "-Y",
                filter,
                "-T",
                "fields",
                "-e",
                "frame.number")
            .lines()
            .toList()) {
      if (!line.isBlank()) {
        frames.add(Integer.parseInt(line.trim()));
      }
    }
    return frames;
  }
}
