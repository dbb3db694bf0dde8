package io.vstack.port;

import io.vstack.pcap.CaptureFormat;
import io.vstack.pcap.CaptureFormatException;
import io.vstack.pcap.CaptureReader;
import io.vstack.pcap.CaptureWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A capture file as a port: a <em>reading</em> port whose {@link #receive} yields the file's frames
 * in order, or a <em>writing</em> port whose {@link #transmit} appends frames stamped by a clock.
 *
 * <p>Reading: after each {@link #receive}, {@link #timestampNanos(int)}, {@link #interfaceId(int)}
 * and {@link #originalLength(int)} describe the frames it appended (index 0 = the first of them),
 * e.g. for a replay tool that paces by capture time. A frame that does not fit the batch's slots is
 * skipped and counted in {@link PortCounters#rxDropped()}. When the file turns out truncated or
 * corrupt, the frames before the damage are delivered, then {@link #receive} returns 0, {@link
 * #atEnd()} is true and {@link #failure()} holds the {@link CaptureFormatException} saying where;
 * the port does not throw for it. {@link #transmit} on a reading port takes nothing.
 *
 * <p>Writing: {@link #receive} returns 0; frames longer than {@link #maxFrameLength()} are dropped
 * and counted; the file is complete after {@link #close()} (or {@link #flush()}).
 *
 * <p>An I/O error of the file system (disk full, ...) is thrown as {@link UncheckedIOException}.
 */
public final class PcapPort implements Port {
  private final String name;
  private final CaptureReader reader;
  private final CaptureWriter writer;
  private final EpochNanoClock clock;
  private final int maxFrameLength;
  private final PortCounters counters = new PortCounters();
  private final UnsafeBuffer slot = new UnsafeBuffer(0, 0);
  private long[] timestamps = new long[FrameBatch.DEFAULT_CAPACITY];
  private int[] interfaces = new int[FrameBatch.DEFAULT_CAPACITY];
  private int[] originalLengths = new int[FrameBatch.DEFAULT_CAPACITY];
  private int lastReceived;
  private boolean atEnd;
  private CaptureFormatException failure;

  private PcapPort(
      final String name,
      final CaptureReader reader,
      final CaptureWriter writer,
      final EpochNanoClock clock,
      final int maxFrameLength) {
    this.name = name;
    this.reader = reader;
    this.writer = writer;
    this.clock = clock;
    this.maxFrameLength = maxFrameLength;
  }

  /**
   * Opens a pcap or pcapng file of Ethernet frames for reading.
   *
   * @throws CaptureFormatException when the file header is wrong or the link type is not Ethernet.
   */
  public static PcapPort openForReading(final Path path)
      throws IOException, CaptureFormatException {
    return new PcapPort(
        "pcap:" + path.getFileName(),
        CaptureReader.open(path),
        null,
        null,
        CaptureReader.MAX_PACKET_LENGTH);
  }

  /**
   * Creates (or replaces) a capture file and a port that appends every transmitted frame to it.
   *
   * @param clock stamps each frame as it is transmitted.
   * @param maxFrameLength longer frames are dropped and counted, 14 to {@link
   *     CaptureReader#MAX_PACKET_LENGTH}.
   */
  public static PcapPort createForWriting(
      final Path path,
      final CaptureFormat format,
      final EpochNanoClock clock,
      final int maxFrameLength)
      throws IOException {
    if (maxFrameLength < 14 || maxFrameLength > CaptureReader.MAX_PACKET_LENGTH) {
      throw new IllegalArgumentException(
          "maxFrameLength must be in [14, "
              + CaptureReader.MAX_PACKET_LENGTH
              + "]: "
              + maxFrameLength);
    }
    return new PcapPort(
        "pcap:" + path.getFileName(),
        null,
        CaptureWriter.create(path, format),
        clock,
        maxFrameLength);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public int maxFrameLength() {
    return maxFrameLength;
  }

  /** True: Frames are copied out of the capture into the batch's storage. */
  @Override
  public boolean framesOutliveNextReceive() {
    return true;
  }

  @Override
  public int receive(final FrameBatch batch) {
    lastReceived = 0;
    if (reader == null || atEnd) {
      return 0;
    }
    if (timestamps.length < batch.capacity()) {
      timestamps = Arrays.copyOf(timestamps, batch.capacity());
      interfaces = Arrays.copyOf(interfaces, batch.capacity());
      originalLengths = Arrays.copyOf(originalLengths, batch.capacity());
    }
    try {
      while (batch.remaining() > 0) {
        if (!reader.next()) {
          atEnd = true;
          break;
        }
        final int length = reader.capturedLength();
        if (length > batch.frameCapacity()) {
          counters.onRxDropped();
          continue;
        }
        final int index = batch.claim();
        batch.wrapForWrite(index, slot).putBytes(0, reader.packet(), 0, length);
        batch.length(index, length);
        timestamps[lastReceived] = reader.timestampNanos();
        interfaces[lastReceived] = reader.interfaceId();
        originalLengths[lastReceived] = reader.originalLength();
        lastReceived++;
        counters.onReceive(length);
      }
    } catch (final CaptureFormatException e) {
      failure = e;
      atEnd = true;
      counters.onError();
    } catch (final IOException e) {
      throw new UncheckedIOException(name + ": " + e.getMessage(), e);
    }
    return lastReceived;
  }

  /**
   * Capture time, in ns since the epoch, of the {@code i}-th frame appended by the last receive.
   */
  public long timestampNanos(final int i) {
    return timestamps[checkReceived(i)];
  }

  /** pcapng interface id (0 for pcap) of the {@code i}-th frame appended by the last receive. */
  public int interfaceId(final int i) {
    return interfaces[checkReceived(i)];
  }

  /**
   * Length on the wire of the {@code i}-th frame appended by the last receive (may exceed the
   * frame).
   */
  public int originalLength(final int i) {
    return originalLengths[checkReceived(i)];
  }

  /** True once a reading port has delivered the last frame it will (end of file or damage). */
  public boolean atEnd() {
    return atEnd;
  }

  /** Why reading stopped early, or null when it did not (yet). */
  public CaptureFormatException failure() {
    return failure;
  }

  @Override
  public int transmit(final FrameBatch batch) {
    if (writer == null) {
      return 0;
    }
    final int size = batch.size();
    try {
      for (int i = 0; i < size; i++) {
        final int length = batch.length(i);
        if (length > maxFrameLength) {
          counters.onTxDropped();
          continue;
        }
        writer.write(batch.address(i), length, clock.nanoTime());
        counters.onTransmit(length);
      }
    } catch (final IOException e) {
      throw new UncheckedIOException(name + ": " + e.getMessage(), e);
    }
    return size;
  }

  /** Writes buffered frames of a writing port to the file. */
  public void flush() {
    if (writer != null) {
      try {
        writer.flush();
      } catch (final IOException e) {
        throw new UncheckedIOException(name + ": " + e.getMessage(), e);
      }
    }
  }

  @Override
  public PortCounters counters() {
    return counters;
  }

  @Override
  public void close() {
    try {
      if (reader != null) {
        reader.close();
      }
      if (writer != null) {
        writer.close();
      }
    } catch (final IOException e) {
      throw new UncheckedIOException(name + ": " + e.getMessage(), e);
    }
  }

  private int checkReceived(final int i) {
    if (i < 0 || i >= lastReceived) {
      throw new IndexOutOfBoundsException(
          "frame " + i + " of the " + lastReceived + " last received");
    }
    return i;
  }
}
