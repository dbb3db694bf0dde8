package io.vstack.pcap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.agrona.concurrent.UnsafeBuffer;

/** Frames and files for capture tests. */
final class CaptureFiles {
  /** A frame read back, with what the reader said about it. */
  record Read(
      long number,
      long offset,
      byte[] bytes,
      int originalLength,
      long timestampNanos,
      int interfaceId) {}

  /** A frame to write. */
  record Written(byte[] bytes, int originalLength, long timestampNanos) {}

  private CaptureFiles() {}

  /** Random Ethernet frames (random MACs, EtherType 0x88B5 local experimental, random payload). */
  static List<Written> randomFrames(final Random random, final int count, final int maxLength) {
    final List<Written> frames = new ArrayList<>();
    long time = 1_700_000_000_000_000_000L + random.nextLong(1_000_000_000_000_000L);
    for (int i = 0; i < count; i++) {
      final byte[] frame = new byte[14 + random.nextInt(maxLength - 13)];
      random.nextBytes(frame);
      frame[0] &= (byte) 0xFE;
      frame[12] = (byte) 0x88;
      frame[13] = (byte) 0xB5;
      time += random.nextLong(2_000_000_000L);
      frames.add(new Written(frame, frame.length, time));
    }
    return frames;
  }

  static void write(
      final Path file,
      final CaptureFormat format,
      final ByteOrder order,
      final int snaplen,
      final List<Written> frames)
      throws IOException {
    try (CaptureWriter writer = CaptureWriter.create(file, format, order, snaplen)) {
      for (final Written frame : frames) {
        writer.write(
            new UnsafeBuffer(frame.bytes()),
            0,
            frame.bytes().length,
            frame.originalLength(),
            frame.timestampNanos());
      }
    }
  }

  /** Reads every packet; a format error propagates. */
  static List<Read> readAll(final Path file) throws IOException, CaptureFormatException {
    final List<Read> frames = new ArrayList<>();
    try (CaptureReader reader = CaptureReader.open(file)) {
      drain(reader, frames);
    }
    return frames;
  }

  static void drain(final CaptureReader reader, final List<Read> into)
      throws IOException, CaptureFormatException {
    while (reader.next()) {
      final byte[] bytes = new byte[reader.capturedLength()];
      reader.packet().getBytes(0, bytes);
      into.add(
          new Read(
              reader.packetNumber(),
              reader.packetOffset(),
              bytes,
              reader.originalLength(),
              reader.timestampNanos(),
              reader.interfaceId()));
    }
  }

  /** Checks that our reading of a file agrees with tshark's, frame by frame. */
  static void assertSameAsTshark(final List<Read> ours, final List<Tshark.Frame> tshark) {
    assertThat(ours).hasSameSizeAs(tshark);
    for (int i = 0; i < ours.size(); i++) {
      final Read read = ours.get(i);
      final Tshark.Frame reference = tshark.get(i);
      assertThat(read.number()).isEqualTo(reference.number());
      assertThat(read.bytes()).as("frame %d bytes", i + 1).isEqualTo(reference.bytes());
      assertThat(read.originalLength()).as("frame %d length", i + 1).isEqualTo(reference.length());
      assertThat(read.bytes().length)
          .as("frame %d captured length", i + 1)
          .isEqualTo(reference.capturedLength());
      assertThat(read.timestampNanos())
          .as("frame %d time", i + 1)
          .isEqualTo(reference.timestampNanos());
      assertThat(read.interfaceId())
          .as("frame %d interface", i + 1)
          .isEqualTo(reference.interfaceId());
    }
  }
}
