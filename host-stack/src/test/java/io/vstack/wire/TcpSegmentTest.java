package io.vstack.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vstack.interop.Scapy;
import io.vstack.pcap.Tshark;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TcpSegmentTest {
  private static final long PSEUDO =
      InternetChecksum.ipv4PseudoHeaderSum(Frames.IP_A, Frames.IP_B, Ipv4Packet.PROTOCOL_TCP, 0);
  private static final List<String> RAW_SEQUENCE_NUMBERS =
      List.of("tcp.relative_sequence_numbers:FALSE");

  private final TcpSegment segment = new TcpSegment();
  private final WireParsers parsers = new WireParsers();

  static TcpOptionsRepr randomOptions(final Random random) {
    while (true) {
      final int mss = random.nextBoolean() ? random.nextInt(0x10000) : -1;
      final int windowScale = random.nextBoolean() ? random.nextInt(256) : -1;
      final boolean sackPermitted = random.nextBoolean();
      final boolean timestamps = random.nextBoolean();
      final int blocks = random.nextInt(5);
      if (!TcpOptionsRepr.fits(mss, windowScale, sackPermitted, blocks, timestamps)) {
        continue;
      }
      final List<TcpOptionsRepr.SackBlock> sack = new ArrayList<>();
      for (int b = 0; b < blocks; b++) {
        sack.add(new TcpOptionsRepr.SackBlock(random.nextInt(), random.nextInt()));
      }
      return new TcpOptionsRepr(
          mss,
          windowScale,
          sackPermitted,
          sack,
          timestamps ? new TcpOptionsRepr.Timestamps(random.nextInt(), random.nextInt()) : null);
    }
  }

  static TcpRepr randomTcp(final Random random) {
    return new TcpRepr(
        random.nextInt(0x10000),
        random.nextInt(0x10000),
        random.nextInt(),
        random.nextInt(),
        random.nextInt(TcpSegment.FLAGS_MASK + 1),
        random.nextInt(0x10000),
        random.nextInt(0x10000),
        randomOptions(random),
        Octets.of(Frames.randomBytes(random, random.nextInt(300))));
  }

  static byte[] emit(final TcpRepr repr, final long pseudoSum) {
    final byte[] bytes = new byte[repr.length()];
    repr.emit(new TcpSegment(), new UnsafeBuffer(bytes), 0, pseudoSum);
    return bytes;
  }

  /** A segment whose option area is exactly {@code options} (length a multiple of 4). */
  private static byte[] withOptions(final int... options) {
    final byte[] bytes =
        emit(
            new TcpRepr(1, 2, 3, 4, TcpSegment.FLAG_ACK, 5, 0, TcpOptionsRepr.NONE, Octets.EMPTY),
            PSEUDO);
    final byte[] segment = java.util.Arrays.copyOf(bytes, 20 + options.length);
    segment[12] = (byte) (((20 + options.length) / 4) << 4);
    for (int i = 0; i < options.length; i++) {
      segment[20 + i] = (byte) options[i];
    }
    return segment;
  }

  private WireError wrap(final byte[] bytes) {
    return segment.wrap(new UnsafeBuffer(bytes), 0, bytes.length);
  }

  @Test
  void shouldRoundTripWhenFieldsOptionsAndPayloadAreRandom() {
    Seeded.forAll(
        "TCP parse(emit(x)) == x",
        3_000,
        (random, i) -> {
          final TcpRepr repr = randomTcp(random);
          final long pseudo = random.nextLong() >>> 24;
          final int at = random.nextInt(16);
          final UnsafeBuffer buffer =
              new UnsafeBuffer(new byte[at + repr.length() + random.nextInt(8)]);
          repr.emit(segment, buffer, at, pseudo);
          assertThat(segment.headerLength() % 4).isZero();
          assertThat(segment.wrap(buffer, at, repr.length())).isEqualTo(WireError.OK);
          assertThat(segment.verifyChecksum(pseudo)).isEqualTo(WireError.OK);
          assertThat(TcpRepr.parse(segment)).isEqualTo(repr);
        });
  }

  @Test
  void shouldEmitEveryOptionCombinationAPeerCanSendIn40Bytes() {
    // SACK-permitted + window scale + 4 SACK blocks is legal on the wire (39 bytes) but too long
    // for
    // the aligned layout: emit packs it.
    final List<TcpOptionsRepr.SackBlock> four =
        List.of(
            new TcpOptionsRepr.SackBlock(1, 2),
            new TcpOptionsRepr.SackBlock(3, 4),
            new TcpOptionsRepr.SackBlock(5, 6),
            new TcpOptionsRepr.SackBlock(7, 8));
    final TcpOptionsRepr options = new TcpOptionsRepr(-1, 7, true, four, null);
    assertThat(options.length()).isEqualTo(40);
    final TcpRepr repr = new TcpRepr(1, 2, 3, 4, TcpSegment.FLAG_ACK, 5, 0, options, Octets.EMPTY);
    assertThat(wrap(emit(repr, PSEUDO))).isEqualTo(WireError.OK);
    assertThat(TcpRepr.parse(segment)).isEqualTo(repr);
    assertThatThrownBy(
            () -> new TcpOptionsRepr(1460, 7, true, four, new TcpOptionsRepr.Timestamps(1, 2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("more than 40");
  }

  @Test
  void shouldAlignTimestampsLikeLinuxWhenOptionsFit() {
    final TcpOptionsRepr syn =
        new TcpOptionsRepr(1460, 7, true, List.of(), new TcpOptionsRepr.Timestamps(9, 0));
    final UnsafeBuffer buffer = new UnsafeBuffer(new byte[40]);
    assertThat(syn.emit(buffer, 0)).isEqualTo(20);
    final byte[] expected = {
      2, 4, 0x05, (byte) 0xB4, 4, 2, 8, 10, 0, 0, 0, 9, 0, 0, 0, 0, 1, 3, 3, 7
    };
    assertThat(java.util.Arrays.copyOf(buffer.byteArray(), 20)).isEqualTo(expected);
  }

  @Test
  void shouldFillSackBlocksIntoAnIntArrayWithoutAllocating() {
    final byte[] bytes =
        withOptions(1, 1, 5, 18, 0, 0, 0, 10, 0, 0, 0, 20, 0, 0, 0, 30, 0, 0, 0, 40);
    assertThat(wrap(bytes)).isEqualTo(WireError.OK);
    final int[] blocks = new int[8];
    assertThat(segment.options().sackBlocks(blocks)).isEqualTo(2);
    assertThat(blocks).containsExactly(10, 20, 30, 40, 0, 0, 0, 0);
    assertThat(segment.options().mss()).isEqualTo(-1);
    assertThat(segment.options().hasTimestamps()).isFalse();
  }

  @Test
  void shouldSkipUnknownOptionsByTheirLength() {
    // MPTCP-like kind 30 (len 4), experimental kind 254 (len 6), then MSS.
    final byte[] bytes = withOptions(30, 4, 0xAA, 0xBB, 254, 6, 1, 2, 3, 4, 2, 4, 0x05, 0xDC, 0, 0);
    assertThat(wrap(bytes)).isEqualTo(WireError.OK);
    assertThat(segment.options().mss()).isEqualTo(1500);
  }

  @Test
  void shouldStopAtEndOfOptionList() {
    final byte[] bytes = withOptions(2, 4, 0x05, 0xDC, 0, 0xFF, 0xFF, 0xFF);
    assertThat(wrap(bytes)).isEqualTo(WireError.OK);
    assertThat(segment.options().mss()).isEqualTo(1500);
  }

  @Test
  void shouldReturnBadOptionWhenLengthIsZeroOrOne() {
    assertThat(wrap(withOptions(254, 0, 0, 0))).isEqualTo(WireError.BAD_OPTION);
    assertThat(wrap(withOptions(254, 1, 0, 0))).isEqualTo(WireError.BAD_OPTION);
  }

  @Test
  void shouldReturnBadOptionWhenAnOptionRunsPastTheHeader() {
    assertThat(wrap(withOptions(1, 1, 1, 8, 10, 0, 0, 0))).isEqualTo(WireError.BAD_OPTION);
    assertThat(wrap(withOptions(1, 1, 1, 2)))
        .as("kind without room for its length byte")
        .isEqualTo(WireError.BAD_OPTION);
  }

  @Test
  void shouldReturnBadOptionWhenAKnownKindHasTheWrongLength() {
    assertThat(wrap(withOptions(2, 3, 5, 0))).as("MSS").isEqualTo(WireError.BAD_OPTION);
    assertThat(wrap(withOptions(3, 4, 7, 0))).as("window scale").isEqualTo(WireError.BAD_OPTION);
    assertThat(wrap(withOptions(4, 3, 0, 0))).as("SACK-permitted").isEqualTo(WireError.BAD_OPTION);
    assertThat(wrap(withOptions(8, 8, 0, 0, 0, 1, 0, 0)))
        .as("timestamps")
        .isEqualTo(WireError.BAD_OPTION);
    assertThat(wrap(withOptions(1, 1, 5, 2)))
        .as("SACK without blocks")
        .isEqualTo(WireError.BAD_OPTION);
    assertThat(wrap(withOptions(5, 12, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0)))
        .as("SACK of 1.25 blocks")
        .isEqualTo(WireError.BAD_OPTION);
  }

  @Test
  void shouldReturnTruncatedWhenShorterThan20Bytes() {
    final byte[] bytes = withOptions();
    assertThat(segment.wrap(new UnsafeBuffer(bytes), 0, 19)).isEqualTo(WireError.TRUNCATED);
    assertThat(segment.wrap(new UnsafeBuffer(bytes), 1, 20)).isEqualTo(WireError.TRUNCATED);
  }

  @Test
  void shouldReturnBadHeaderLengthWhenDataOffsetIsBelow5OrBeyondTheSegment() {
    final byte[] bytes = withOptions(1, 1, 1, 1);
    bytes[12] = 0x40;
    assertThat(wrap(bytes)).isEqualTo(WireError.BAD_HEADER_LENGTH);
    bytes[12] = 0x70;
    assertThat(wrap(bytes)).isEqualTo(WireError.BAD_HEADER_LENGTH);
    bytes[12] = 0x60;
    assertThat(wrap(bytes)).isEqualTo(WireError.OK);
  }

  @Test
  void shouldReturnBadChecksumWhenABitFlipsOrThePseudoHeaderDiffers() {
    Seeded.forAll(
        "TCP checksum",
        1_000,
        (random, i) -> {
          final byte[] bytes = emit(randomTcp(random), PSEUDO);
          if (random.nextBoolean()) {
            // Anything but the data offset nibble, which wrap checks first.
            int at;
            do {
              at = random.nextInt(bytes.length);
            } while (at == 12 || (at >= 20 && at < (bytes[12] >>> 4 & 0xF) * 4));
            bytes[at] ^= (byte) (1 << random.nextInt(8));
            assertThat(wrap(bytes)).isEqualTo(WireError.OK);
            assertThat(segment.verifyChecksum(PSEUDO)).isEqualTo(WireError.BAD_CHECKSUM);
          } else {
            assertThat(wrap(bytes)).isEqualTo(WireError.OK);
            final long otherDestination =
                InternetChecksum.ipv4PseudoHeaderSum(Frames.IP_A, Frames.IP_B ^ 0x100, 6, 0);
            assertThat(segment.verifyChecksum(otherDestination)).isEqualTo(WireError.BAD_CHECKSUM);
          }
        });
  }

  @Test
  void shouldReportFlagsIncludingEcnAndNs() {
    final int all =
        TcpSegment.FLAG_NS | TcpSegment.FLAG_CWR | TcpSegment.FLAG_ECE | TcpSegment.FLAG_SYN;
    final byte[] bytes =
        emit(new TcpRepr(1, 2, 3, 0, all, 5, 0, TcpOptionsRepr.NONE, Octets.EMPTY), PSEUDO);
    assertThat(bytes[12] & 0x01).isEqualTo(1);
    assertThat(bytes[13] & 0xFF).isEqualTo(0xC2);
    assertThat(wrap(bytes)).isEqualTo(WireError.OK);
    assertThat(segment.hasFlags(TcpSegment.FLAG_ECE | TcpSegment.FLAG_CWR)).isTrue();
    assertThat(segment.hasFlags(TcpSegment.FLAG_ACK)).isFalse();
    assertThat(segment.reservedBits()).isZero();
  }

  @Test
  void shouldKeepBothChecksumsValidWhenNatRewritesTheSourceAddress() {
    Seeded.forAll(
        "IPv4 + TCP checksums after NAT",
        1_000,
        (random, i) -> {
          final int newSource = random.nextInt();
          final UnsafeBuffer buffer =
              new UnsafeBuffer(
                  Frames.tcp(-1, random.nextInt(), random.nextInt(), randomTcp(random)));
          final Ipv4Packet ip = new Ipv4Packet();
          assertThat(ip.wrap(buffer, 14, buffer.capacity() - 14)).isEqualTo(WireError.OK);
          assertThat(segment.wrap(buffer, ip.payloadOffset(), ip.payloadLength()))
              .isEqualTo(WireError.OK);
          segment.adjustChecksumForAddressChange(ip.source(), newSource);
          ip.rewriteSource(newSource);
          assertThat(ip.wrap(buffer, 14, buffer.capacity() - 14)).isEqualTo(WireError.OK);
          assertThat(segment.verifyChecksum(ip.pseudoHeaderSum())).isEqualTo(WireError.OK);
        });
  }

  @Test
  void shouldNeverThrowOrReadOutsideWhenBytesAreRandomOrMutated() {
    Seeded.forAll(
        "TCP robustness",
        5_000,
        (random, i) -> {
          final byte[] valid = emit(randomTcp(random), PSEUDO);
          final byte[] input =
              i % 5 == 0
                  ? Frames.randomBytes(random, random.nextInt(80))
                  : Robustness.mutate(
                      random, valid, TcpSegment.DATA_OFFSET_FLAGS_OFFSET, 20, 22, 24, 26, 28);
          Robustness.check(random, input, parsers::tcp);
          Robustness.check(
              random,
              java.util.Arrays.copyOfRange(input, Math.min(20, input.length), input.length),
              parsers::tcpOptions);
          Robustness.check(
              random,
              Robustness.mutate(
                  random,
                  Frames.tcp(random.nextInt(3) - 1, Frames.IP_A, Frames.IP_B, randomTcp(random)),
                  16,
                  14 + 20 + 12,
                  14 + 20 + 20,
                  14 + 20 + 21),
              parsers::frame);
        });
  }

  private static byte[][] interopFrames() {
    final int a = Ipv4Address.parse("10.0.0.1");
    final int b = Ipv4Address.parse("10.0.0.2");
    final TcpOptionsRepr synOptions =
        new TcpOptionsRepr(1460, 7, true, List.of(), new TcpOptionsRepr.Timestamps(0x01020304, 0));
    final TcpRepr syn =
        new TcpRepr(
            43210,
            80,
            0x7000_0000,
            0,
            TcpSegment.FLAG_SYN | TcpSegment.FLAG_ECE | TcpSegment.FLAG_CWR,
            64240,
            0,
            synOptions,
            Octets.EMPTY);
    final TcpOptionsRepr sackOptions =
        new TcpOptionsRepr(
            -1,
            -1,
            false,
            List.of(
                new TcpOptionsRepr.SackBlock(0x9000_1000, 0x9000_2000),
                new TcpOptionsRepr.SackBlock(0x9000_3000, 0x9000_4000),
                new TcpOptionsRepr.SackBlock(0x9000_5000, 0x9000_6000)),
            new TcpOptionsRepr.Timestamps(1000, 0x01020304));
    final TcpRepr sackAck =
        new TcpRepr(
            80,
            43210,
            0x9000_0000,
            0x7000_0001,
            TcpSegment.FLAG_ACK,
            501,
            0,
            sackOptions,
            Octets.EMPTY);
    final TcpRepr data =
        new TcpRepr(
            43211,
            8080,
            0x1234_5678,
            0x8765_4321,
            TcpSegment.FLAG_PSH | TcpSegment.FLAG_ACK,
            1024,
            0,
            new TcpOptionsRepr(-1, -1, false, List.of(), new TcpOptionsRepr.Timestamps(5, 6)),
            Octets.of("GET / HTTP/1.0\r\n\r\n".getBytes()));
    final TcpRepr tagged =
        new TcpRepr(
            43212,
            9000,
            0xFFFF_FFF0,
            0x10,
            TcpSegment.FLAG_ACK | TcpSegment.FLAG_FIN,
            65535,
            0,
            TcpOptionsRepr.NONE,
            Octets.of(1, 2, 3));
    return new byte[][] {
      Frames.tcp(-1, a, b, syn),
      Frames.tcp(-1, b, a, sackAck),
      Frames.tcp(-1, a, b, data),
      Frames.tcp(42, a, b, tagged)
    };
  }

  @Test
  void shouldBeDecodedByTsharkAsEmitted(@TempDir final Path dir) throws Exception {
    final Path pcap = dir.resolve("tcp.pcap");
    Tshark.writePcap(pcap, List.of(interopFrames()));
    assertThat(
            Tshark.fields(
                pcap,
                RAW_SEQUENCE_NUMBERS,
                "vlan.id",
                "tcp.srcport",
                "tcp.dstport",
                "tcp.seq_raw",
                "tcp.ack_raw",
                "tcp.flags",
                "tcp.window_size_value",
                "tcp.hdr_len",
                "tcp.len",
                "tcp.checksum.status",
                "tcp.options.mss_val",
                "tcp.options.wscale.shift",
                "tcp.options.sack_perm",
                "tcp.options.sack_le",
                "tcp.options.sack_re",
                "tcp.options.timestamp.tsval",
                "tcp.options.timestamp.tsecr",
                "tcp.payload"))
        .containsExactly(
            List.of(
                "",
                "43210",
                "80",
                "1879048192",
                "0",
                "0x00c2",
                "64240",
                "40",
                "0",
                "1",
                "1460",
                "7",
                "0402",
                "",
                "",
                "16909060",
                "0",
                ""),
            List.of(
                "",
                "80",
                "43210",
                "2415919104",
                "1879048193",
                "0x0010",
                "501",
                "60",
                "0",
                "1",
                "",
                "",
                "",
                "2415923200,2415931392,2415939584",
                "2415927296,2415935488,2415943680",
                "1000",
                "16909060",
                ""),
            List.of(
                "",
                "43211",
                "8080",
                "305419896",
                "2271560481",
                "0x0018",
                "1024",
                "32",
                "18",
                "1",
                "",
                "",
                "",
                "",
                "",
                "5",
                "6",
                "474554202f20485454502f312e300d0a0d0a"),
            List.of(
                "42",
                "43212",
                "9000",
                "4294967280",
                "16",
                "0x0011",
                "65535",
                "20",
                "3",
                "1",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "010203"));
    Tshark.assertNoExpertWarnings(pcap, RAW_SEQUENCE_NUMBERS);
  }

  @Test
  void shouldParseFramesBuiltByScapy() {
    final List<byte[]> frames =
        Scapy.frames(
            "Ether()/IP(src='10.0.0.1', dst='10.0.0.2')/TCP(sport=1111, dport=2222, seq=3000000000, ack=7, flags='SEC', "
                + "window=29200, options=[('MSS', 1460), ('SAckOK', b''), ('Timestamp', (4242, 0)), ('NOP', None), "
                + "('WScale', 9)])",
            "Ether()/IP(src='10.0.0.1', dst='10.0.0.2')/TCP(sport=1111, dport=2222, seq=1, ack=2, flags='PA', "
                + "options=[('NOP', None), ('NOP', None), ('SAck', (100, 200, 300, 400))])/Raw(b'payload')");
    final TcpRepr[] parsed = new TcpRepr[2];
    for (int i = 0; i < 2; i++) {
      final Ipv4Packet ip = Frames.wrapIpv4(frames.get(i));
      assertThat(segment.wrap(ip.buffer(), ip.payloadOffset(), ip.payloadLength()))
          .isEqualTo(WireError.OK);
      assertThat(segment.verifyChecksum(ip.pseudoHeaderSum())).isEqualTo(WireError.OK);
      parsed[i] = TcpRepr.parse(segment);
    }
    assertThat(parsed[0])
        .isEqualTo(
            new TcpRepr(
                1111,
                2222,
                (int) 3_000_000_000L,
                7,
                TcpSegment.FLAG_SYN | TcpSegment.FLAG_ECE | TcpSegment.FLAG_CWR,
                29200,
                0,
                new TcpOptionsRepr(
                    1460, 9, true, List.of(), new TcpOptionsRepr.Timestamps(4242, 0)),
                Octets.EMPTY));
    assertThat(parsed[1])
        .isEqualTo(
            new TcpRepr(
                1111,
                2222,
                1,
                2,
                TcpSegment.FLAG_PSH | TcpSegment.FLAG_ACK,
                8192,
                0,
                new TcpOptionsRepr(
                    -1,
                    -1,
                    false,
                    List.of(
                        new TcpOptionsRepr.SackBlock(100, 200),
                        new TcpOptionsRepr.SackBlock(300, 400)),
                    null),
                Octets.of("payload".getBytes())));
  }
}
