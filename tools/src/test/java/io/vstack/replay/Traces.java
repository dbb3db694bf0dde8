package io.vstack.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.vstack.netns.Commands;
import io.vstack.netns.RequiredTool;
import io.vstack.pcap.CaptureFormat;
import io.vstack.pcap.CaptureWriter;
import io.vstack.pcap.Tshark;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.agrona.concurrent.UnsafeBuffer;

/** Traces for replay tests: frames no host reacts to, written by us or by Wireshark's tools. */
public final class Traces {
  /** A frame and when it was captured. */
  public record Frame(byte[] bytes, long timestampNanos) {}

  /** A plausible capture time: 2023-11-14. */
  public static final long EPOCH = 1_700_000_000_000_000_000L;

  private Traces() {}

  /**
   * {@code count} frames of {@code minLength..maxLength} bytes to a unicast MAC, EtherType 0x88B5
   * (local experimental), random payload; the i-th captured at {@code start + gaps[i %
   * gaps.length]} after the one before.
   */
  public static List<Frame> frames(
      final Random random,
      final int count,
      final int minLength,
      final int maxLength,
      final long start,
      final long... gaps) {
    final List<Frame> frames = new ArrayList<>();
    long time = start;
    for (int i = 0; i < count; i++) {
      final byte[] frame = new byte[minLength + random.nextInt(maxLength - minLength + 1)];
      random.nextBytes(frame);
      frame[0] = 0x02;
      frame[6] = 0x02;
      frame[12] = (byte) 0x88;
      frame[13] = (byte) 0xB5;
      frames.add(new Frame(frame, time));
      time += gaps[i % gaps.length];
    }
    return frames;
  }

  /** Writes the frames to a new capture file. */
  public static Path write(final Path file, final CaptureFormat format, final List<Frame> frames)
      throws IOException {
    try (CaptureWriter writer =
        CaptureWriter.create(
            file, format, ByteOrder.LITTLE_ENDIAN, CaptureWriter.DEFAULT_SNAPLEN)) {
      for (final Frame frame : frames) {
        writer.write(
            new UnsafeBuffer(frame.bytes()), 0, frame.bytes().length, frame.timestampNanos());
      }
    }
    return file;
  }

  /** {@code mergecap -F pcapng -I none}: one pcapng interface per input file, in time order. */
  public static Path mergecap(final Path out, final Path... inputs) {
    final List<String> command =
        new ArrayList<>(
            List.of(
                RequiredTool.require("mergecap"),
                "-F",
                "pcapng",
                "-I",
                "none",
                "-w",
                out.toString()));
    for (final Path input : inputs) {
      command.add(input.toString());
    }
    Commands.run(command.toArray(String[]::new));
    return out;
  }

  /** {@code editcap -F type in out}, e.g. type {@code pcap} (µs) or {@code nsecpcap}. */
  public static Path editcap(final Path in, final String type, final Path out) {
    Commands.run(RequiredTool.require("editcap"), "-F", type, in.toString(), out.toString());
    return out;
  }

  /** Checks that tshark read exactly the frames sent, in order, byte for byte. */
  public static void assertSameFrames(final List<Tshark.Frame> seen, final List<byte[]> sent) {
    assertThat(seen).hasSameSizeAs(sent);
    for (int i = 0; i < sent.size(); i++) {
      assertThat(seen.get(i).bytes()).as("frame %d", i + 1).isEqualTo(sent.get(i));
    }
  }

  /** The bytes of each frame. */
  public static List<byte[]> bytes(final List<Frame> frames) {
    return frames.stream().map(Frame::bytes).toList();
  }
}
