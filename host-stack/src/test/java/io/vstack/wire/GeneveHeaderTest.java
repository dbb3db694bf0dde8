package io.vstack.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.vstack.pcap.Tshark;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(SeededRandomExtension.class)
class GeneveHeaderTest {
  private final GeneveHeader header = new GeneveHeader();

  static byte[] emit(final GeneveRepr repr, final byte[] inner) {
    final byte[] bytes = new byte[repr.headerLength() + inner.length];
    final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
    final GeneveHeader view = repr.emit(new GeneveHeader(), buffer, 0, inner.length);
    buffer.putBytes(view.payloadOffset(), inner);
    return bytes;
  }

  /** Random options (0..all 63 words) from the given classes (all 16-bit classes when empty). */
  static List<GeneveOption> randomOptions(final Random random, final int... classes) {
    final List<GeneveOption> options = new ArrayList<>();
    int room = GeneveHeader.MAX_OPTIONS_LENGTH;
    for (int count = random.nextInt(12);
        count > 0 && room >= GeneveHeader.OPTION_HEADER_LENGTH;
        count--) {
      final int words =
          random.nextInt(Math.min(31, (room - GeneveHeader.OPTION_HEADER_LENGTH) / 4) + 1);
      final byte[] data = new byte[words * 4];
      random.nextBytes(data);
      final int optionClass =
          classes.length == 0 ? random.nextInt(0x10000) : classes[random.nextInt(classes.length)];
      options.add(new GeneveOption(optionClass, random.nextInt(256), data));
      room -= GeneveHeader.OPTION_HEADER_LENGTH + data.length;
    }
    return options;
  }

  static GeneveRepr randomRepr(final Random random) {
    return new GeneveRepr(
        random.nextBoolean(),
        random.nextBoolean(),
        random.nextInt(0x10000),
        random.nextInt(GeneveHeader.MAX_VNI + 1),
        randomOptions(random));
  }

  @Test
  void shouldParseWhatItEmitsWithRandomOptions(final Random random) {
    for (int i = 0; i < 2000; i++) {
      final GeneveRepr repr = randomRepr(random);
      final byte[] bytes = emit(repr, Mutations.randomBytes(random, 64));
      assertThat(header.wrap(new UnsafeBuffer(bytes), 0, bytes.length))
          .as("%s", repr)
          .isEqualTo(WireError.OK);
      assertThat(GeneveRepr.parse(header)).isEqualTo(repr);
      assertThat(header.headerLength()).isEqualTo(repr.headerLength());
    }
  }

  @Test
  void shouldWalkOptionsWithCursorInWireOrder() {
    final List<GeneveOption> options =
        List.of(
            new GeneveOption(0x0102, 0x80, new byte[8]),
            new GeneveOption(0xFFFF, 0x01, new byte[0]),
            new GeneveOption(0x0100, 0x7F, new byte[124]));
    final byte[] bytes = emit(GeneveRepr.ethernet(99, options), new byte[14]);
    assertThat(header.wrap(new UnsafeBuffer(bytes), 0, bytes.length)).isEqualTo(WireError.OK);
    assertThat(header.hasCriticalOptions()).isTrue();
    final List<String> seen = new ArrayList<>();
    for (GeneveHeader.OptionCursor o = header.options(); o.next(); ) {
      seen.add(
          Integer.toHexString(o.optionClass())
              + "/"
              + Integer.toHexString(o.type())
              + "/"
              + o.isCritical()
              + "/"
              + o.dataLength()
              + "@"
              + o.dataOffset());
    }
    assertThat(seen)
        .containsExactly("102/80/true/8@12", "ffff/1/false/0@24", "100/7f/false/124@28");
    assertThat(header.payloadOffset()).isEqualTo(8 + 12 + 4 + 128);
  }

  @Test
  void shouldWalkOptionsWithoutAllocating() {
    final byte[] bytes =
        emit(
            GeneveRepr.ethernet(
                5,
                List.of(new GeneveOption(1, 2, new byte[4]), new GeneveOption(3, 4, new byte[0]))),
            new byte[0]);
    final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
    final com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long sum = walk(buffer, 10_000);
    final long before = threads.getCurrentThreadAllocatedBytes();
    sum += walk(buffer, 100_000);
    final long allocated = threads.getCurrentThreadAllocatedBytes() - before;
    assertThat(sum).isEqualTo(110_000L * 10);
    assertThat(allocated).as("bytes allocated by 100k wrap + option walks").isLessThan(10_000);
  }

  private long walk(final UnsafeBuffer buffer, final int times) {
    long sum = 0;
    for (int i = 0; i < times; i++) {
      if (header.wrap(buffer, 0, buffer.capacity()) == WireError.OK) {
        for (GeneveHeader.OptionCursor o = header.options(); o.next(); ) {
          sum += o.optionClass() + o.type();
        }
      }
    }
    return sum;
  }

  @Test
  void shouldRejectBufferShorterThanFixedHeaderAsTruncated() {
    final byte[] bytes = emit(GeneveRepr.ethernet(1, List.of()), new byte[0]);
    assertThat(header.wrap(new UnsafeBuffer(bytes), 0, 7)).isEqualTo(WireError.TRUNCATED);
    assertThat(header.wrap(new UnsafeBuffer(bytes), 0, 8)).isEqualTo(WireError.OK);
  }

  @Test
  void shouldRejectOptionAreaPastBufferAsTruncated() {
    final byte[] bytes =
        emit(GeneveRepr.ethernet(1, List.of(new GeneveOption(1, 1, new byte[8]))), new byte[0]);
    assertThat(header.wrap(new UnsafeBuffer(bytes), 0, bytes.length - 4))
        .isEqualTo(WireError.TRUNCATED);
    bytes[0] = 0x3F; // claims 63 words of options
    assertThat(header.wrap(new UnsafeBuffer(bytes), 0, bytes.length))
        .isEqualTo(WireError.TRUNCATED);
  }

  @Test
  void shouldRejectVersionOtherThanZeroAsBadVersion() {
    final byte[] bytes = emit(GeneveRepr.ethernet(1, List.of()), new byte[0]);
    for (final int version : new int[] {1, 2, 3}) {
      bytes[0] = (byte) (version << 6);
      assertThat(header.wrap(new UnsafeBuffer(bytes), 0, bytes.length))
          .isEqualTo(WireError.BAD_VERSION);
    }
  }

  @Test
  void shouldRejectOptionRunningPastOptionAreaAsBadOption() {
    final byte[] bytes =
        emit(
            GeneveRepr.ethernet(
                1,
                List.of(new GeneveOption(1, 1, new byte[4]), new GeneveOption(2, 2, new byte[4]))),
            new byte[64]);
    assertThat(header.wrap(new UnsafeBuffer(bytes), 0, bytes.length)).isEqualTo(WireError.OK);
    bytes[8 + 8 + 3] = 2; // second option claims 8 data bytes, 4 more than the option area holds
    assertThat(header.wrap(new UnsafeBuffer(bytes), 0, bytes.length))
        .isEqualTo(WireError.BAD_OPTION);
    bytes[8 + 3] = 31; // first option claims 124 bytes
    assertThat(header.wrap(new UnsafeBuffer(bytes), 0, bytes.length))
        .isEqualTo(WireError.BAD_OPTION);
  }

  @Test
  void shouldIgnoreReservedBitsOnParseAndZeroThemOnEmit() {
    final byte[] bytes =
        emit(
            new GeneveRepr(
                true, true, 0x6558, 0x123456, List.of(new GeneveOption(0xABCD, 0xEF, new byte[4]))),
            new byte[0]);
    assertThat(HexFormat.of().formatHex(bytes))
        .isEqualTo("02c06558123456" + "00" + "abcdef01" + "00000000");
    bytes[1] |= 0x3F;
    bytes[7] = (byte) 0xFF;
    bytes[11] |= (byte) 0xE0;
    assertThat(header.wrap(new UnsafeBuffer(bytes), 0, bytes.length)).isEqualTo(WireError.OK);
    assertThat(GeneveRepr.parse(header))
        .isEqualTo(
            new GeneveRepr(
                true,
                true,
                0x6558,
                0x123456,
                List.of(new GeneveOption(0xABCD, 0xEF, new byte[4]))));
  }

  @Test
  void shouldNeverThrowOnRandomOrMutatedBytes(final Random random) {
    final List<byte[]> valid = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      valid.add(emit(randomRepr(random), Mutations.randomBytes(random, 32)));
    }
    final Set<WireError> seen = EnumSet.noneOf(WireError.class);
    Mutations.assertParserNeverThrows(
        random, valid, 30_000, buffer -> seen.add(assertReemitsIfAccepted(header, buffer)));
    assertThat(seen)
        .as("reasons returned for malformed input, all documented on wrap")
        .isSubsetOf(WireError.OK, WireError.TRUNCATED, WireError.BAD_VERSION, WireError.BAD_OPTION)
        .contains(WireError.OK, WireError.TRUNCATED);
  }

  /**
   * If {@code header} accepts the whole buffer, its Repr must emit a header that parses to the same
   * Repr.
   */
  static WireError assertReemitsIfAccepted(final GeneveHeader header, final UnsafeBuffer buffer) {
    final WireError error = header.wrap(buffer, 0, buffer.capacity());
    if (error == WireError.OK) {
      final GeneveRepr repr = GeneveRepr.parse(header);
      final byte[] again = emit(repr, new byte[header.payloadLength()]);
      assertThat(header.wrap(new UnsafeBuffer(again), 0, again.length)).isEqualTo(WireError.OK);
      assertThat(GeneveRepr.parse(header)).isEqualTo(repr);
    }
    return error;
  }

  @Test
  void shouldBeDecodedByTsharkWithOptionsAndInnerTcp(@TempDir final Path dir, final Random random)
      throws Exception {
    final List<byte[]> frames = new ArrayList<>();
    final List<GeneveRepr> reprs = new ArrayList<>();
    int sequence = 5000;
    for (int i = 0; i < 8; i++) {
      // Classes tshark has no special decoder for (Linux, OVN, experimental): generic option
      // display.
      final List<GeneveOption> options =
          i == 0 ? List.of() : randomOptions(random, 0x0100, 0x0102, 0xFFFF);
      final GeneveRepr repr =
          new GeneveRepr(
              random.nextBoolean(),
              options.stream().anyMatch(GeneveOption::isCritical),
              GeneveHeader.PROTOCOL_ETHERNET,
              random.nextInt(GeneveHeader.MAX_VNI + 1),
              options);
      reprs.add(repr);
      final byte[] payload = Mutations.randomBytes(random, 100);
      final byte[] inner = TestFrames.ethernetIpv4Tcp(sequence, payload);
      sequence += payload.length;
      frames.add(TestFrames.ethernetIpv4Udp(OverlayProtocol.GENEVE.udpPort(), emit(repr, inner)));
    }
    final Path pcap = dir.resolve("geneve.pcap");
    Tshark.writePcap(pcap, frames);

    final List<List<String>> rows =
        Tshark.fields(
            pcap,
            "udp.dstport",
            "geneve.version",
            "geneve.vni",
            "geneve.proto_type",
            "geneve.flags.oam",
            "geneve.flags.critical",
            "geneve.option.class",
            "geneve.option.type",
            "geneve.option.type.critical",
            "geneve.option.length",
            "ip.dst",
            "tcp.checksum.status");
    for (int i = 0; i < frames.size(); i++) {
      final GeneveRepr repr = reprs.get(i);
      assertThat(rows.get(i))
          .as("frame %d %s: %s", i, repr, Tshark.summaries(pcap))
          .containsExactly(
              "6081",
              "0",
              String.format("0x%06x", repr.vni()),
              "0x6558",
              flag(repr.oam()),
              flag(repr.criticalOptions()),
              join(repr, o -> "0x" + String.format("%04x", o.optionClass())),
              join(repr, o -> "0x" + String.format("%02x", o.type())),
              join(repr, o -> flag(o.isCritical())),
              // tshark reuses geneve.option.length: first the option area, then each option, in
              // bytes
              String.join(
                  ",",
                  Stream.concat(
                          Stream.of(repr.headerLength() - GeneveHeader.HEADER_LENGTH),
                          repr.options().stream().map(GeneveOption::length))
                      .map(String::valueOf)
                      .toList()),
              "192.0.2.2,10.0.0.2",
              "1");
    }
    Tshark.assertNoExpertWarnings(pcap);
  }

  private static String flag(final boolean value) {
    return value ? "1" : "0";
  }

  private static String join(
      final GeneveRepr repr, final java.util.function.Function<GeneveOption, String> field) {
    return String.join(",", repr.options().stream().map(field).toList());
  }
}
