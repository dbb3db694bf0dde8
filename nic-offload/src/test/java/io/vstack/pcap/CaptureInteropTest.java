package io.vstack.pcap;

import static io.vstack.pcap.CaptureFiles.assertSameAsTshark;
import static io.vstack.pcap.CaptureFiles.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vstack.netns.Commands;
import io.vstack.netns.NetworkNamespace;
import io.vstack.netns.RequiredTool;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Capture files checked against Wireshark's tools: files that dumpcap, editcap and mergecap write
 * are read as tshark reads them, and files we write are read by tshark as we meant them.
 */
class CaptureInteropTest {
  private static final int CAPTURED_FRAMES = 8;

  @TempDir static Path dir;

  /** A pcapng file written by dumpcap capturing ICMP on a veth between two namespaces. */
  private static Path dumpcapFile;

  @BeforeAll
  static void captureRealTraffic() {
    dumpcapFile = dir.resolve("dumpcap.pcapng");
    try (NetworkNamespace a = NetworkNamespace.create("vsp");
        NetworkNamespace b = NetworkNamespace.create("vsp")) {
      a.exec(
          "ip", "link", "add", "vspa", "type", "veth", "peer", "name", "vspb", "netns", b.name());
      a.exec("ip", "addr", "add", "192.0.2.1/24", "dev", "vspa");
      a.exec("ip", "link", "set", "vspa", "up");
      b.exec("ip", "addr", "add", "192.0.2.2/24", "dev", "vspb");
      b.exec("ip", "link", "set", "vspb", "up");
      try (Commands.Background capture =
          b.start(
              RequiredTool.require("dumpcap"),
              "-i",
              "vspb",
              "-f",
              "icmp",
              "-c",
              String.valueOf(CAPTURED_FRAMES),
              "-w",
              dumpcapFile.toString())) {
        awaitCapturing(capture);
        try (Commands.Background ping =
            a.start(RequiredTool.require("ping"), "-i", "0.05", "-w", "20", "192.0.2.2")) {
          capture.await(Duration.ofSeconds(25)).orFail();
        }
      }
    }
  }

  /**
   * Waits (at most 10 s) for a dumpcap/tcpdump started in the background to say it is capturing.
   */
  static void awaitCapturing(final Commands.Background capture) {
    final long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!capture.stderrSoFar().contains("apturing on")
        && !capture.stderrSoFar().contains("listening on")) {
      assertThat(capture.process().isAlive())
          .as("capture died: %s", capture.stderrSoFar())
          .isTrue();
      assertThat(System.nanoTime())
          .as("capture did not start: %s", capture.stderrSoFar())
          .isLessThan(deadline);
      Thread.onSpinWait();
      try {
        Thread.sleep(20);
      } catch (final InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  @Test
  void shouldReadDumpcapPcapngAsTsharkDoesWhenCapturedFromARealVeth() throws Exception {
    final List<CaptureFiles.Read> ours = readAll(dumpcapFile);

    assertThat(ours).hasSize(CAPTURED_FRAMES);
    assertThat(Tshark.capinfosCount(dumpcapFile)).isEqualTo(CAPTURED_FRAMES);
    assertSameAsTshark(ours, Tshark.frames(dumpcapFile));
    assertThat(ours.getFirst().bytes()[12]).as("IPv4 EtherType high byte").isEqualTo((byte) 0x08);
  }

  @ParameterizedTest
  @CsvSource({"pcap", "nsecpcap", "pcapng"})
  void shouldReadEditcapConversionsAsTsharkDoesWhenTheFormatChanges(final String editcapFormat)
      throws Exception {
    final Path converted = dir.resolve("converted." + editcapFormat);
    Commands.run(
        RequiredTool.require("editcap"),
        "-F",
        editcapFormat,
        dumpcapFile.toString(),
        converted.toString());

    try (CaptureReader reader = CaptureReader.open(converted)) {
      assertThat(reader.format())
          .isEqualTo(
              switch (editcapFormat) {
                case "pcap" -> CaptureFormat.PCAP_MICROS;
                case "nsecpcap" -> CaptureFormat.PCAP_NANOS;
                default -> CaptureFormat.PCAPNG;
              });
    }
    assertSameAsTshark(readAll(converted), Tshark.frames(converted));
  }

  @ParameterizedTest
  @CsvSource({
    "PCAP_MICROS, LITTLE_ENDIAN",
    "PCAP_MICROS, BIG_ENDIAN",
    "PCAP_NANOS, LITTLE_ENDIAN",
    "PCAP_NANOS, BIG_ENDIAN",
    "PCAPNG, LITTLE_ENDIAN",
    "PCAPNG, BIG_ENDIAN"
  })
  void shouldWriteFilesThatTsharkReadsAsWrittenWhenFormatAndByteOrderVary(
      final CaptureFormat format, final String order) throws Exception {
    final ByteOrder byteOrder =
        "BIG_ENDIAN".equals(order) ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    final List<CaptureFiles.Written> frames =
        CaptureFiles.randomFrames(new Random(format.ordinal() * 7L + order.length()), 25, 1514);
    final Path file = dir.resolve("ours-" + format + "-" + order);
    CaptureFiles.write(file, format, byteOrder, CaptureWriter.DEFAULT_SNAPLEN, frames);

    final List<Tshark.Frame> tshark = Tshark.frames(file);
    assertThat(Tshark.capinfosCount(file)).isEqualTo(frames.size());
    assertThat(Tshark.capinfosType(file))
        .isEqualTo(
            switch (format) {
              case PCAP_MICROS -> "pcap";
              case PCAP_NANOS -> "nsecpcap";
              case PCAPNG -> "pcapng";
            });
    assertThat(tshark).hasSameSizeAs(frames);
    for (int i = 0; i < frames.size(); i++) {
      final long written = frames.get(i).timestampNanos();
      assertThat(tshark.get(i).bytes()).as("frame %d", i + 1).isEqualTo(frames.get(i).bytes());
      assertThat(tshark.get(i).length()).isEqualTo(frames.get(i).originalLength());
      assertThat(tshark.get(i).timestampNanos())
          .as("frame %d time", i + 1)
          .isEqualTo(format == CaptureFormat.PCAP_MICROS ? written - written % 1000 : written);
    }
    assertSameAsTshark(readAll(file), tshark);
  }

  @Test
  void shouldKeepOriginalLengthsWhenEditcapCutsPacketsToASnaplen() throws Exception {
    final Path cut = dir.resolve("snaplen40.pcapng");
    Commands.run(
        RequiredTool.require("editcap"), "-s", "40", dumpcapFile.toString(), cut.toString());

    final List<CaptureFiles.Read> ours = readAll(cut);

    assertThat(ours)
        .allSatisfy(
            read -> {
              assertThat(read.bytes()).hasSize(40);
              assertThat(read.originalLength()).isGreaterThan(40);
            });
    assertSameAsTshark(ours, Tshark.frames(cut));
  }

  @Test
  void shouldReportEachFramesInterfaceWhenMergecapJoinsTwoCaptures() throws Exception {
    final Path ours = dir.resolve("second.pcap");
    CaptureFiles.write(
        ours,
        CaptureFormat.PCAP_NANOS,
        ByteOrder.LITTLE_ENDIAN,
        65535,
        CaptureFiles.randomFrames(new Random(42), 10, 300));
    final Path merged = dir.resolve("merged.pcapng");
    Commands.run(
        RequiredTool.require("mergecap"),
        "-F",
        "pcapng",
        "-w",
        merged.toString(),
        dumpcapFile.toString(),
        ours.toString());

    final List<CaptureFiles.Read> read = readAll(merged);

    assertThat(read).hasSize(CAPTURED_FRAMES + 10);
    assertThat(read).extracting(CaptureFiles.Read::interfaceId).containsOnly(0, 1);
    assertSameAsTshark(read, Tshark.frames(merged));
  }

  @Test
  void shouldReadEverySectionWhenPcapngFilesOfBothByteOrdersAreConcatenated() throws Exception {
    final Path little = dir.resolve("le.pcapng");
    final Path big = dir.resolve("be.pcapng");
    CaptureFiles.write(
        little,
        CaptureFormat.PCAPNG,
        ByteOrder.LITTLE_ENDIAN,
        65535,
        CaptureFiles.randomFrames(new Random(1), 3, 200));
    CaptureFiles.write(
        big,
        CaptureFormat.PCAPNG,
        ByteOrder.BIG_ENDIAN,
        65535,
        CaptureFiles.randomFrames(new Random(2), 4, 200));
    final Path both = dir.resolve("sections.pcapng");
    Files.write(
        both,
        concat(
            Files.readAllBytes(dumpcapFile), Files.readAllBytes(little), Files.readAllBytes(big)));

    final List<CaptureFiles.Read> read = readAll(both);

    assertThat(read).hasSize(CAPTURED_FRAMES + 7);
    assertSameAsTshark(read, Tshark.frames(both));
  }

  @ParameterizedTest
  @CsvSource({
    "pcap, linux-sll, LINUX_SLL (113",
    "pcapng, linux-sll, LINUX_SLL (113",
    "pcapng, linux-sll2, LINUX_SLL2 (276",
    "pcap, rawip, RAW (101"
  })
  void shouldRejectWithTheLinkTypeNamedWhenTheCaptureIsNotEthernet(
      final String format, final String encapsulation, final String expected) {
    final Path relabelled = dir.resolve("relabelled-" + encapsulation + "." + format);
    Commands.run(
        RequiredTool.require("editcap"),
        "-F",
        format,
        "-T",
        encapsulation,
        dumpcapFile.toString(),
        relabelled.toString());
    assertThat(Tshark.capinfosCount(relabelled)).isEqualTo(CAPTURED_FRAMES);

    assertThatThrownBy(() -> readAll(relabelled))
        .isInstanceOf(CaptureFormatException.class)
        .hasMessageContaining(expected)
        .hasMessageContaining("not supported, only ETHERNET (1)")
        .hasMessageStartingWith(relabelled.toString());
  }

  @Test
  void shouldNameTheCookedLinkTypeWhenTcpdumpCapturedOnAny() throws Exception {
    final Path any = dir.resolve("any.pcap");
    try (NetworkNamespace ns = NetworkNamespace.create("vsp");
        Commands.Background tcpdump =
            ns.start(
                RequiredTool.require("tcpdump"),
                "-i",
                "any",
                "-n",
                "-U",
                "-c",
                "2",
                "-w",
                any.toString(),
                "icmp")) {
      awaitCapturing(tcpdump);
      ns.exec("ping", "-c", "1", "-W", "2", "127.0.0.1");
      tcpdump.await(Duration.ofSeconds(10)).orFail();
    }
    assertThat(Tshark.capinfosCount(any)).isEqualTo(2);

    assertThatThrownBy(() -> readAll(any))
        .isInstanceOf(CaptureFormatException.class)
        .hasMessageContaining("file header at byte offset 0: LINUX_SLL")
        .hasMessageContaining("Linux cooked capture")
        .hasMessageContaining("instead of -i any");
  }

  @ParameterizedTest
  @CsvSource({"pcapng", "pcap"})
  void shouldNamePacketAndOffsetWhenARealFileIsCutInsideAPacket(final String format)
      throws Exception {
    final Path whole = dir.resolve("whole." + format);
    Commands.run(
        RequiredTool.require("editcap"), "-F", format, dumpcapFile.toString(), whole.toString());
    final byte[] bytes = Files.readAllBytes(whole);
    final List<CaptureFiles.Read> frames = readAll(whole);
    final List<Tshark.Frame> tshark = Tshark.frames(whole);

    for (int k = 0; k < frames.size(); k++) {
      final long offset = frames.get(k).offset();
      for (final long cut :
          new long[] {offset + 1, offset + 15, offset + 17, offset + 30, offset + 40}) {
        final Path truncated = dir.resolve("cut-" + cut + "." + format);
        Files.write(truncated, java.util.Arrays.copyOf(bytes, (int) cut));
        final List<CaptureFiles.Read> before = new ArrayList<>();
        final int packet = k + 1;

        assertThatThrownBy(
                () -> {
                  try (CaptureReader reader = CaptureReader.open(truncated)) {
                    CaptureFiles.drain(reader, before);
                  }
                })
            .isInstanceOfSatisfying(
                CaptureFormatException.class,
                e -> {
                  assertThat(e.packetNumber()).as("cut at %d", cut).isEqualTo(packet);
                  assertThat(e.byteOffset()).as("cut at %d", cut).isEqualTo(offset);
                  assertThat(e.getMessage())
                      .contains(
                          "packet " + packet + " at byte offset " + offset + ": file ends inside");
                });
        assertSameAsTshark(before, tshark.subList(0, k));
      }
    }
  }

  @Test
  void shouldNameTheFileHeaderWhenARealFileIsCutInsideIt() throws Exception {
    final byte[] bytes = Files.readAllBytes(dumpcapFile);
    for (final int cut : new int[] {0, 3, 11, 20, 27}) {
      final Path truncated = dir.resolve("header-cut-" + cut);
      Files.write(truncated, java.util.Arrays.copyOf(bytes, cut));

      assertThatThrownBy(() -> readAll(truncated))
          .isInstanceOf(CaptureFormatException.class)
          .hasMessageContaining("file header at byte offset 0");
    }
  }

  @Test
  void shouldNameTheBlockWhenARealPcapngHasACorruptBlockLength() throws Exception {
    final byte[] bytes = Files.readAllBytes(dumpcapFile);
    final List<CaptureFiles.Read> frames = readAll(dumpcapFile);
    final int third = (int) frames.get(2).offset();

    final byte[] odd = bytes.clone();
    ByteBuffer.wrap(odd).order(ByteOrder.LITTLE_ENDIAN).putInt(third + 4, 13);
    assertThatThrownBy(() -> readAll(write("odd-length.pcapng", odd)))
        .isInstanceOf(CaptureFormatException.class)
        .hasMessageContaining(
            "packet 3 at byte offset " + third + ": block total length 13 is not a multiple of 4");

    final byte[] huge = bytes.clone();
    ByteBuffer.wrap(huge).order(ByteOrder.LITTLE_ENDIAN).putInt(third + 4, 0x7FFF_FFF0);
    assertThatThrownBy(() -> readAll(write("huge-length.pcapng", huge)))
        .isInstanceOf(CaptureFormatException.class)
        .hasMessageContaining(
            "packet 3 at byte offset " + third + ": block total length 2147483632 exceeds");

    final byte[] mismatch = bytes.clone();
    final ByteBuffer view = ByteBuffer.wrap(mismatch).order(ByteOrder.LITTLE_ENDIAN);
    view.putInt(third + 4, view.getInt(third + 4) + 4);
    assertThatThrownBy(() -> readAll(write("mismatch.pcapng", mismatch)))
        .isInstanceOf(CaptureFormatException.class)
        .hasMessageContaining("packet 3 at byte offset " + third + ": block total length");
  }

  @Test
  void shouldNameThePacketWhenARealPcapRecordClaimsAnImpossibleLength() throws Exception {
    final Path pcap = dir.resolve("corrupt-source.pcap");
    Commands.run(
        RequiredTool.require("editcap"), "-F", "pcap", dumpcapFile.toString(), pcap.toString());
    final byte[] bytes = Files.readAllBytes(pcap);
    final int second = (int) readAll(pcap).get(1).offset();
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(second + 8, 0x00A0_0000);

    assertThatThrownBy(() -> readAll(write("corrupt.pcap", bytes)))
        .isInstanceOf(CaptureFormatException.class)
        .hasMessageContaining(
            "packet 2 at byte offset " + second + ": captured length 10485760 exceeds");
  }

  @Test
  void shouldSayItIsNoCaptureWhenTheMagicIsWrong() throws Exception {
    final byte[] bytes = Files.readAllBytes(dumpcapFile);
    bytes[1] = 0x42;

    assertThatThrownBy(() -> readAll(write("bad-magic", bytes)))
        .isInstanceOf(CaptureFormatException.class)
        .hasMessageContaining(
            "file header at byte offset 0: not a pcap or pcapng file: magic 0x0A420D0A");
  }

  private static Path write(final String name, final byte[] bytes) throws IOException {
    return Files.write(dir.resolve(name), bytes);
  }

  private static byte[] concat(final byte[]... parts) {
    int length = 0;
    for (final byte[] part : parts) {
      length += part.length;
    }
    final ByteBuffer all = ByteBuffer.allocate(length);
    for (final byte[] part : parts) {
      all.put(part);
    }
    return all.array();
  }
}
