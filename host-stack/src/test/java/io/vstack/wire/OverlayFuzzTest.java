package io.vstack.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.InputStream;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Jazzer fuzz targets for the overlay and IPv6 parsers. In a normal build they replay the seeds
 * under {@code OverlayFuzzTestInputs/}; with {@code JAZZER_FUZZ=1} and {@code -Dtest=OverlayFuzzTest#fuzzGeneve} one
 * of them fuzzes for {@code maxDuration}. Each input sits in a
 * buffer of exactly its size, so any read past it throws; an accepted packet must survive
 * parse, emit and parse again unchanged.
 */
class OverlayFuzzTest {
  private static final int[] NO_EXTENSIONS = {};

  private final VxlanHeader vxlan = new VxlanHeader();
  private final GeneveHeader geneve = new GeneveHeader();
  private final Ipv6Packet ip = new Ipv6Packet();
  private final Icmpv6Message icmp = new Icmpv6Message();

  @FuzzTest(maxDuration = "60s")
  void fuzzVxlan(final byte[] input) {
    VxlanHeaderTest.assertReemitsIfAccepted(vxlan, new UnsafeBuffer(input));
  }

  @FuzzTest(maxDuration = "60s")
  void fuzzGeneve(final byte[] input) {
    GeneveHeaderTest.assertReemitsIfAccepted(geneve, new UnsafeBuffer(input));
  }

  @FuzzTest(maxDuration = "60s")
  void fuzzIpv6Icmpv6(final byte[] input) {
    if (ip.wrap(new UnsafeBuffer(input), 0, input.length) != WireError.OK) {
      return;
    }
    final Ipv6Repr header = Ipv6Repr.parse(ip);
    final WireError walk = ip.skipExtensionHeaders();
    if (walk == WireError.FRAGMENT) {
      assertThat(ip.fragmentOffset() % Ipv6Packet.EXTENSION_UNIT).isZero();
      return;
    }
    if (walk != WireError.OK || ip.upperLayerProtocol() != Ipv6Packet.NEXT_HEADER_ICMPV6) {
      return;
    }
    if ((header.trafficClass() & 1) != 0) {
      // Let the fuzzer past the checksum into the message bodies and neighbor discovery options.
      Icmpv6MessageTest.repairChecksum(ip, icmp);
    }
    if (icmp.wrap(ip) != WireError.OK) {
      return;
    }
    final Icmpv6Repr repr = Icmpv6Repr.parse(icmp);
    final byte[] again = Ipv6Frames.icmpv6(new Ipv6Repr(header.trafficClass(), header.flowLabel(), 0,
        Ipv6Packet.NEXT_HEADER_ICMPV6, header.hopLimit(), header.source(), header.destination()), NO_EXTENSIONS, repr);
    final UnsafeBuffer buffer = new UnsafeBuffer(again);
    assertThat(ip.wrap(buffer, EthernetFrame.HEADER_LENGTH, again.length - EthernetFrame.HEADER_LENGTH))
        .isEqualTo(WireError.OK);
    assertThat(ip.skipExtensionHeaders()).isEqualTo(WireError.OK);
    assertThat(icmp.wrap(ip)).isEqualTo(WireError.OK);
    assertThat(Icmpv6Repr.parse(icmp)).isEqualTo(repr);
  }

  @ParameterizedTest
  @ValueSource(strings = {"fuzzVxlan/vni42", "fuzzGeneve/no_options", "fuzzGeneve/two_options",
    "fuzzIpv6Icmpv6/echo", "fuzzIpv6Icmpv6/ns", "fuzzIpv6Icmpv6/na", "fuzzIpv6Icmpv6/hbh_dstopts_echo"})
  void shouldAcceptSeedWhenItIsAValidPacket(final String seed) throws IOException {
    final byte[] bytes = seed(seed);
    final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
    if (seed.startsWith("fuzzVxlan")) {
      assertThat(vxlan.wrap(buffer, 0, bytes.length)).isEqualTo(WireError.OK);
    } else if (seed.startsWith("fuzzGeneve")) {
      assertThat(geneve.wrap(buffer, 0, bytes.length)).isEqualTo(WireError.OK);
    } else {
      assertThat(ip.wrap(buffer, 0, bytes.length)).isEqualTo(WireError.OK);
      assertThat(ip.skipExtensionHeaders()).isEqualTo(WireError.OK);
      assertThat(icmp.wrap(ip)).isEqualTo(WireError.OK);
    }
  }

  @Test
  void shouldSeeFragmentSeedAsFragment() throws IOException {
    final byte[] bytes = seed("fuzzIpv6Icmpv6/fragment");
    assertThat(ip.wrap(new UnsafeBuffer(bytes), 0, bytes.length)).isEqualTo(WireError.OK);
    assertThat(ip.skipExtensionHeaders()).isEqualTo(WireError.FRAGMENT);
    assertThat(ip.fragmentIdentification()).isEqualTo(99);
    assertThat(ip.moreFragments()).isTrue();
  }

  private static byte[] seed(final String name) throws IOException {
    try (InputStream in = OverlayFuzzTest.class.getResourceAsStream("OverlayFuzzTestInputs/" + name)) {
      assertThat(in).as("seed " + name).isNotNull();
      return in.readAllBytes();
    }
  }
}
