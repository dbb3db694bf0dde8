package io.vstack.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.vstack.interop.Scapy;
import io.vstack.pcap.Tshark;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Icmpv4PacketTest {
  private final Icmpv4Packet packet = new Icmpv4Packet();
  private final WireParsers parsers = new WireParsers();

  static Icmpv4Repr randomIcmp(final Random random) {
    final Octets data = Octets.of(Frames.randomBytes(random, random.nextInt(100)));
    final Octets quoted = Octets.of(Frames.randomBytes(random, 28 + random.nextInt(100)));
    return switch (random.nextInt(3)) {
      case 0 ->
          new Icmpv4Repr.Echo(
              random.nextBoolean(), random.nextInt(0x10000), random.nextInt(0x10000), data);
      case 1 ->
          new Icmpv4Repr.DestinationUnreachable(
              random.nextInt(16), random.nextInt(0x10000), quoted);
      default -> new Icmpv4Repr.TimeExceeded(random.nextInt(2), quoted);
    };
  }

  static byte[] emit(final Icmpv4Repr repr) {
    final byte[] bytes = new byte[repr.length()];
    repr.emit(new Icmpv4Packet(), new UnsafeBuffer(bytes), 0);
    return bytes;
  }

  private WireError wrap(final byte[] bytes) {
    return packet.wrap(new UnsafeBuffer(bytes), 0, bytes.length);
  }

  private static byte[] withChecksum(final byte[] bytes) {
    new Icmpv4Packet().wrapForEmit(new UnsafeBuffer(bytes), 0, bytes.length).fillChecksum();
    return bytes;
  }

  @Test
  void shouldRoundTripWhenFieldsAreRandom() {
    Seeded.forAll(
        "ICMPv4 parse(emit(x)) == x",
        3_000,
        (random, i) -> {
          final Icmpv4Repr repr = randomIcmp(random);
          final int at = random.nextInt(16);
          final UnsafeBuffer buffer =
              new UnsafeBuffer(new byte[at + repr.length() + random.nextInt(8)]);
          repr.emit(packet, buffer, at);
          assertThat(packet.wrap(buffer, at, repr.length())).isEqualTo(WireError.OK);
          assertThat(Icmpv4Repr.parse(packet)).isEqualTo(repr);
        });
  }

  @Test
  void shouldAnswerEchoRequestWithSameIdentifierSequenceAndData() {
    final Icmpv4Repr.Echo request = new Icmpv4Repr.Echo(true, 77, 3, Octets.of(1, 2, 3));
    assertThat(request.reply()).isEqualTo(new Icmpv4Repr.Echo(false, 77, 3, Octets.of(1, 2, 3)));
    assertThat(emit(request.reply())[0]).isEqualTo((byte) Icmpv4Packet.TYPE_ECHO_REPLY);
  }

  @Test
  void shouldReturnTruncatedWhenShorterThanHeaderOrQuoteIsShorterThanIpv4Header() {
    final byte[] echo = emit(new Icmpv4Repr.Echo(true, 1, 1, Octets.EMPTY));
    assertThat(packet.wrap(new UnsafeBuffer(echo), 0, 7)).isEqualTo(WireError.TRUNCATED);
    assertThat(packet.wrap(new UnsafeBuffer(echo), 1, 8)).isEqualTo(WireError.TRUNCATED);
    assertThat(wrap(echo)).isEqualTo(WireError.OK);
    final byte[] shortQuote = emit(new Icmpv4Repr.TimeExceeded(0, Octets.of(new byte[19])));
    assertThat(wrap(shortQuote)).isEqualTo(WireError.TRUNCATED);
    final byte[] quote = emit(new Icmpv4Repr.DestinationUnreachable(3, 0, Octets.of(new byte[20])));
    assertThat(wrap(quote)).isEqualTo(WireError.OK);
  }

  @Test
  void shouldReturnBadChecksumWhenAnyBitFlips() {
    Seeded.forAll(
        "ICMPv4 checksum catches a flipped bit",
        1_000,
        (random, i) -> {
          final byte[] bytes = emit(randomIcmp(random));
          bytes[random.nextInt(bytes.length)] ^= (byte) (1 << random.nextInt(8));
          assertThat(wrap(bytes)).isEqualTo(WireError.BAD_CHECKSUM);
        });
  }

  @Test
  void shouldReturnUnsupportedWhenTypeIsNotHandled() {
    final byte[] bytes = emit(new Icmpv4Repr.Echo(true, 1, 1, Octets.of(new byte[12])));
    bytes[0] = 13; // timestamp request
    assertThat(wrap(withChecksum(bytes))).isEqualTo(WireError.UNSUPPORTED);
  }

  @Test
  void shouldNeverThrowOrReadOutsideWhenBytesAreRandomOrMutated() {
    Seeded.forAll(
        "ICMPv4 robustness",
        5_000,
        (random, i) -> {
          byte[] input =
              i % 5 == 0
                  ? Frames.randomBytes(random, random.nextInt(60))
                  : Robustness.mutate(random, emit(randomIcmp(random)), Icmpv4Packet.TYPE_OFFSET);
          if (input.length >= 4 && random.nextBoolean()) {
            input = withChecksum(input);
          }
          Robustness.check(random, input, parsers::icmpv4);
          Robustness.check(
              random,
              Robustness.mutate(
                  random,
                  Frames.icmpv4(Frames.IP_A, Frames.IP_B, randomIcmp(random)),
                  16,
                  14 + 20 + 2),
              parsers::frame);
        });
  }

  @Test
  void shouldBeDecodedByTsharkAsEmitted(@TempDir final Path dir) throws Exception {
    final int a = Ipv4Address.parse("10.0.0.1");
    final int b = Ipv4Address.parse("10.0.0.2");
    final Icmpv4Repr.Echo request =
        new Icmpv4Repr.Echo(true, 0x4242, 7, Octets.of("vstack ping".getBytes()));
    final byte[] offending =
        Frames.ipv4Bytes(Frames.ipv4(-1, Ipv4Repr.of(a, b, 253, 8), (buf, o) -> {}));
    final Path pcap = dir.resolve("icmp.pcap");
    Tshark.writePcap(
        pcap,
        List.of(
            Frames.icmpv4(a, b, request),
            Frames.icmpv4(b, a, request.reply()),
            Frames.icmpv4(
                b,
                a,
                new Icmpv4Repr.DestinationUnreachable(
                    Icmpv4Packet.CODE_PROTOCOL_UNREACHABLE, 0, Octets.of(offending))),
            Frames.icmpv4(
                b,
                a,
                new Icmpv4Repr.TimeExceeded(
                    Icmpv4Packet.CODE_TTL_EXCEEDED, Octets.of(offending)))));

    assertThat(
            Tshark.fields(
                pcap,
                "icmp.type",
                "icmp.code",
                "icmp.ident",
                "icmp.seq",
                "icmp.checksum.status",
                "data.data",
                "ip.src",
                "ip.proto"))
        .containsExactly(
            List.of("8", "0", "16962", "7", "1", "76737461636b2070696e67", "10.0.0.1", "1"),
            List.of("0", "0", "16962", "7", "1", "76737461636b2070696e67", "10.0.0.2", "1"),
            List.of("3", "2", "", "", "1", "0000000000000000", "10.0.0.2,10.0.0.1", "1,253"),
            List.of("11", "0", "", "", "1", "0000000000000000", "10.0.0.2,10.0.0.1", "1,253"));
    Tshark.assertNoExpertWarnings(pcap);
  }

  @Test
  void shouldParseFramesBuiltByScapy() {
    final List<byte[]> frames =
        Scapy.frames(
            "Ether()/IP(src='10.1.1.1', dst='10.1.1.2')/ICMP(type=8, id=0x1234, seq=9)/Raw(b'abcdef')",
            "Ether()/IP(src='10.1.1.2', dst='10.1.1.1')/ICMP(type=3, code=4, nexthopmtu=1400)"
                + "/IPerror(src='10.1.1.1', dst='10.1.1.2')/UDPerror(sport=1000, dport=2000)");
    final Icmpv4Repr[] parsed = new Icmpv4Repr[2];
    for (int i = 0; i < 2; i++) {
      final Ipv4Packet ip = Frames.wrapIpv4(frames.get(i));
      assertThat(packet.wrap(ip.buffer(), ip.payloadOffset(), ip.payloadLength()))
          .isEqualTo(WireError.OK);
      parsed[i] = Icmpv4Repr.parse(packet);
    }
    assertThat(parsed[0])
        .isEqualTo(new Icmpv4Repr.Echo(true, 0x1234, 9, Octets.of("abcdef".getBytes())));
    final Icmpv4Repr.DestinationUnreachable unreachable =
        (Icmpv4Repr.DestinationUnreachable) parsed[1];
    assertThat(unreachable.code()).isEqualTo(Icmpv4Packet.CODE_FRAGMENTATION_NEEDED);
    assertThat(unreachable.nextHopMtu()).isEqualTo(1400);
    assertThat(unreachable.quoted().length()).isEqualTo(28);
    assertThat(unreachable.quoted().get(12)).isEqualTo((byte) 10);
  }
}
