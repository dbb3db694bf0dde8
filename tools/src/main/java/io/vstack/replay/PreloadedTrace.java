package io.vstack.replay;

import io.vstack.pcap.CaptureFormatException;
import io.vstack.pcap.CaptureReader;
import io.vstack.port.FrameBatch;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.Arrays;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A whole trace read into off-heap memory once, so passes cost no file parsing and frames go to the
 * port by address, without a copy ({@link FrameBatch#addExternal}). Frames longer than the port's
 * largest frame are not kept, only counted (once per pass). When the file is damaged, the frames
 * before the damage are kept and {@link #failure()} says where.
 */
final class PreloadedTrace implements FrameSource {
  private final Arena arena;
  private final int frames;
  private final long[] addresses;
  private final int[] lengths;
  private final long[] timestamps;
  private final long tooBigPerPass;
  private final String failure;
  private long tooBig;
  private int position;

  private PreloadedTrace(
      final Arena arena,
      final int frames,
      final long[] addresses,
      final int[] lengths,
      final long[] timestamps,
      final long tooBigPerPass,
      final String failure) {
    this.arena = arena;
    this.frames = frames;
    this.addresses = addresses;
    this.lengths = lengths;
    this.timestamps = timestamps;
    this.tooBigPerPass = tooBigPerPass;
    this.failure = failure;
  }

  /**
   * Reads up to {@code limit} frames (not counting those too big) of {@code file}, at most {@code
   * fileSize} bytes of frames.
   *
   * @throws CaptureFormatException when the file header or link type is wrong.
   */
  static PreloadedTrace load(
      final Path file, final long fileSize, final int maxFrameLength, final long limit)
      throws IOException, CaptureFormatException {
    final Arena arena = Arena.ofShared();
    final MemorySegment memory = arena.allocate(Math.max(1, fileSize), 64);
    final UnsafeBuffer data = new UnsafeBuffer(memory.address(), (int) memory.byteSize());
    int frames = 0;
    long[] addresses = new long[1024];
    int[] lengths = new int[1024];
    long[] times = new long[1024];
    long tooBig = 0;
    String failure = null;
    int offset = 0;
    try (CaptureReader reader = CaptureReader.open(file)) {
      while (frames < limit && reader.next()) {
        final int length = reader.capturedLength();
        if (length > maxFrameLength) {
          tooBig++;
          continue;
        }
        if (frames == addresses.length) {
          addresses = Arrays.copyOf(addresses, frames * 2);
          lengths = Arrays.copyOf(lengths, frames * 2);
          times = Arrays.copyOf(times, frames * 2);
        }
        data.putBytes(offset, reader.packet(), 0, length);
        addresses[frames] = memory.address() + offset;
        lengths[frames] = length;
        times[frames] = reader.timestampNanos();
        frames++;
        offset += length;
      }
    } catch (final CaptureFormatException e) {
      if (e.packetNumber() == 0) {
        arena.close();
        throw e;
      }
      failure = e.getMessage();
    } catch (final IOException | RuntimeException e) {
      arena.close();
      throw e;
    }
    return new PreloadedTrace(arena, frames, addresses, lengths, times, tooBig, failure);
  }

  /** Frames held. */
  int frames() {
    return frames;
  }

  @Override
  public void rewind() {
    position = 0;
    tooBig += tooBigPerPass;
  }

  @Override
  public int next(final FrameBatch batch, final long[] times) {
    int n = 0;
    while (position < frames && batch.remaining() > 0) {
      batch.addExternal(addresses[position], lengths[position]);
      times[n++] = timestamps[position++];
    }
    return n;
  }

  @Override
  public long tooBig() {
    return tooBig;
  }

  @Override
  public String failure() {
    return position == frames ? failure : null;
  }

  @Override
  public void close() {
    if (arena.scope().isAlive()) {
      arena.close();
    }
  }
}
