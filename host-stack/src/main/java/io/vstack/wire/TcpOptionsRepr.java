package io.vstack.wire;

import static java.nio.ByteOrder.BIG_ENDIAN;

import java.util.ArrayList;
import java.util.List;
import org.agrona.MutableDirectBuffer;

/**
 * The TCP options this stack understands, detached from any buffer (slow path; the fast path uses
 * {@link TcpOptionsReader}). Unknown options are not represented.
 *
 * <p>{@link #emit} lays options out as Linux does, so every 4-byte-aligned field stays aligned:
 *
 * <pre>
 * MSS                      kind 2, len 4
 * SACK-permitted + TS      kind 4, len 2, kind 8, len 10   (or NOP NOP TS / NOP NOP SACK-permitted)
 * window scale             NOP, kind 3, len 3
 * SACK blocks              NOP NOP, kind 5, len 2 + 8n
 * </pre>
 *
 * <p>When that aligned layout would exceed 40 bytes (e.g. SACK-permitted, window scale and four
 * SACK blocks, which a peer may legally send), the options are packed without NOPs and padded with
 * EOL to a multiple of 4, so whatever {@link #parse} reads can be emitted again.
 *
 * @param mss maximum segment size, or -1 when absent
 * @param windowScale window scale shift count, or -1 when absent
 * @param sackPermitted SACK-permitted option present
 * @param sackBlocks 0..4 SACK blocks (raw sequence numbers)
 * @param timestamps timestamps option, or null when absent
 */
public record TcpOptionsRepr(
    int mss,
    int windowScale,
    boolean sackPermitted,
    List<SackBlock> sackBlocks,
    Timestamps timestamps) {

  /** No options. */
  public static final TcpOptionsRepr NONE = new TcpOptionsRepr(-1, -1, false, List.of(), null);

  /**
   * One SACK block: bytes {@code [left, right)} received (raw sequence numbers).
   *
   * @param left left edge
   * @param right right edge
   */
  public record SackBlock(int left, int right) {}

  /**
   * The timestamps option (RFC 7323).
   *
   * @param tsVal sender's timestamp clock
   * @param tsEcr echoed timestamp
   */
  public record Timestamps(int tsVal, int tsEcr) {}

  /** Checks ranges and that the options fit in 40 bytes; throws IllegalArgumentException. */
  public TcpOptionsRepr {
    sackBlocks = List.copyOf(sackBlocks);
    if (mss < -1 || mss > 0xFFFF || windowScale < -1 || windowScale > 0xFF) {
      throw new IllegalArgumentException(
          "TCP MSS must be -1 or 0..65535 and window scale -1 or 0..255: mss="
              + mss
              + " windowScale="
              + windowScale);
    }
    if (sackBlocks.size() > TcpOptionsReader.MAX_SACK_BLOCKS) {
      throw new IllegalArgumentException("at most 4 SACK blocks: " + sackBlocks.size());
    }
    if (!fits(mss, windowScale, sackPermitted, sackBlocks.size(), timestamps != null)) {
      throw new IllegalArgumentException(
          "TCP options need "
              + packedLength(mss, windowScale, sackPermitted, sackBlocks.size(), timestamps != null)
              + " bytes, more than 40: "
              + sackBlocks.size()
              + " SACK blocks do not fit with the other options");
    }
  }

  /** Reads what a {@link TcpOptionsReader} found in an option area of at most 40 bytes. */
  public static TcpOptionsRepr parse(final TcpOptionsReader reader) {
    final List<SackBlock> blocks = new ArrayList<>(reader.sackBlockCount());
    for (int i = 0; i < reader.sackBlockCount(); i++) {
      blocks.add(new SackBlock(reader.sackLeft(i), reader.sackRight(i)));
    }
    return new TcpOptionsRepr(
        reader.mss(),
        reader.windowScale(),
        reader.sackPermitted(),
        blocks,
        reader.hasTimestamps() ? new Timestamps(reader.tsVal(), reader.tsEcr()) : null);
  }

  /** Whether these options fit into 40 bytes. */
  public static boolean fits(
      final int mss,
      final int windowScale,
      final boolean sackPermitted,
      final int sackBlocks,
      final boolean timestamps) {
    return packedLength(mss, windowScale, sackPermitted, sackBlocks, timestamps)
        <= TcpSegment.MAX_OPTIONS_LENGTH;
  }

  /** Length of the Linux-like layout, every option on its natural alignment. */
  private static int alignedLength(
      final int mss,
      final int windowScale,
      final boolean sackPermitted,
      final int sackBlocks,
      final boolean timestamps) {
    int length = mss >= 0 ? TcpOptionsReader.LENGTH_MSS : 0;
    if (timestamps || sackPermitted) {
      length +=
          2
              + (timestamps
                  ? TcpOptionsReader.LENGTH_TIMESTAMPS
                  : TcpOptionsReader.LENGTH_SACK_PERMITTED);
    }
    length += windowScale >= 0 ? 1 + TcpOptionsReader.LENGTH_WINDOW_SCALE : 0;
    length += sackBlocks > 0 ? 4 + sackBlocks * TcpOptionsReader.SACK_BLOCK_LENGTH : 0;
    return length;
  }

  /**
   * Length without alignment NOPs, padded to 4: used when the aligned layout would not fit, so
   * every combination a peer can send in 40 bytes can be emitted again.
   */
  private static int packedLength(
      final int mss,
      final int windowScale,
      final boolean sackPermitted,
      final int sackBlocks,
      final boolean timestamps) {
    final int length =
        (mss >= 0 ? TcpOptionsReader.LENGTH_MSS : 0)
            + (windowScale >= 0 ? TcpOptionsReader.LENGTH_WINDOW_SCALE : 0)
            + (sackPermitted ? TcpOptionsReader.LENGTH_SACK_PERMITTED : 0)
            + (timestamps ? TcpOptionsReader.LENGTH_TIMESTAMPS : 0)
            + (sackBlocks > 0 ? 2 + sackBlocks * TcpOptionsReader.SACK_BLOCK_LENGTH : 0);
    return (length + 3) & ~3;
  }

  private boolean aligned() {
    return alignedLength(mss, windowScale, sackPermitted, sackBlocks.size(), timestamps != null)
        <= TcpSegment.MAX_OPTIONS_LENGTH;
  }

  /** Bytes {@link #emit} writes: a multiple of 4, at most 40. */
  public int length() {
    final int blocks = sackBlocks.size();
    final boolean hasTimestamps = timestamps != null;
    return aligned()
        ? alignedLength(mss, windowScale, sackPermitted, blocks, hasTimestamps)
        : packedLength(mss, windowScale, sackPermitted, blocks, hasTimestamps);
  }

  /**
   * Writes the options at {@code offset}; returns the number of bytes written ({@link #length()}).
   */
  public int emit(final MutableDirectBuffer buffer, final int offset) {
    int i = offset;
    if (aligned()) {
      if (mss >= 0) {
        i = putMss(buffer, i);
      }
      if (timestamps != null) {
        i = sackPermitted ? putSackPermitted(buffer, i) : putNops(buffer, i, 2);
        i = putTimestamps(buffer, i);
      } else if (sackPermitted) {
        i = putSackPermitted(buffer, putNops(buffer, i, 2));
      }
      if (windowScale >= 0) {
        i = putWindowScale(buffer, putNops(buffer, i, 1));
      }
      if (!sackBlocks.isEmpty()) {
        i = putSackBlocks(buffer, putNops(buffer, i, 2));
      }
      return i - offset;
    }
    if (mss >= 0) {
      i = putMss(buffer, i);
    }
    if (windowScale >= 0) {
      i = putWindowScale(buffer, i);
    }
    if (sackPermitted) {
      i = putSackPermitted(buffer, i);
    }
    if (timestamps != null) {
      i = putTimestamps(buffer, i);
    }
    if (!sackBlocks.isEmpty()) {
      i = putSackBlocks(buffer, i);
    }
    while (((i - offset) & 3) != 0) {
      buffer.putByte(i++, (byte) TcpOptionsReader.KIND_END);
    }
    return i - offset;
  }

  private static int putNops(final MutableDirectBuffer buffer, final int offset, final int count) {
    for (int i = 0; i < count; i++) {
      buffer.putByte(offset + i, (byte) TcpOptionsReader.KIND_NOP);
    }
    return offset + count;
  }

  private static int putKindLength(
      final MutableDirectBuffer buffer, final int offset, final int kind, final int length) {
    buffer.putByte(offset, (byte) kind);
    buffer.putByte(offset + 1, (byte) length);
    return offset + 2;
  }

  private int putMss(final MutableDirectBuffer buffer, final int offset) {
    final int at =
        putKindLength(buffer, offset, TcpOptionsReader.KIND_MSS, TcpOptionsReader.LENGTH_MSS);
    buffer.putShort(at, (short) mss, BIG_ENDIAN);
    return at + 2;
  }

  private int putWindowScale(final MutableDirectBuffer buffer, final int offset) {
    final int at =
        putKindLength(
            buffer,
            offset,
            TcpOptionsReader.KIND_WINDOW_SCALE,
            TcpOptionsReader.LENGTH_WINDOW_SCALE);
    buffer.putByte(at, (byte) windowScale);
    return at + 1;
  }

  private static int putSackPermitted(final MutableDirectBuffer buffer, final int offset) {
    return putKindLength(
        buffer,
        offset,
        TcpOptionsReader.KIND_SACK_PERMITTED,
        TcpOptionsReader.LENGTH_SACK_PERMITTED);
  }

  private int putTimestamps(final MutableDirectBuffer buffer, final int offset) {
    final int at =
        putKindLength(
            buffer, offset, TcpOptionsReader.KIND_TIMESTAMPS, TcpOptionsReader.LENGTH_TIMESTAMPS);
    buffer.putInt(at, timestamps.tsVal(), BIG_ENDIAN);
    buffer.putInt(at + 4, timestamps.tsEcr(), BIG_ENDIAN);
    return at + 8;
  }

  private int putSackBlocks(final MutableDirectBuffer buffer, final int offset) {
    int at =
        putKindLength(
            buffer,
            offset,
            TcpOptionsReader.KIND_SACK,
            2 + sackBlocks.size() * TcpOptionsReader.SACK_BLOCK_LENGTH);
    for (final SackBlock block : sackBlocks) {
      buffer.putInt(at, block.left(), BIG_ENDIAN);
      buffer.putInt(at + 4, block.right(), BIG_ENDIAN);
      at += TcpOptionsReader.SACK_BLOCK_LENGTH;
    }
    return at;
  }
}
