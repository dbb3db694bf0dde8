package io.vstack.wire;

import static java.nio.ByteOrder.BIG_ENDIAN;

import org.agrona.DirectBuffer;

/**
 * Allocation-free reader of TCP options for the fast path: one walk over the option bytes checks
 * every length and fills primitive fields. Reused for every segment ({@link TcpSegment} owns one).
 *
 * <p>Rules: EOL ends the list; NOP is one byte; every other option has a length byte that must be
 * at least 2 and stay inside the header; known kinds must have their fixed length (MSS 4, window
 * scale 3, SACK-permitted 2, timestamps 10, SACK 2 + 8n with n = 1..4); unknown kinds are skipped
 * by their length. When a kind repeats, the last occurrence wins. Values are reported raw (e.g. a
 * window scale above 14 is clamped by the TCP layer, RFC 7323 section 2.3, not rejected here).
 */
public final class TcpOptionsReader {
  public static final int KIND_END = 0;
  public static final int KIND_NOP = 1;
  public static final int KIND_MSS = 2;
  public static final int KIND_WINDOW_SCALE = 3;
  public static final int KIND_SACK_PERMITTED = 4;
  public static final int KIND_SACK = 5;
  public static final int KIND_TIMESTAMPS = 8;

  public static final int LENGTH_MSS = 4;
  public static final int LENGTH_WINDOW_SCALE = 3;
  public static final int LENGTH_SACK_PERMITTED = 2;
  public static final int LENGTH_TIMESTAMPS = 10;
  public static final int SACK_BLOCK_LENGTH = 8;
  public static final int MAX_SACK_BLOCKS = 4;

  private int mss;
  private int windowScale;
  private boolean sackPermitted;
  private boolean timestamps;
  private int tsVal;
  private int tsEcr;
  private int sackBlockCount;
  private final int[] sackBlocks = new int[2 * MAX_SACK_BLOCKS];

  /**
   * Reads the options in {@code [offset, offset + length)} (the header bytes after the fixed 20).
   *
   * @return {@link WireError#OK} or {@link WireError#BAD_OPTION}; fields are reset either way and
   *     valid only after OK.
   */
  public WireError read(final DirectBuffer buffer, final int offset, final int length) {
    mss = -1;
    windowScale = -1;
    sackPermitted = false;
    timestamps = false;
    tsVal = 0;
    tsEcr = 0;
    sackBlockCount = 0;
    int i = offset;
    final int end = offset + length;
    while (i < end) {
      final int kind = buffer.getByte(i) & 0xFF;
      if (kind == KIND_END) {
        return WireError.OK;
      }
      if (kind == KIND_NOP) {
        i++;
        continue;
      }
      if (end - i < 2) {
        return WireError.BAD_OPTION;
      }
      final int optionLength = buffer.getByte(i + 1) & 0xFF;
      if (optionLength < 2 || optionLength > end - i) {
        return WireError.BAD_OPTION;
      }
      switch (kind) {
        case KIND_MSS -> {
          if (optionLength != LENGTH_MSS) {
            return WireError.BAD_OPTION;
          }
          mss = buffer.getShort(i + 2, BIG_ENDIAN) & 0xFFFF;
        }
        case KIND_WINDOW_SCALE -> {
          if (optionLength != LENGTH_WINDOW_SCALE) {
            return WireError.BAD_OPTION;
          }
          windowScale = buffer.getByte(i + 2) & 0xFF;
        }
        case KIND_SACK_PERMITTED -> {
          if (optionLength != LENGTH_SACK_PERMITTED) {
            return WireError.BAD_OPTION;
          }
          sackPermitted = true;
        }
        case KIND_TIMESTAMPS -> {
          if (optionLength != LENGTH_TIMESTAMPS) {
            return WireError.BAD_OPTION;
          }
          timestamps = true;
          tsVal = buffer.getInt(i + 2, BIG_ENDIAN);
          tsEcr = buffer.getInt(i + 6, BIG_ENDIAN);
        }
        case KIND_SACK -> {
          final int blocks = (optionLength - 2) / SACK_BLOCK_LENGTH;
          if ((optionLength - 2) % SACK_BLOCK_LENGTH != 0
              || blocks < 1
              || blocks > MAX_SACK_BLOCKS) {
            return WireError.BAD_OPTION;
          }
          for (int b = 0; b < blocks; b++) {
            sackBlocks[2 * b] = buffer.getInt(i + 2 + b * SACK_BLOCK_LENGTH, BIG_ENDIAN);
            sackBlocks[2 * b + 1] = buffer.getInt(i + 6 + b * SACK_BLOCK_LENGTH, BIG_ENDIAN);
          }
          sackBlockCount = blocks;
        }
        default -> {
          // Unknown kind: skipped by its (already checked) length.
        }
      }
      i += optionLength;
    }
    return WireError.OK;
  }

  /** Maximum segment size, or -1 when absent. */
  public int mss() {
    return mss;
  }

  /** Window scale shift count as sent, or -1 when absent. */
  public int windowScale() {
    return windowScale;
  }

  public boolean sackPermitted() {
    return sackPermitted;
  }

  /** True when a timestamps option was present. */
  public boolean hasTimestamps() {
    return timestamps;
  }

  /** TSval (raw 32 bits), valid when {@link #hasTimestamps()}. */
  public int tsVal() {
    return tsVal;
  }

  /** TSecr (raw 32 bits), valid when {@link #hasTimestamps()}. */
  public int tsEcr() {
    return tsEcr;
  }

  /** Number of SACK blocks (0..4). */
  public int sackBlockCount() {
    return sackBlockCount;
  }

  /** Left edge (raw sequence number) of SACK block {@code index}. */
  public int sackLeft(final int index) {
    return sackBlocks[2 * index];
  }

  /** Right edge (raw sequence number) of SACK block {@code index}. */
  public int sackRight(final int index) {
    return sackBlocks[2 * index + 1];
  }

  /**
   * Copies the SACK blocks as left/right pairs into {@code target} (length at least 8).
   *
   * @return the number of blocks
   */
  public int sackBlocks(final int[] target) {
    System.arraycopy(sackBlocks, 0, target, 0, 2 * sackBlockCount);
    return sackBlockCount;
  }
}
