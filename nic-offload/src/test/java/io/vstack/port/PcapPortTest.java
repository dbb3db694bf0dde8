package io.vstack.port;

import static org.assertj.core.api.Assertions.assertThat;

import io.vstack.netns.Commands;
import io.vstack.netns.RequiredTool;
import io.vstack.pcap.CaptureFormat;
import io.vstack.pcap.CaptureWriter;
import io.vstack.pcap.Tshark;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PcapPortTest {
  @TempDir Path dir;

  private final UnsafeBuffer view = new UnsafeBuffer(0, 0);

  @Test
  void shouldReceiveEveryFrameWithItsTimeAndInterfaceWhenReadingAMergedPcapngInBursts()
      throws Exception {
    // different snaplens, so mergecap keeps two interfaces instead of merging identical ones
    final Path first = writeFile("first.pcap", CaptureFormat.PCAP_NANOS, 7, 11L, 65535);
    final Path second = writeFile("second.pcapng", CaptureFormat.PCAPNG, 6, 12L, 4000);
    final Path merged = dir.resolve("merged.pcapng");
    Commands.run(
        RequiredTool.require("mergecap"),
        "-F",
        "pcapng",
        "-w",
        merged.toString(),
        first.toString(),
        second.toString());
    final List<Tshark.Frame> expected = Tshark.frames(merged);

    final List<Tshark.Frame> received = new ArrayList<>();
    try (PcapPort port = PcapPort.openForReading(merged);
        FrameBatch batch = new FrameBatch(4, 2048)) {
      int got;
      while ((got = port.receive(batch)) > 0) {
        for (int i = 0; i < got; i++) {
          received.add(
              new Tshark.Frame(
                  received.size() + 1,
                  port.timestampNanos(i),
                  port.originalLength(i),
                  batch.length(i),
                  port.interfaceId(i),
                  bytes(batch, i)));
        }
        batch.clear();
      }
      assertThat(port.atEnd()).isTrue();
      assertThat(port.failure()).isNull();
      assertThat(port.counters().rxFrames()).isEqualTo(13);
      assertThat(port.transmit(batch)).as("a reading port takes nothing").isZero();
    }

    assertThat(received).usingRecursiveFieldByFieldElementComparator().isEqualTo(expected);
    assertThat(received).extracting(Tshark.Frame::interfaceId).containsOnly(0, 1);
  }

  @Test
  void shouldDeliverTheFramesBeforeTheDamageAndThenReportItWhenTheFileIsTruncated()
      throws Exception {
    final Path whole = writeFile("whole.pcap", CaptureFormat.PCAP_MICROS, 5, 3L, 65535);
    final byte[] bytes = Files.readAllBytes(whole);
    final Path truncated =
        Files.write(dir.resolve("truncated.pcap"), Arrays.copyOf(bytes, bytes.length - 10));

    try (PcapPort port = PcapPort.openForReading(truncated);
        FrameBatch batch = new FrameBatch(32, 2048)) {
      assertThat(port.receive(batch)).isEqualTo(4);
      assertThat(port.atEnd()).isTrue();
      assertThat(port.failure()).isNotNull();
      assertThat(port.failure().packetNumber()).isEqualTo(5);
      assertThat(port.failure().getMessage())
          .contains("packet 5 at byte offset")
          .contains("file ends inside the packet");
      assertThat(port.counters().errors()).isEqualTo(1);
      batch.clear();
      assertThat(port.receive(batch)).isZero();
    }
  }

  @Test
  void shouldSkipAndCountFramesThatDoNotFitTheBatchSlots() throws Exception {
    final Path file = dir.resolve("sizes.pcapng");
    try (CaptureWriter writer = CaptureWriter.create(file, CaptureFormat.PCAPNG)) {
      writer.write(new UnsafeBuffer(new byte[60]), 0, 60, 1L);
      writer.write(new UnsafeBuffer(new byte[1000]), 0, 1000, 2L);
      writer.write(new UnsafeBuffer(new byte[64]), 0, 64, 3L);
    }

    try (PcapPort port = PcapPort.openForReading(file);
        FrameBatch batch = new FrameBatch(8, 128)) {
      assertThat(port.receive(batch)).isEqualTo(2);
      assertThat(batch.length(1)).isEqualTo(64);
      assertThat(port.timestampNanos(1)).isEqualTo(3L);
      assertThat(port.counters().rxDropped()).isEqualTo(1);
    }
  }

  @ParameterizedTest
  @EnumSource(CaptureFormat.class)
  void shouldAppendTransmittedFramesStampedByTheClockWhenWriting(final CaptureFormat format)
      throws Exception {
    final Path file = dir.resolve("port-out-" + format);
    final long[] clockValue = new long[1];
    final EpochNanoClock clock = () -> clockValue[0];
    final Random random = new Random(format.ordinal());
    final List<byte[]> sent = new ArrayList<>();
    final List<Long> times = new ArrayList<>();
    try (PcapPort port = PcapPort.createForWriting(file, format, clock, 1514);
        FrameBatch batch = new FrameBatch(8, 2048)) {
      assertThat(port.receive(batch)).as("a writing port yields nothing").isZero();
      long now = 1_750_000_000_000_000_000L;
      for (int burst = 0; burst < 3; burst++) {
        batch.clear();
        for (int i = 0; i < 5; i++) {
          final byte[] frame = new byte[14 + random.nextInt(1500)];
          random.nextBytes(frame);
          batch.add(new UnsafeBuffer(frame), 0, frame.length);
          sent.add(frame);
        }
        batch.add(new UnsafeBuffer(new byte[1515]), 0, 1515);
        now += 1_234_567_891L;
        clockValue[0] = now;
        assertThat(port.transmit(batch)).isEqualTo(6);
        for (int i = 0; i < 5; i++) {
          times.add(now);
        }
      }
      assertThat(port.counters().txDropped()).as("one oversize frame per burst").isEqualTo(3);
      assertThat(port.counters().txFrames()).isEqualTo(15);
    }

    final List<Tshark.Frame> tshark = Tshark.frames(file);
    assertThat(tshark).hasSize(15);
    for (int i = 0; i < 15; i++) {
      final long time = times.get(i);
      assertThat(tshark.get(i).bytes()).isEqualTo(sent.get(i));
      assertThat(tshark.get(i).timestampNanos())
          .isEqualTo(format == CaptureFormat.PCAP_MICROS ? time - time % 1000 : time);
    }
  }

  private Path writeFile(
      final String name,
      final CaptureFormat format,
      final int frames,
      final long seed,
      final int snaplen)
      throws Exception {
    final Path file = dir.resolve(name);
    final Random random = new Random(seed);
    try (CaptureWriter writer =
        CaptureWriter.create(file, format, ByteOrder.LITTLE_ENDIAN, snaplen)) {
      long time = 1_700_000_000_000_000_000L + random.nextInt(1_000_000);
      for (int i = 0; i < frames; i++) {
        final byte[] frame = new byte[60 + random.nextInt(1400)];
        random.nextBytes(frame);
        time += random.nextInt(1_000_000_000);
        writer.write(new UnsafeBuffer(frame), 0, frame.length, time);
      }
    }
    return file;
  }

  private byte[] bytes(final FrameBatch batch, final int index) {
    batch.wrap(index, view);
    final byte[] bytes = new byte[view.capacity()];
    view.getBytes(0, bytes);
    return bytes;
  }
}
