package io.vstack.tcp;

import java.nio.ByteBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Per-connection receive buffer: an off-heap byte ring with bounded out-of-order reassembly.
 *
 * <p>In-order bytes end at {@code writeIndex}, which corresponds to RCV.NXT. A segment that arrives
 * ahead of RCV.NXT is copied straight to its final place in the ring (the advertised window
 * guarantees room) and its stream range is remembered; at most {@code maxRanges} disjoint ranges
 * are kept, a segment that would need one more is dropped (the sender retransmits it), which bounds
 * the state an attacker can make us keep. The ranges are kept most-recently-changed first, which is
 * the order RFC 2018 wants for SACK blocks.
 */
public final class ReceiveBuffer {
  private final UnsafeBuffer memory;
  private final int base;
  private final int mask;

  /** Out-of-order ranges as stream positions, interleaved: start at 2i, end at 2i + 1. */
  private final long[] ranges;

  private int rangeCount;
  private long readIndex;
  private long writeIndex;

  /**
   * @param capacity ring size in bytes (a power of two)
   * @param maxRanges most out-of-order ranges remembered
   */
  public ReceiveBuffer(final int capacity, final int maxRanges) {
    this(new UnsafeBuffer(ByteBuffer.allocateDirect(capacity)), 0, capacity, maxRanges);
  }

  /** A buffer over {@code [base, base + capacity)} of {@code memory} (shared off-heap block). */
  public ReceiveBuffer(
      final UnsafeBuffer memory, final int base, final int capacity, final int maxRanges) {
    if (capacity < 1 || Integer.bitCount(capacity) != 1 || maxRanges < 1) {
      throw new IllegalArgumentException(
          "capacity must be a power of two and maxRanges positive, got "
              + capacity
              + "/"
              + maxRanges);
    }
    this.memory = memory;
    this.base = base;
    this.mask = capacity - 1;
    this.ranges = new long[2 * maxRanges];
  }

  /** Forgets all content (connection reuse). */
  public void clear() {
    readIndex = 0;
    writeIndex = 0;
    rangeCount = 0;
  }

  /** Ring size in bytes. */
  public int capacity() {
    return mask + 1;
  }

  /** In-order bytes the application can read. */
  public int readable() {
    return (int) (writeIndex - readIndex);
  }

  /** Room for new data counted from RCV.NXT: the receive window. */
  public int window() {
    return capacity() - readable();
  }

  /** Number of out-of-order ranges held. */
  public int outOfOrderRanges() {
    return rangeCount;
  }

  /**
   * Stores {@code length} payload bytes of {@code segment} (from payload index {@code from}) that
   * belong {@code offset} bytes after RCV.NXT. The caller has trimmed them to the window.
   *
   * @return how far RCV.NXT advances (0 when the bytes are out of order), or -1 when out-of-order
   *     bytes were dropped because the range table is full.
   */
  public int store(final int offset, final SegmentInfo segment, final int from, final int length) {
    if (length <= 0) {
      return 0;
    }
    final long start = writeIndex + offset;
    final long end = start + length;
    if (offset > 0 && !remember(start, end)) {
      return -1;
    }
    copyIn(start, segment, from, length);
    if (offset > 0) {
      return 0;
    }
    final long before = writeIndex;
    writeIndex = Math.max(writeIndex, end);
    absorbRanges();
    return (int) (writeIndex - before);
  }

  /**
   * Copies up to {@code length} in-order bytes to {@code dst}.
   *
   * @return bytes copied.
   */
  public int read(final MutableDirectBuffer dst, final int offset, final int length) {
    final int count = Math.min(length, readable());
    final int at = (int) (readIndex & mask);
    final int first = Math.min(count, capacity() - at);
    dst.putBytes(offset, memory, base + at, first);
    if (count > first) {
      dst.putBytes(offset + first, memory, base, count - first);
    }
    readIndex += count;
    return count;
  }

  /**
   * Adds SACK blocks for the held out-of-order ranges, most recent first, to {@code segment}.
   *
   * @param rcvNxt the sequence number that {@code writeIndex} stands for
   * @param maxBlocks blocks that fit next to the segment's other options
   */
  public void addSackBlocks(final SegmentInfo segment, final int rcvNxt, final int maxBlocks) {
    for (int i = 0; i < rangeCount && i < maxBlocks; i++) {
      segment.addSackBlock(
          rcvNxt + (int) (ranges[2 * i] - writeIndex),
          rcvNxt + (int) (ranges[2 * i + 1] - writeIndex));
    }
  }

  private void copyIn(final long start, final SegmentInfo segment, final int from, final int n) {
    final int at = (int) (start & mask);
    final int first = Math.min(n, capacity() - at);
    segment.copyPayload(from, memory, base + at, first);
    if (n > first) {
      segment.copyPayload(from + first, memory, base, n - first);
    }
  }

  /** Merges {@code [start, end)} into the range table and moves the result to the front. */
  private boolean remember(final long start, final long end) {
    long mergedStart = start;
    long mergedEnd = end;
    int kept = 0;
    for (int i = 0; i < rangeCount; i++) {
      final long rangeStart = ranges[2 * i];
      final long rangeEnd = ranges[2 * i + 1];
      if (rangeEnd >= mergedStart && rangeStart <= mergedEnd) {
        mergedStart = Math.min(mergedStart, rangeStart);
        mergedEnd = Math.max(mergedEnd, rangeEnd);
      } else {
        ranges[2 * kept] = rangeStart;
        ranges[2 * kept + 1] = rangeEnd;
        kept++;
      }
    }
    if (2 * kept == ranges.length) {
      // Nothing merged and the table is full: keep the table as it was and drop the bytes.
      return false;
    }
    System.arraycopy(ranges, 0, ranges, 2, 2 * kept);
    ranges[0] = mergedStart;
    ranges[1] = mergedEnd;
    rangeCount = kept + 1;
    return true;
  }

  /** Pulls ranges that became contiguous with the in-order edge into it. */
  private void absorbRanges() {
    boolean changed = true;
    while (changed) {
      changed = false;
      for (int i = 0; i < rangeCount; i++) {
        if (ranges[2 * i] <= writeIndex) {
          writeIndex = Math.max(writeIndex, ranges[2 * i + 1]);
          System.arraycopy(ranges, 2 * i + 2, ranges, 2 * i, 2 * (rangeCount - i - 1));
          rangeCount--;
          changed = true;
          break;
        }
      }
    }
  }
}
