package io.vstack.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.vstack.interop.Scapy;
import io.vstack.pcap.Tshark;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArpPacketTest {
  private final ArpPacket packet = new ArpPacket();
  private final WireParsers parsers = new WireParsers();

  static ArpRepr randomArp(final Random random) {
    return new ArpRepr(
        1 + random.nextInt(2),
        random.nextLong() & MacAddress.BROADCAST,
        random.nextInt(),
        random.nextLong() & MacAddress.BROADCAST,
        random.nextInt());
  }

  private static byte[] emit(final ArpRepr repr) {
    final byte[] bytes = new byte[ArpPacket.LENGTH];
    repr.emit(new ArpPacket(), new UnsafeBuffer(bytes), 0);
    return bytes;
  }

  private WireError wrap(final byte[] bytes) {
    return packet.wrap(new UnsafeBuffer(bytes), 0, bytes.length);
  }

  @Test
  void shouldRoundTripWhenFieldsAreRandom() {
    Seeded.forAll(
        "ARP parse(emit(x)) == x",
        2_000,
        (random, i) -> {
          final ArpRepr repr = randomArp(random);
          final int at = random.nextInt(16);
          final UnsafeBuffer buffer =
              new UnsafeBuffer(new byte[at + ArpPacket.LENGTH + random.nextInt(18)]);
          repr.emit(packet, buffer, at);
          assertThat(packet.wrap(buffer, at, buffer.capacity() - at)).isEqualTo(WireError.OK);
          assertThat(ArpRepr.parse(packet)).isEqualTo(repr);
        });
  }

  @Test
  void shouldBuildReplyThatSwapsSenderAndTarget() {
    final ArpRepr request = ArpRepr.request(Frames.MAC_A, Frames.IP_A, Frames.IP_B);
    final ArpRepr reply = ArpRepr.replyTo(request, Frames.MAC_B);
    assertThat(reply)
        .isEqualTo(
            new ArpRepr(
                ArpPacket.OPERATION_REPLY, Frames.MAC_B, Frames.IP_B, Frames.MAC_A, Frames.IP_A));
  }

  @Test
  void shouldReturnTruncatedWhenShorterThan28Bytes() {
    final byte[] bytes = emit(ArpRepr.request(Frames.MAC_A, Frames.IP_A, Frames.IP_B));
    assertThat(packet.wrap(new UnsafeBuffer(bytes), 0, 27)).isEqualTo(WireError.TRUNCATED);
    assertThat(packet.wrap(new UnsafeBuffer(bytes), 1, 28)).isEqualTo(WireError.TRUNCATED);
    assertThat(packet.wrap(new UnsafeBuffer(bytes), 0, 28)).isEqualTo(WireError.OK);
  }

  @Test
  void shouldReturnUnsupportedWhenHardwareTypeIsNotEthernet() {
    final byte[] bytes = emit(ArpRepr.request(Frames.MAC_A, Frames.IP_A, Frames.IP_B));
    bytes[1] = 6; // IEEE 802
    assertThat(wrap(bytes)).isEqualTo(WireError.UNSUPPORTED);
  }

  @Test
  void shouldReturnUnsupportedWhenProtocolTypeIsNotIpv4() {
    final byte[] bytes = emit(ArpRepr.request(Frames.MAC_A, Frames.IP_A, Frames.IP_B));
    bytes[2] = (byte) 0x86;
    bytes[3] = (byte) 0xDD;
    assertThat(wrap(bytes)).isEqualTo(WireError.UNSUPPORTED);
  }

  @Test
  void shouldReturnUnsupportedWhenOperationIsRarp() {
    final byte[] bytes = emit(ArpRepr.request(Frames.MAC_A, Frames.IP_A, Frames.IP_B));
    bytes[7] = 3; // RARP request
    assertThat(wrap(bytes)).isEqualTo(WireError.UNSUPPORTED);
  }

  @Test
  void shouldReturnBadFieldWhenAddressLengthsDoNotMatchEthernetAndIpv4() {
    final byte[] bytes = emit(ArpRepr.request(Frames.MAC_A, Frames.IP_A, Frames.IP_B));
    bytes[4] = 8;
    assertThat(wrap(bytes)).isEqualTo(WireError.BAD_FIELD);
    bytes[4] = 6;
    bytes[5] = 16;
    assertThat(wrap(bytes)).isEqualTo(WireError.BAD_FIELD);
  }

  @Test
  void shouldNeverThrowOrReadOutsideWhenBytesAreRandomOrMutated() {
    Seeded.forAll(
        "ARP robustness",
        5_000,
        (random, i) -> {
          final byte[] input =
              i % 4 == 0
                  ? Frames.randomBytes(random, random.nextInt(40))
                  : Robustness.mutate(
                      random,
                      emit(randomArp(random)),
                      ArpPacket.HARDWARE_TYPE_OFFSET,
                      ArpPacket.PROTOCOL_TYPE_OFFSET,
                      ArpPacket.HARDWARE_LENGTH_OFFSET,
                      ArpPacket.OPERATION_OFFSET);
          Robustness.check(random, input, parsers::arp);
          Robustness.check(random, input, parsers::frame);
        });
  }

  @Test
  void shouldBeDecodedByTsharkAsEmitted(@TempDir final Path dir) throws Exception {
    final ArpRepr request =
        ArpRepr.request(
            Frames.MAC_A, Ipv4Address.parse("192.168.7.1"), Ipv4Address.parse("192.168.7.2"));
    final ArpRepr reply = ArpRepr.replyTo(request, Frames.MAC_B);
    final Path pcap = dir.resolve("arp.pcap");
    Tshark.writePcap(pcap, List.of(Frames.arp(request), Frames.arp(reply)));

    assertThat(
            Tshark.fields(
                pcap,
                "arp.opcode",
                "arp.src.hw_mac",
                "arp.src.proto_ipv4",
                "arp.dst.hw_mac",
                "arp.dst.proto_ipv4"))
        .containsExactly(
            List.of("1", "02:00:00:00:00:0a", "192.168.7.1", "00:00:00:00:00:00", "192.168.7.2"),
            List.of("2", "02:00:00:00:00:0b", "192.168.7.2", "02:00:00:00:00:0a", "192.168.7.1"));
    Tshark.assertNoExpertWarnings(pcap);
  }

  @Test
  void shouldParseFramesBuiltByScapy() {
    final List<byte[]> frames =
        Scapy.frames(
            "Ether(src='02:00:00:00:00:0a', dst='ff:ff:ff:ff:ff:ff')/ARP(op=1, hwsrc='02:00:00:00:00:0a', "
                + "psrc='10.1.2.3', pdst='10.1.2.4')",
            "Ether()/ARP(op=2, hwsrc='02:00:00:00:00:0b', psrc='10.1.2.4', hwdst='02:00:00:00:00:0a', pdst='10.1.2.3')");
    final List<ArpRepr> parsed = new ArrayList<>();
    final EthernetFrame frame = new EthernetFrame();
    for (final byte[] bytes : frames) {
      final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
      assertThat(frame.wrap(buffer, 0, bytes.length)).isEqualTo(WireError.OK);
      assertThat(packet.wrap(buffer, frame.payloadOffset(), frame.payloadLength()))
          .isEqualTo(WireError.OK);
      parsed.add(ArpRepr.parse(packet));
    }
    assertThat(parsed)
        .containsExactly(
            ArpRepr.request(
                Frames.MAC_A, Ipv4Address.parse("10.1.2.3"), Ipv4Address.parse("10.1.2.4")),
            new ArpRepr(
                2,
                Frames.MAC_B,
                Ipv4Address.parse("10.1.2.4"),
                Frames.MAC_A,
                Ipv4Address.parse("10.1.2.3")));
  }
}
