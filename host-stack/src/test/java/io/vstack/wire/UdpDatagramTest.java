package io.vstack.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.vstack.interop.Scapy;
import io.vstack.pcap.Tshark;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UdpDatagramTest {
  private static final long PSEUDO =
      InternetChecksum.ipv4PseudoHeaderSum(Frames.IP_A, Frames.IP_B, Ipv4Packet.PROTOCOL_UDP, 0);

  private final UdpDatagram datagram = new UdpDatagram();
  private final WireParsers parsers = new WireParsers();

  static UdpRepr randomUdp(final Random random) {
    return new UdpRepr(
        random.nextInt(0x10000),
        random.nextInt(0x10000),
        Octets.of(Frames.randomBytes(random, random.nextInt(200))));
  }

  static byte[] emit(final UdpRepr repr, final long pseudoSum) {
    final byte[] bytes = new byte[repr.length()];
    repr.emit(new UdpDatagram(), new UnsafeBuffer(bytes), 0, pseudoSum);
    return bytes;
  }

  private WireError wrap(final byte[] bytes) {
    return datagram.wrap(new UnsafeBuffer(bytes), 0, bytes.length);
  }

  @Test
  void shouldRoundTripWhenFieldsAndPseudoHeaderAreRandom() {
    Seeded.forAll(
        "UDP parse(emit(x)) == x",
        3_000,
        (random, i) -> {
          final UdpRepr repr = randomUdp(random);
          // A random pseudo-header sum stands for any IPv4 or IPv6 pseudo header.
          final long pseudo = random.nextLong() >>> 24;
          final int at = random.nextInt(16);
          final UnsafeBuffer buffer =
              new UnsafeBuffer(new byte[at + repr.length() + random.nextInt(8)]);
          repr.emit(datagram, buffer, at, pseudo);
          assertThat(datagram.wrap(buffer, at, repr.length())).isEqualTo(WireError.OK);
          assertThat(datagram.verifyChecksum(pseudo, false)).isEqualTo(WireError.OK);
          assertThat(datagram.checksum()).isNotZero();
          assertThat(UdpRepr.parse(datagram)).isEqualTo(repr);
        });
  }

  @Test
  void shouldVerifyAgainstIpv6PseudoHeader() {
    final UnsafeBuffer addresses = new UnsafeBuffer(new byte[32]);
    addresses.putLong(0, 0x2001_0db8_0000_0000L);
    addresses.putLong(8, 1L);
    addresses.putLong(16, 0x2001_0db8_0000_0000L);
    addresses.putLong(24, 2L);
    final long pseudo =
        InternetChecksum.ipv6PseudoHeaderSum(addresses, 0, 16, Ipv4Packet.PROTOCOL_UDP, 0);
    final byte[] bytes = emit(new UdpRepr(546, 547, Octets.of(1, 2, 3)), pseudo);
    assertThat(wrap(bytes)).isEqualTo(WireError.OK);
    assertThat(datagram.verifyChecksum(pseudo, false)).isEqualTo(WireError.OK);
    // The same bytes with the full pseudo header computed by the IPv6 helper itself (length given):
    final long full =
        InternetChecksum.ipv6PseudoHeaderSum(
            addresses, 0, 16, Ipv4Packet.PROTOCOL_UDP, bytes.length);
    assertThat(InternetChecksum.verifies(new UnsafeBuffer(bytes), 0, bytes.length, full)).isTrue();
  }

  @Test
  void shouldSendComputedZeroChecksumAsAllOnes() {
    // Choose the last payload word so that the checksum computes to 0.
    final byte[] bytes = emit(new UdpRepr(1000, 2000, Octets.of(0, 0)), PSEUDO);
    final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
    buffer.putShort(UdpDatagram.CHECKSUM_OFFSET, (short) 0);
    final int folded =
        InternetChecksum.fold(InternetChecksum.sum(buffer, 0, bytes.length, PSEUDO + bytes.length));
    buffer.putShort(8, (short) (~folded), ByteOrder.BIG_ENDIAN);
    datagram.wrapForEmit(buffer, 0).fillChecksum(PSEUDO);
    assertThat(datagram.checksum()).isEqualTo(0xFFFF);
    assertThat(wrap(bytes)).isEqualTo(WireError.OK);
    assertThat(datagram.verifyChecksum(PSEUDO, false)).isEqualTo(WireError.OK);
  }

  @Test
  void shouldAcceptZeroChecksumOnlyWhenZeroMeansNone() {
    final byte[] bytes = emit(new UdpRepr(1, 2, Octets.of(9, 9, 9)), PSEUDO);
    bytes[6] = 0;
    bytes[7] = 0;
    assertThat(wrap(bytes)).isEqualTo(WireError.OK);
    assertThat(datagram.verifyChecksum(PSEUDO, true)).isEqualTo(WireError.OK);
    assertThat(datagram.verifyChecksum(PSEUDO, false)).isEqualTo(WireError.BAD_CHECKSUM);
  }

  @Test
  void shouldReturnBadChecksumWhenABitFlipsOrThePseudoHeaderDiffers() {
    Seeded.forAll(
        "UDP checksum",
        1_000,
        (random, i) -> {
          final byte[] bytes = emit(randomUdp(random), PSEUDO);
          final int at = random.nextBoolean() ? 0 : 8 + random.nextInt(bytes.length - 8 + 1);
          if (at < bytes.length && at != 4 && at != 5) {
            bytes[at] ^= (byte) (1 << random.nextInt(8));
            assertThat(wrap(bytes)).isEqualTo(WireError.OK);
            assertThat(datagram.verifyChecksum(PSEUDO, true)).isIn(WireError.BAD_CHECKSUM);
          } else {
            assertThat(wrap(bytes)).isEqualTo(WireError.OK);
            final long otherSource =
                InternetChecksum.ipv4PseudoHeaderSum(Frames.IP_A + 1, Frames.IP_B, 17, 0);
            assertThat(datagram.verifyChecksum(otherSource, true))
                .isEqualTo(WireError.BAD_CHECKSUM);
          }
        });
  }

  @Test
  void shouldReturnTruncatedWhenShorterThanHeader() {
    final byte[] bytes = emit(new UdpRepr(1, 2, Octets.EMPTY), PSEUDO);
    assertThat(datagram.wrap(new UnsafeBuffer(bytes), 0, 7)).isEqualTo(WireError.TRUNCATED);
    assertThat(datagram.wrap(new UnsafeBuffer(bytes), 1, 8)).isEqualTo(WireError.TRUNCATED);
  }

  @Test
  void shouldReturnBadTotalLengthWhenLengthFieldIsBelow8OrBeyondTheIpPayload() {
    final byte[] bytes = emit(new UdpRepr(1, 2, Octets.of(1, 2, 3, 4)), PSEUDO);
    bytes[5] = 7;
    assertThat(wrap(bytes)).isEqualTo(WireError.BAD_TOTAL_LENGTH);
    bytes[5] = 13;
    assertThat(wrap(bytes)).isEqualTo(WireError.BAD_TOTAL_LENGTH);
  }

  @Test
  void shouldFollowLengthFieldWhenIpPayloadIsLonger() {
    final byte[] bytes =
        java.util.Arrays.copyOf(emit(new UdpRepr(1, 2, Octets.of(1, 2, 3, 4)), PSEUDO), 20);
    assertThat(wrap(bytes)).isEqualTo(WireError.OK);
    assertThat(datagram.payloadLength()).isEqualTo(4);
    assertThat(datagram.verifyChecksum(PSEUDO, false)).isEqualTo(WireError.OK);
  }

  @Test
  void shouldKeepChecksumValidWhenAnAddressIsRewritten() {
    Seeded.forAll(
        "UDP checksum after NAT",
        2_000,
        (random, i) -> {
          final int source = random.nextInt();
          final int destination = random.nextInt();
          final int newSource = random.nextInt();
          final byte[] bytes =
              emit(
                  randomUdp(random),
                  InternetChecksum.ipv4PseudoHeaderSum(source, destination, 17, 0));
          assertThat(wrap(bytes)).isEqualTo(WireError.OK);
          datagram.adjustChecksumForAddressChange(source, newSource);
          assertThat(datagram.checksum()).isNotZero();
          assertThat(
                  datagram.verifyChecksum(
                      InternetChecksum.ipv4PseudoHeaderSum(newSource, destination, 17, 0), false))
              .isEqualTo(WireError.OK);
        });
  }

  @Test
  void shouldNeverThrowOrReadOutsideWhenBytesAreRandomOrMutated() {
    Seeded.forAll(
        "UDP robustness",
        5_000,
        (random, i) -> {
          final byte[] input =
              i % 5 == 0
                  ? Frames.randomBytes(random, random.nextInt(40))
                  : Robustness.mutate(
                      random, emit(randomUdp(random), PSEUDO), UdpDatagram.LENGTH_OFFSET);
          Robustness.check(random, input, parsers::udp);
          Robustness.check(
              random,
              Robustness.mutate(
                  random,
                  Frames.udp(Frames.IP_A, Frames.IP_B, randomUdp(random)),
                  16,
                  14 + 20 + UdpDatagram.LENGTH_OFFSET),
              parsers::frame);
        });
  }

  @Test
  void shouldBeDecodedByTsharkAsEmitted(@TempDir final Path dir) throws Exception {
    final Path pcap = dir.resolve("udp.pcap");
    Tshark.writePcap(
        pcap,
        List.of(
            Frames.udp(
                Frames.IP_A,
                Frames.IP_B,
                new UdpRepr(40001, 40002, Octets.of("hello, udp".getBytes()))),
            Frames.udp(Frames.IP_B, Frames.IP_A, new UdpRepr(40002, 40001, Octets.EMPTY))));
    assertThat(
            Tshark.fields(
                pcap,
                "udp.srcport",
                "udp.dstport",
                "udp.length",
                "udp.checksum.status",
                "data.data"))
        .containsExactly(
            List.of("40001", "40002", "18", "1", "68656c6c6f2c20756470"),
            List.of("40002", "40001", "8", "1", ""));
    Tshark.assertNoExpertWarnings(pcap);
  }

  @Test
  void shouldParseFramesBuiltByScapy() {
    final List<byte[]> frames =
        Scapy.frames(
            "Ether()/IP(src='10.0.0.1', dst='10.0.0.2')/UDP(sport=5555, dport=6666)/Raw(b'scapy-udp')",
            "Ether()/IP(src='10.0.0.1', dst='10.0.0.2')/UDP(sport=7, dport=8, chksum=0)/Raw(b'no sum')");
    final UdpRepr[] parsed = new UdpRepr[2];
    for (int i = 0; i < 2; i++) {
      final Ipv4Packet ip = Frames.wrapIpv4(frames.get(i));
      assertThat(datagram.wrap(ip.buffer(), ip.payloadOffset(), ip.payloadLength()))
          .isEqualTo(WireError.OK);
      assertThat(datagram.verifyChecksum(ip.pseudoHeaderSum(), true)).isEqualTo(WireError.OK);
      parsed[i] = UdpRepr.parse(datagram);
    }
    assertThat(parsed)
        .containsExactly(
            new UdpRepr(5555, 6666, Octets.of("scapy-udp".getBytes())),
            new UdpRepr(7, 8, Octets.of("no sum".getBytes())));
    assertThat(datagram.checksum()).isZero();
  }
}
