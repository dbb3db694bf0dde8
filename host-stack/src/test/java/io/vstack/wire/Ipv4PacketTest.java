package io.vstack.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vstack.interop.Scapy;
import io.vstack.pcap.Tshark;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Ipv4PacketTest {
  private final Ipv4Packet packet = new Ipv4Packet();
  private final WireParsers parsers = new WireParsers();

  /** Well-formed random options: NOPs and type-length-value options, ending in EOL padding. */
  static Octets randomOptions(final Random random) {
    final int length = 4 * random.nextInt(11);
    final byte[] options = new byte[length];
    int i = 0;
    while (i < length && random.nextInt(8) != 0) {
      if (random.nextInt(3) == 0 || length - i < 2) {
        options[i++] = Ipv4Packet.OPTION_NOP;
        continue;
      }
      final int optionLength = 2 + random.nextInt(length - i - 1);
      options[i] = (byte) (2 + random.nextInt(254));
      options[i + 1] = (byte) optionLength;
      for (int j = 2; j < optionLength; j++) {
        options[i + j] = (byte) random.nextInt(256);
      }
      i += optionLength;
    }
    return Octets.of(options); // the rest stays 0: End of Option List
  }

  static Ipv4Repr randomIpv4(final Random random, final boolean fragment) {
    final Octets options = randomOptions(random);
    final boolean moreFragments = fragment && random.nextBoolean();
    final int fragmentOffset = fragment && !moreFragments ? 8 * (1 + random.nextInt(0x1FFF)) : 0;
    return new Ipv4Repr(
        random.nextInt(),
        random.nextInt(),
        random.nextInt(256),
        random.nextInt(256),
        random.nextInt(64),
        random.nextInt(4),
        random.nextInt(0x10000),
        !fragment && random.nextBoolean(),
        moreFragments,
        fragmentOffset,
        options,
        random.nextInt(200));
  }

  static byte[] emit(final Ipv4Repr repr) {
    final byte[] bytes = new byte[repr.totalLength()];
    repr.emit(new Ipv4Packet(), new UnsafeBuffer(bytes), 0);
    return bytes;
  }

  private WireError wrap(final byte[] bytes) {
    return packet.wrap(new UnsafeBuffer(bytes), 0, bytes.length);
  }

  /** Recomputes the header checksum of whatever the bytes say, without touching other fields. */
  private static byte[] withChecksum(final byte[] bytes) {
    final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
    buffer.putShort(Ipv4Packet.CHECKSUM_OFFSET, (short) 0, java.nio.ByteOrder.BIG_ENDIAN);
    final int checksum = InternetChecksum.compute(buffer, 0, Math.max(20, (bytes[0] & 0xF) * 4));
    buffer.putShort(Ipv4Packet.CHECKSUM_OFFSET, (short) checksum, java.nio.ByteOrder.BIG_ENDIAN);
    return bytes;
  }

  private static byte[] header() {
    return emit(Ipv4Repr.of(Frames.IP_A, Frames.IP_B, Ipv4Packet.PROTOCOL_UDP, 8));
  }

  @Test
  void shouldRoundTripWhenFieldsAndOptionsAreRandom() {
    Seeded.forAll(
        "IPv4 parse(emit(x)) == x",
        3_000,
        (random, i) -> {
          final boolean fragment = i % 5 == 0;
          final Ipv4Repr repr = randomIpv4(random, fragment);
          final int at = random.nextInt(16);
          final int padding = random.nextInt(30);
          final UnsafeBuffer buffer = new UnsafeBuffer(new byte[at + repr.totalLength() + padding]);
          repr.emit(packet, buffer, at);
          assertThat(packet.wrap(buffer, at, repr.totalLength() + padding))
              .isEqualTo(fragment ? WireError.FRAGMENT : WireError.OK);
          assertThat(Ipv4Repr.parse(packet)).isEqualTo(repr);
          assertThat(packet.payloadOffset()).isEqualTo(at + repr.headerLength());
        });
  }

  @Test
  void shouldWriteTheSameBytesAsTheFlyweightWhenWriteHeaderIsGivenRandomFields() {
    Seeded.forAll(
        "Ipv4Packet.writeHeader == flyweight setters + fillChecksum",
        3_000,
        (random, i) -> {
          final int ecn = random.nextInt(4);
          final int totalLength = 20 + random.nextInt(0x10000 - 20);
          final int identification = random.nextInt(0x10000);
          final boolean dontFragment = random.nextBoolean();
          final int ttl = random.nextInt(256);
          final int protocol = random.nextInt(256);
          final int source = random.nextInt();
          final int destination = random.nextInt();
          final int at = random.nextInt(8);
          final UnsafeBuffer expected = new UnsafeBuffer(new byte[at + 20]);
          packet
              .wrapForEmit(expected, at, 20)
              .dscpEcn(0, ecn)
              .totalLength(totalLength)
              .identification(identification)
              .flagsFragment(dontFragment, false, 0)
              .ttl(ttl)
              .protocol(protocol)
              .source(source)
              .destination(destination)
              .fillChecksum();
          final UnsafeBuffer actual = new UnsafeBuffer(new byte[at + 20]);
          Ipv4Packet.writeHeader(
              actual,
              at,
              ecn,
              totalLength,
              identification,
              dontFragment,
              ttl,
              protocol,
              source,
              destination);
          assertThat(actual.byteArray()).isEqualTo(expected.byteArray());
          assertThat(InternetChecksum.verifies(actual, at, 20, 0)).isTrue();
        });
  }

  @Test
  void shouldFollowTotalLengthWhenBufferHoldsEthernetPadding() {
    final byte[] bytes = java.util.Arrays.copyOf(header(), 46);
    assertThat(wrap(bytes)).isEqualTo(WireError.OK);
    assertThat(packet.payloadLength()).isEqualTo(8);
  }

  @Test
  void shouldReturnTruncatedWhenBufferIsShorterThanHeaderOrTotalLength() {
    final byte[] bytes = header();
    assertThat(packet.wrap(new UnsafeBuffer(bytes), 0, 19)).isEqualTo(WireError.TRUNCATED);
    assertThat(packet.wrap(new UnsafeBuffer(bytes), 0, 27)).isEqualTo(WireError.TRUNCATED);
    assertThat(packet.wrap(new UnsafeBuffer(bytes), 1, 28)).isEqualTo(WireError.TRUNCATED);
    assertThat(packet.wrap(new UnsafeBuffer(bytes), -1, 20)).isEqualTo(WireError.TRUNCATED);
  }

  @Test
  void shouldReturnBadVersionWhenVersionIsNot4() {
    final byte[] bytes = header();
    bytes[0] = 0x65;
    assertThat(wrap(withChecksum(bytes))).isEqualTo(WireError.BAD_VERSION);
  }

  @Test
  void shouldReturnBadHeaderLengthWhenIhlIsBelow5OrBeyondTotalLength() {
    final byte[] bytes = header();
    bytes[0] = 0x44;
    assertThat(wrap(bytes)).isEqualTo(WireError.BAD_HEADER_LENGTH);
    final byte[] longHeader = java.util.Arrays.copyOf(header(), 60);
    longHeader[0] = 0x4F; // 60-byte header, but Total Length says 28
    assertThat(wrap(withChecksum(longHeader))).isEqualTo(WireError.BAD_HEADER_LENGTH);
  }

  @Test
  void shouldReturnBadTotalLengthWhenTotalLengthIsBelow20() {
    final byte[] bytes = header();
    bytes[2] = 0;
    bytes[3] = 19;
    assertThat(wrap(withChecksum(bytes))).isEqualTo(WireError.BAD_TOTAL_LENGTH);
  }

  @Test
  void shouldReturnBadChecksumWhenAnyHeaderBitFlips() {
    Seeded.forAll(
        "IPv4 checksum catches a flipped bit",
        500,
        (random, i) -> {
          final byte[] bytes = emit(randomIpv4(random, false));
          final int headerLength = (bytes[0] & 0xF) * 4;
          // Flip a bit of a field that no earlier check looks at: addresses, TTL, protocol, id,
          // options.
          final int[] candidates = {4, 5, 8, 9, 12, 13, 14, 15, 16, 17, 18, 19};
          final int at =
              headerLength > 20 && random.nextBoolean()
                  ? 20 + random.nextInt(headerLength - 20)
                  : candidates[random.nextInt(candidates.length)];
          bytes[at] ^= (byte) (1 << random.nextInt(8));
          assertThat(wrap(bytes)).isIn(WireError.BAD_CHECKSUM);
        });
  }

  @Test
  void shouldReturnBadOptionWhenOptionLengthIsZeroOneOrPastTheHeader() {
    for (final byte[] options :
        List.of(
            new byte[] {(byte) 0x94, 0, 0, 0},
            new byte[] {(byte) 0x94, 1, 0, 0},
            new byte[] {1, 1, 7, 11},
            new byte[] {1, 1, 1, 7})) {
      final Ipv4Repr repr =
          new Ipv4Repr(
              Frames.IP_A, Frames.IP_B, 17, 64, 0, 0, 0, true, false, 0, Octets.of(options), 0);
      assertThat(wrap(emit(repr)))
          .as("options %s", Octets.of(options))
          .isEqualTo(WireError.BAD_OPTION);
    }
  }

  @Test
  void shouldReturnFragmentWhenMoreFragmentsIsSetOrOffsetIsNonZero() {
    final Ipv4Repr first =
        new Ipv4Repr(Frames.IP_A, Frames.IP_B, 17, 64, 0, 0, 7, false, true, 0, Octets.EMPTY, 16);
    assertThat(wrap(emit(first))).isEqualTo(WireError.FRAGMENT);
    assertThat(packet.moreFragments()).isTrue();
    final Ipv4Repr last =
        new Ipv4Repr(Frames.IP_A, Frames.IP_B, 17, 64, 0, 0, 7, false, false, 16, Octets.EMPTY, 8);
    assertThat(wrap(emit(last))).isEqualTo(WireError.FRAGMENT);
    assertThat(packet.fragmentOffset()).isEqualTo(16);
    final byte[] damaged = emit(last);
    damaged[1] ^= 1;
    assertThat(wrap(damaged))
        .as("header checked before FRAGMENT")
        .isEqualTo(WireError.BAD_CHECKSUM);
  }

  @Test
  void shouldRejectReprWhenOptionsAreNotAMultipleOf4OrFieldsAreOutOfRange() {
    assertThatThrownBy(
            () ->
                new Ipv4Repr(
                    0, 0, 17, 64, 0, 0, 0, true, false, 0, Octets.of(new byte[] {1, 1}), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("multiple of 4");
    assertThatThrownBy(() -> new Ipv4Repr(0, 0, 17, 256, 0, 0, 0, true, false, 0, Octets.EMPTY, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("out of range");
    assertThatThrownBy(() -> new Ipv4Repr(0, 0, 17, 64, 64, 0, 0, true, false, 0, Octets.EMPTY, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("out of range");
  }

  @Test
  void shouldMatchFullRecomputeWhenFieldsAreUpdatedIncrementally() {
    Seeded.forAll(
        "IPv4 incremental checksum == recompute",
        3_000,
        (random, i) -> {
          final Ipv4Repr repr = randomIpv4(random, false);
          final UnsafeBuffer buffer = new UnsafeBuffer(emit(repr));
          assertThat(packet.wrap(buffer, 0, buffer.capacity())).isEqualTo(WireError.OK);
          final int expectedTtl = repr.ttl() - 1 & 0xFF;
          switch (random.nextInt(4)) {
            case 0 -> assertThat(packet.decrementTtl()).isEqualTo(expectedTtl);
            case 1 -> packet.rewriteSource(random.nextInt());
            case 2 -> packet.rewriteDestination(random.nextInt());
            default ->
                assertThat(packet.markCongestionExperienced())
                    .isEqualTo(repr.ecn() != Ipv4Packet.ECN_NOT_ECT);
          }
          final int incremental = packet.checksum();
          packet.fillChecksum();
          // RFC 1624 may yield 0xFFFF where a recompute gives 0x0000 (both are -0): equal in one's
          // complement.
          assertThat(incremental % 0xFFFF).isEqualTo(packet.checksum() % 0xFFFF);
          assertThat(packet.wrap(buffer, 0, buffer.capacity())).isEqualTo(WireError.OK);
        });
  }

  @Test
  void shouldSetCeOnlyWhenEcnCapable() {
    final Ipv4Repr ect =
        new Ipv4Repr(
            Frames.IP_A,
            Frames.IP_B,
            6,
            64,
            46,
            Ipv4Packet.ECN_ECT0,
            1,
            true,
            false,
            0,
            Octets.EMPTY,
            0);
    final UnsafeBuffer buffer = new UnsafeBuffer(emit(ect));
    packet.wrap(buffer, 0, 20);
    assertThat(packet.markCongestionExperienced()).isTrue();
    assertThat(packet.wrap(buffer, 0, 20)).isEqualTo(WireError.OK);
    assertThat(packet.ecn()).isEqualTo(Ipv4Packet.ECN_CE);
    assertThat(packet.dscp()).isEqualTo(46);

    final byte[] notEct = header();
    packet.wrap(new UnsafeBuffer(notEct), 0, notEct.length);
    assertThat(packet.markCongestionExperienced()).isFalse();
    assertThat(notEct).isEqualTo(header());
  }

  @Test
  void shouldNeverThrowOrReadOutsideWhenBytesAreRandomOrMutated() {
    Seeded.forAll(
        "IPv4 robustness",
        6_000,
        (random, i) -> {
          byte[] input;
          if (i % 5 == 0) {
            input = Frames.randomBytes(random, random.nextInt(80));
            if (input.length > 0) {
              input[0] = (byte) (0x40 | (input[0] & 0xF));
            }
          } else {
            input =
                Robustness.mutate(
                    random,
                    emit(randomIpv4(random, random.nextInt(4) == 0)),
                    Ipv4Packet.TOTAL_LENGTH_OFFSET,
                    Ipv4Packet.VERSION_IHL_OFFSET,
                    Ipv4Packet.OPTIONS_OFFSET,
                    Ipv4Packet.FLAGS_FRAGMENT_OFFSET);
          }
          if (input.length >= 20 && random.nextBoolean() && (input[0] & 0xF) * 4 <= input.length) {
            withChecksum(input); // get past the checksum so the later checks see hostile values too
          }
          Robustness.check(random, input, parsers::ipv4);
        });
  }

  @Test
  void shouldBeDecodedByTsharkAsEmitted(@TempDir final Path dir) throws Exception {
    // Router Alert (RFC 2113), then an empty Record Route with room for 2 addresses, then EOL.
    final Octets options = Octets.of(0x94, 4, 0, 0, 7, 11, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    final int payload = 12;
    final Ipv4Repr plain =
        new Ipv4Repr(
            Ipv4Address.parse("10.9.8.7"),
            Ipv4Address.parse("10.9.8.6"),
            253,
            17,
            10,
            Ipv4Packet.ECN_ECT0,
            0x1234,
            true,
            false,
            0,
            Octets.EMPTY,
            payload);
    final Ipv4Repr withOptions =
        new Ipv4Repr(
            Ipv4Address.parse("192.0.2.1"),
            Ipv4Address.parse("192.0.2.99"),
            253,
            1,
            0,
            Ipv4Packet.ECN_CE,
            0xBEEF,
            false,
            false,
            0,
            options,
            payload);
    final Path pcap = dir.resolve("ipv4.pcap");
    Tshark.writePcap(
        pcap,
        List.of(Frames.ipv4(-1, plain, (b, o) -> {}), Frames.ipv4(-1, withOptions, (b, o) -> {})));

    assertThat(
            Tshark.fields(
                pcap,
                "ip.src",
                "ip.dst",
                "ip.ttl",
                "ip.proto",
                "ip.len",
                "ip.hdr_len",
                "ip.id",
                "ip.flags.df",
                "ip.dsfield.dscp",
                "ip.dsfield.ecn",
                "ip.checksum.status",
                "ip.opt.type",
                "ip.opt.len",
                "ip.opt.ra",
                "ip.opt.ptr"))
        .containsExactly(
            List.of(
                "10.9.8.7",
                "10.9.8.6",
                "17",
                "253",
                "32",
                "20",
                "0x1234",
                "1",
                "10",
                "2",
                "1",
                "",
                "",
                "",
                ""),
            List.of(
                "192.0.2.1",
                "192.0.2.99",
                "1",
                "253",
                "48",
                "36",
                "0xbeef",
                "0",
                "0",
                "3",
                "1",
                "148,7,0",
                "4,11",
                "0",
                "4"));
    Tshark.assertNoExpertWarnings(pcap);
  }

  @Test
  void shouldParseFramesBuiltByScapy() {
    final List<byte[]> frames =
        Scapy.frames(
            "Ether()/IP(src='10.1.1.1', dst='10.1.1.2', ttl=33, id=4242, tos=0xb9, flags='DF', proto=253)/Raw(b'x'*9)",
            "Ether()/IP(src='10.1.1.1', dst='10.1.1.2', options=[IPOption_RR(routers=['1.2.3.4'])], proto=253)/Raw(b'y')",
            "Ether()/IP(src='10.1.1.1', dst='10.1.1.2', flags='MF', frag=3, proto=17)/Raw(b'z'*8)");
    final EthernetFrame frame = new EthernetFrame();
    final WireError[] expected = {WireError.OK, WireError.OK, WireError.FRAGMENT};
    final Ipv4Repr[] parsed = new Ipv4Repr[3];
    for (int i = 0; i < 3; i++) {
      final UnsafeBuffer buffer = new UnsafeBuffer(frames.get(i));
      assertThat(frame.wrap(buffer, 0, frames.get(i).length)).isEqualTo(WireError.OK);
      assertThat(packet.wrap(buffer, frame.payloadOffset(), frame.payloadLength()))
          .isEqualTo(expected[i]);
      parsed[i] = Ipv4Repr.parse(packet);
    }
    final int a = Ipv4Address.parse("10.1.1.1");
    final int b = Ipv4Address.parse("10.1.1.2");
    assertThat(parsed[0])
        .isEqualTo(
            new Ipv4Repr(a, b, 253, 33, 0xb9 >>> 2, 1, 4242, true, false, 0, Octets.EMPTY, 9));
    assertThat(parsed[1].options()).isEqualTo(Octets.of(7, 7, 4, 1, 2, 3, 4, 0));
    assertThat(parsed[1].payloadLength()).isEqualTo(1);
    assertThat(parsed[2].moreFragments()).isTrue();
    assertThat(parsed[2].fragmentOffset()).isEqualTo(24);
  }
}
