package io.vstack.tcp;

import java.nio.ByteBuffer;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Per-connection send buffer: an off-heap byte ring holding everything the application wrote that
 * the peer has not acknowledged yet. The oldest byte corresponds to SND.UNA; segments are described
 * in place (no copy) as one or two fragments of the ring.
 *
 * <p>Positions are 64-bit stream counters so they never wrap; only their low bits index the ring.
 */
public final class SendBuffer {
  private final UnsafeBuffer memory;
  private final int base;
  private final int mask;
  private long head;
  private long tail;

  /** A buffer of {@code capacity} bytes (a power of two) in its own off-heap memory. */
  public SendBuffer(final int capacity) {
    this(new UnsafeBuffer(ByteBuffer.allocateDirect(capacity)), 0, capacity);
  }

  /**
   * A buffer over {@code [base, base + capacity)} of {@code memory}, so a connection's two rings
   * can share one off-heap block (and one set of wrapper objects).
   */
  public SendBuffer(final UnsafeBuffer memory, final int base, final int capacity) {
    if (capacity < 1 || Integer.bitCount(capacity) != 1) {
      throw new IllegalArgumentException("capacity must be a power of two, got " + capacity);
    }
    this.memory = memory;
    this.base = base;
    this.mask = capacity - 1;
  }

  /** Forgets all content (connection reuse). */
  public void clear() {
    head = 0;
    tail = 0;
  }

  /** Bytes held: written and not yet acknowledged. */
  public int used() {
    return (int) (tail - head);
  }

  /** Bytes the application may still write. */
  public int free() {
    return capacity() - used();
  }

  /** Ring size in bytes. */
  public int capacity() {
    return mask + 1;
  }

  /**
   * Appends up to {@code length} bytes of {@code src}.
   *
   * @return bytes taken, 0 when full.
   */
  public int write(final DirectBuffer src, final int offset, final int length) {
    final int count = Math.min(length, free());
    final int at = (int) (tail & mask);
    final int first = Math.min(count, capacity() - at);
    memory.putBytes(base + at, src, offset, first);
    if (count > first) {
      memory.putBytes(base, src, offset + first, count - first);
    }
    tail += count;
    return count;
  }

  /** Drops the {@code count} oldest bytes because the peer acknowledged them. */
  public void release(final int count) {
    head += Math.min(count, used());
  }

  /**
   * Points {@code segment}'s payload at {@code length} bytes starting {@code from} bytes after the
   * oldest held byte.
   */
  public void describe(final SegmentInfo segment, final int from, final int length) {
    final int at = (int) ((head + from) & mask);
    final int first = Math.min(length, capacity() - at);
    segment.payload(memory, base + at, first, base, length - first);
  }
}
