package io.vstack.pcap;

import static io.vstack.pcap.CaptureFiles.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaptureReaderTest {
  private static final byte[] FRAME = frame(60);

  @TempDir Path dir;

  @Test
  void shouldScaleTimestampsAsTsharkDoesWhenInterfacesUseBinaryDecimalAndOffsetResolutions()
      throws Exception {
    final byte[] file =
        new PcapngBuilder()
            .section(ByteOrder.BIG_ENDIAN)
            .iface(LinkType.ETHERNET, 65535, 0x8A, 0) // 2^-10 s
            .iface(LinkType.ETHERNET, 65535, 3, 1_700_000_000L) // ms, plus an offset in seconds
            .iface(LinkType.ETHERNET, 65535, -1, 0) // default: us
            .block(0x0BAD_F00D, new PcapngBuilder().body(8).putLong(1)) // unknown block: skipped
            .block(4, new PcapngBuilder().body(4).putInt(0)) // name resolution: skipped
            .enhanced(0, 5L * 1024 + 512, FRAME, 60)
            .enhanced(1, 1234, FRAME, 60)
            .enhanced(2, 1_700_000_000_123_456L, FRAME, 60)
            .obsoletePacket(1, 99, frame(64))
            .bytes();
    final Path path = Files.write(dir.resolve("resolutions.pcapng"), file);

    final List<CaptureFiles.Read> read = readAll(path);

    assertThat(read)
        .extracting(CaptureFiles.Read::timestampNanos)
        .containsExactly(
            5_500_000_000L,
            1_700_000_001_234_000_000L,
            1_700_000_000_123_456_000L,
            1_700_000_000_099_000_000L);
    assertThat(read).extracting(CaptureFiles.Read::interfaceId).containsExactly(0, 1, 2, 1);
    CaptureFiles.assertSameAsTshark(read, Tshark.frames(path));
  }

  @Test
  void shouldCutSimplePacketsToTheSnaplenAndReuseTheLastTimestampWhenTheyHaveNone()
      throws Exception {
    final byte[] file =
        new PcapngBuilder()
            .section(ByteOrder.LITTLE_ENDIAN)
            .iface(LinkType.ETHERNET, 40, 9, 0)
            .enhanced(0, 777, FRAME, 60)
            .simple(frame(40), 100)
            .simple(frame(30), 30)
            .bytes();

    final List<CaptureFiles.Read> read = readAll(Files.write(dir.resolve("spb.pcapng"), file));

    assertThat(read).hasSize(3);
    assertThat(read.get(1).bytes()).isEqualTo(frame(40));
    assertThat(read.get(1).originalLength()).isEqualTo(100);
    assertThat(read.get(1).timestampNanos()).isEqualTo(777);
    assertThat(read.get(2).bytes()).isEqualTo(frame(30));
  }

  @Test
  void shouldRejectPacketsThatNameAnUndeclaredInterface() throws Exception {
    final byte[] file =
        new PcapngBuilder()
            .section(ByteOrder.LITTLE_ENDIAN)
            .iface(LinkType.ETHERNET, 65535, 9, 0)
            .enhanced(0, 1, FRAME, 60)
            .enhanced(3, 2, FRAME, 60)
            .bytes();

    assertThatThrownBy(() -> readAll(Files.write(dir.resolve("iface.pcapng"), file)))
        .isInstanceOf(CaptureFormatException.class)
        .hasMessageContaining(
            "packet 2 at byte offset 164: enhanced packet block names interface 3 but the section declares 1");
  }

  @Test
  void shouldRejectSimplePacketsWhenNoInterfaceIsDeclared() throws Exception {
    final byte[] file =
        new PcapngBuilder().section(ByteOrder.LITTLE_ENDIAN).simple(FRAME, 60).bytes();

    assertThatThrownBy(() -> readAll(Files.write(dir.resolve("spb-first.pcapng"), file)))
        .isInstanceOf(CaptureFormatException.class)
        .hasMessageContaining(
            "packet 1 at byte offset 28: simple packet block before any interface");
  }

  @Test
  void shouldRejectACapturedLengthThatOverrunsItsBlock() throws Exception {
    final byte[] file =
        new PcapngBuilder()
            .section(ByteOrder.LITTLE_ENDIAN)
            .iface(LinkType.ETHERNET, 65535, 9, 0)
            .enhanced(0, 1, FRAME, 60)
            .bytes();
    // captured length field of the EPB (block at 28 + 32 = 60, field at +20): 60 -> 200
    file[60 + 20] = (byte) 200;

    assertThatThrownBy(() -> readAll(Files.write(dir.resolve("overrun.pcapng"), file)))
        .isInstanceOf(CaptureFormatException.class)
        .hasMessageContaining(
            "packet 1 at byte offset 60: captured length 200 does not fit its 104-byte");
  }

  @Test
  void shouldRejectAnInterfaceOptionThatRunsPastItsBlock() throws Exception {
    final byte[] file =
        new PcapngBuilder()
            .section(ByteOrder.LITTLE_ENDIAN)
            .iface(LinkType.ETHERNET, 65535, 9, 0)
            .bytes();
    file[28 + 18] = 100; // if_tsresol's length

    assertThatThrownBy(() -> readAll(Files.write(dir.resolve("option.pcapng"), file)))
        .isInstanceOf(CaptureFormatException.class)
        .hasMessageContaining(
            "packet 1 at byte offset 28: interface option 9 of 100 bytes runs past its block");
  }

  @Test
  void shouldRejectAnUnknownPcapngVersion() throws Exception {
    final byte[] file = new PcapngBuilder().section(ByteOrder.LITTLE_ENDIAN).bytes();
    file[12] = 2;

    assertThatThrownBy(() -> readAll(Files.write(dir.resolve("version.pcapng"), file)))
        .isInstanceOf(CaptureFormatException.class)
        .hasMessageContaining("file header at byte offset 0: unsupported pcapng version 2.0");
  }

  @Test
  void shouldConvertTicksToNanosecondsForEveryResolutionKind() {
    assertThat(CaptureReader.toNanos(3, 0)).isEqualTo(3_000_000_000L);
    assertThat(CaptureReader.toNanos(3, 6)).isEqualTo(3_000L);
    assertThat(CaptureReader.toNanos(3, 9)).isEqualTo(3L);
    assertThat(CaptureReader.toNanos(3_999, 12)).isEqualTo(3L);
    assertThat(CaptureReader.toNanos(-1L, 28)).as("2^64-1 / 10^19").isEqualTo(1L);
    assertThat(CaptureReader.toNanos(1, 0x80)).isEqualTo(1_000_000_000L);
    assertThat(CaptureReader.toNanos(3, 0x81)).isEqualTo(1_500_000_000L);
    assertThat(CaptureReader.toNanos(1L << 40, 0x80 | 40)).isEqualTo(1_000_000_000L);
    assertThat(CaptureReader.toNanos(-1L, 0x80 | 64)).isEqualTo(999_999_999L);
    assertThat(CaptureReader.toNanos(12345, 0x80 | 127)).isZero();
    assertThat(CaptureReader.toNanos(12345, 127)).isZero();
  }

  @Test
  void shouldReadBackWhatWasWrittenWhenFramesFormatsOrdersAndSnaplensAreRandom() throws Exception {
    final long seed = System.nanoTime();
    final Random random = new Random(seed);
    for (int round = 0; round < 40; round++) {
      final CaptureFormat format = CaptureFormat.values()[random.nextInt(3)];
      final ByteOrder order = random.nextBoolean() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
      final int snaplen =
          random.nextBoolean() ? CaptureWriter.DEFAULT_SNAPLEN : 14 + random.nextInt(2000);
      final List<CaptureFiles.Written> frames =
          CaptureFiles.randomFrames(random, random.nextInt(50), 9000);
      final Path path = dir.resolve("round" + round);
      CaptureFiles.write(path, format, order, snaplen, frames);

      final List<CaptureFiles.Read> read;
      try (CaptureReader reader = CaptureReader.open(path)) {
        assertThat(reader.format()).as("seed %d", seed).isEqualTo(format);
        assertThat(reader.byteOrder()).as("seed %d", seed).isEqualTo(order);
        read = new java.util.ArrayList<>();
        CaptureFiles.drain(reader, read);
      }

      assertThat(read).as("seed %d round %d", seed, round).hasSameSizeAs(frames);
      for (int i = 0; i < frames.size(); i++) {
        final CaptureFiles.Written written = frames.get(i);
        final long time = written.timestampNanos();
        assertThat(read.get(i).bytes())
            .as("seed %d round %d frame %d", seed, round, i)
            .isEqualTo(
                java.util.Arrays.copyOf(
                    written.bytes(), Math.min(snaplen, written.bytes().length)));
        assertThat(read.get(i).originalLength())
            .as("seed %d", seed)
            .isEqualTo(written.originalLength());
        assertThat(read.get(i).timestampNanos())
            .as("seed %d", seed)
            .isEqualTo(format == CaptureFormat.PCAP_MICROS ? time - time % 1000 : time);
        assertThat(read.get(i).number()).isEqualTo(i + 1);
      }
    }
  }

  static byte[] frame(final int length) {
    final byte[] frame = new byte[length];
    for (int i = 0; i < length; i++) {
      frame[i] = (byte) (i * 7 + 1);
    }
    frame[0] = (byte) 0xFF;
    frame[12] = (byte) 0x88;
    frame[13] = (byte) 0xB5;
    return frame;
  }
}
