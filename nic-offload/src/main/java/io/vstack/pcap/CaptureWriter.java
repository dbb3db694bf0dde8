package io.vstack.pcap;

import static io.vstack.pcap.CaptureReader.BLOCK_ENHANCED_PACKET;
import static io.vstack.pcap.CaptureReader.BLOCK_INTERFACE;
import static io.vstack.pcap.CaptureReader.BLOCK_SECTION_HEADER;
import static io.vstack.pcap.CaptureReader.BYTE_ORDER_MAGIC;
import static io.vstack.pcap.CaptureReader.MAX_PACKET_LENGTH;
import static io.vstack.pcap.CaptureReader.OPTION_END;
import static io.vstack.pcap.CaptureReader.OPTION_IF_TSRESOL;
import static io.vstack.pcap.CaptureReader.PCAP_HEADER_LENGTH;
import static io.vstack.pcap.CaptureReader.PCAP_MAGIC_MICROS;
import static io.vstack.pcap.CaptureReader.PCAP_MAGIC_NANOS;
import static io.vstack.pcap.CaptureReader.PCAP_RECORD_HEADER_LENGTH;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Writes Ethernet frames to a new pcap or pcapng file (layouts in {@link CaptureReader}).
 *
 * <p>A pcapng file gets one section (no section length), one Ethernet interface with {@code
 * if_tsresol} = 9 (nanoseconds) and one Enhanced Packet Block per frame. Frames longer than the
 * snaplen are cut to it and keep their original length. Output is buffered: call {@link #flush()}
 * or {@link #close()} before another program reads the file. Not thread-safe.
 */
public final class CaptureWriter implements AutoCloseable {
  /** The snaplen written when none is given. */
  public static final int DEFAULT_SNAPLEN = MAX_PACKET_LENGTH;

  private static final int SHB_LENGTH = 28;
  private static final int IDB_LENGTH = 32;
  private static final int EPB_OVERHEAD = 32;
  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private final FileChannel channel;
  private final CaptureFormat format;
  private final ByteOrder order;
  private final int snaplen;
  private final ByteBuffer out;
  private final UnsafeBuffer view;
  private final UnsafeBuffer source = new UnsafeBuffer(0, 0);
  private long frames;

  private CaptureWriter(
      final FileChannel channel,
      final CaptureFormat format,
      final ByteOrder order,
      final int snaplen)
      throws IOException {
    this.channel = channel;
    this.format = format;
    this.order = order;
    this.snaplen = snaplen;
    this.out = ByteBuffer.allocateDirect(4 * MAX_PACKET_LENGTH);
    this.view = new UnsafeBuffer(out);
    writeHeader();
  }

  /** A new little-endian file with {@link #DEFAULT_SNAPLEN}, replacing any file at {@code path}. */
  public static CaptureWriter create(final Path path, final CaptureFormat format)
      throws IOException {
    return create(path, format, ByteOrder.LITTLE_ENDIAN, DEFAULT_SNAPLEN);
  }

  /**
   * A new file, replacing any file at {@code path}.
   *
   * @param order the byte order of every header in the file.
   * @param snaplen frames are cut to this many bytes, 1 to {@link CaptureReader#MAX_PACKET_LENGTH}.
   */
  public static CaptureWriter create(
      final Path path, final CaptureFormat format, final ByteOrder order, final int snaplen)
      throws IOException {
    if (snaplen < 1 || snaplen > MAX_PACKET_LENGTH) {
      throw new IllegalArgumentException(
          "snaplen must be in [1, " + MAX_PACKET_LENGTH + "]: " + snaplen);
    }
    final FileChannel channel =
        FileChannel.open(
            path,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING);
    try {
      return new CaptureWriter(channel, format, order, snaplen);
    } catch (final IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  public CaptureFormat format() {
    return format;
  }

  /** Frames written so far. */
  public long frames() {
    return frames;
  }

  /**
   * Appends a frame of {@code length} bytes at {@code offset} of {@code buffer}, not cut on the
   * wire.
   */
  public void write(
      final DirectBuffer buffer, final int offset, final int length, final long timestampNanos)
      throws IOException {
    write(buffer, offset, length, length, timestampNanos);
  }

  /**
   * Appends a frame.
   *
   * @param length bytes of the frame available at {@code offset}; more than the snaplen are cut.
   * @param originalLength the frame's length on the wire, at least {@code length}.
   * @param timestampNanos capture time in nanoseconds since the epoch.
   */
  public void write(
      final DirectBuffer buffer,
      final int offset,
      final int length,
      final int originalLength,
      final long timestampNanos)
      throws IOException {
    if (length < 0 || originalLength < length) {
      throw new IllegalArgumentException(
          "length " + length + " must be in [0, originalLength " + originalLength + "]");
    }
    final int caplen = Math.min(length, snaplen);
    final int padded = format == CaptureFormat.PCAPNG ? (caplen + 3) & ~3 : caplen;
    final int recordLength =
        format == CaptureFormat.PCAPNG ? EPB_OVERHEAD + padded : PCAP_RECORD_HEADER_LENGTH + caplen;
    if (out.remaining() < recordLength) {
      flush();
    }
    final int at = out.position();
    final long seconds = Math.floorDiv(timestampNanos, NANOS_PER_SECOND);
    final long nanos = Math.floorMod(timestampNanos, NANOS_PER_SECOND);
    final int data;
    if (format == CaptureFormat.PCAPNG) {
      view.putInt(at, BLOCK_ENHANCED_PACKET, order);
      view.putInt(at + 4, recordLength, order);
      view.putInt(at + 8, 0, order);
      view.putInt(at + 12, (int) (timestampNanos >>> 32), order);
      view.putInt(at + 16, (int) timestampNanos, order);
      view.putInt(at + 20, caplen, order);
      view.putInt(at + 24, originalLength, order);
      data = at + 28;
      view.setMemory(data + caplen, padded - caplen, (byte) 0);
      view.putInt(at + recordLength - 4, recordLength, order);
    } else {
      view.putInt(at, (int) seconds, order);
      view.putInt(at + 4, (int) (format == CaptureFormat.PCAP_NANOS ? nanos : nanos / 1000), order);
      view.putInt(at + 8, caplen, order);
      view.putInt(at + 12, originalLength, order);
      data = at + PCAP_RECORD_HEADER_LENGTH;
    }
    view.putBytes(data, buffer, offset, caplen);
    out.position(at + recordLength);
    frames++;
  }

  /** Appends {@code length} bytes of native memory at {@code address} (a frame slot). */
  public void write(final long address, final int length, final long timestampNanos)
      throws IOException {
    source.wrap(address, length);
    write(source, 0, length, length, timestampNanos);
  }

  /** Writes everything buffered to the file. */
  public void flush() throws IOException {
    out.flip();
    while (out.hasRemaining()) {
      channel.write(out);
    }
    out.clear();
  }

  @Override
  public void close() throws IOException {
    try {
      flush();
    } finally {
      channel.close();
    }
  }

  private void writeHeader() {
    if (format == CaptureFormat.PCAPNG) {
      view.putInt(0, BLOCK_SECTION_HEADER, order);
      view.putInt(4, SHB_LENGTH, order);
      view.putInt(8, BYTE_ORDER_MAGIC, order);
      view.putShort(12, (short) 1, order);
      view.putShort(14, (short) 0, order);
      view.putLong(16, -1L, order);
      view.putInt(24, SHB_LENGTH, order);
      final int idb = SHB_LENGTH;
      view.putInt(idb, BLOCK_INTERFACE, order);
      view.putInt(idb + 4, IDB_LENGTH, order);
      view.putShort(idb + 8, (short) LinkType.ETHERNET, order);
      view.putShort(idb + 10, (short) 0, order);
      view.putInt(idb + 12, snaplen, order);
      view.putShort(idb + 16, (short) OPTION_IF_TSRESOL, order);
      view.putShort(idb + 18, (short) 1, order);
      view.putInt(idb + 20, 0);
      view.putByte(idb + 20, (byte) 9);
      view.putShort(idb + 24, (short) OPTION_END, order);
      view.putShort(idb + 26, (short) 0, order);
      view.putInt(idb + 28, IDB_LENGTH, order);
      out.position(SHB_LENGTH + IDB_LENGTH);
    } else {
      view.putInt(
          0, format == CaptureFormat.PCAP_NANOS ? PCAP_MAGIC_NANOS : PCAP_MAGIC_MICROS, order);
      view.putShort(4, (short) 2, order);
      view.putShort(6, (short) 4, order);
      view.putInt(8, 0, order);
      view.putInt(12, 0, order);
      view.putInt(16, snaplen, order);
      view.putInt(20, LinkType.ETHERNET, order);
      out.position(PCAP_HEADER_LENGTH);
    }
  }
}
