package io.vstack.port;

import java.lang.foreign.Arena;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.agrona.BitUtil;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A bounded single-producer/single-consumer queue of frames stored in preallocated off-heap slots:
 * one direction of a {@link MemoryPort} wire.
 *
 * <pre>
 *   storage: | slot 0 (slotSize bytes) | slot 1 | ... | slot slots-1 |
 *   lengths: int per slot, written before the producer publishes the slot
 *   head (consumer) &lt;= tail (producer) &lt;= head + slots, both ever-increasing
 * </pre>
 *
 * <p>The producer publishes a slot with a release store of {@code tail}; the consumer frees it with
 * a release store of {@code head}; each reads the other's index with acquire. A frame is copied
 * once in and once out, and nothing is allocated after construction.
 */
final class FrameRing {
  private static final VarHandle HEAD;
  private static final VarHandle TAIL;

  static {
    try {
      final MethodHandles.Lookup lookup = MethodHandles.lookup();
      HEAD = lookup.findVarHandle(FrameRing.class, "head", long.class);
      TAIL = lookup.findVarHandle(FrameRing.class, "tail", long.class);
    } catch (final ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final int slots;
  private final int mask;
  private final int slotSize;
  private final UnsafeBuffer storage;
  private final int[] lengths;
  private final UnsafeBuffer producerView = new UnsafeBuffer(0, 0);
  private final UnsafeBuffer consumerView = new UnsafeBuffer(0, 0);

  // Padding keeps the two indices, written by different threads, on different cache lines.
  @SuppressWarnings("unused")
  private long p1, p2, p3, p4, p5, p6, p7;
  private long head;
  @SuppressWarnings("unused")
  private long q1, q2, q3, q4, q5, q6, q7;
  private long tail;
  @SuppressWarnings("unused")
  private long r1, r2, r3, r4, r5, r6, r7;

  /**
   * @param slots frames the ring holds; rounded up to a power of two.
   * @param slotSize bytes per slot: the largest frame the ring carries.
   */
  FrameRing(final Arena arena, final int slots, final int slotSize) {
    this.slots = BitUtil.findNextPositivePowerOfTwo(slots);
    this.mask = this.slots - 1;
    this.slotSize = BitUtil.align(slotSize, BitUtil.CACHE_LINE_LENGTH);
    final long bytes = (long) this.slots * this.slotSize;
    if (bytes > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "ring of " + this.slots + " slots of " + this.slotSize + " bytes is too big");
    }
    this.storage =
        new UnsafeBuffer(arena.allocate(bytes, BitUtil.CACHE_LINE_LENGTH).address(), (int) bytes);
    this.lengths = new int[this.slots];
  }

  /** Frames the ring holds when full. */
  int capacity() {
    return slots;
  }

  /** Frames waiting; exact only when neither side is moving. */
  int size() {
    return (int) ((long) TAIL.getAcquire(this) - (long) HEAD.getAcquire(this));
  }

  /**
   * Producer side: copies {@code length} bytes at native {@code address} into the next slot.
   *
   * @return false, copying nothing, when the ring is full.
   */
  boolean offer(final long address, final int length) {
    final long t = tail;
    if (t - (long) HEAD.getAcquire(this) >= slots) {
      return false;
    }
    final int slot = (int) t & mask;
    producerView.wrap(address, length);
    storage.putBytes(slot * slotSize, producerView, 0, length);
    lengths[slot] = length;
    TAIL.setRelease(this, t + 1);
    return true;
  }

  /** Consumer side: the length of the oldest frame, or -1 when the ring is empty. */
  int peekLength() {
    final long h = head;
    if (h == (long) TAIL.getAcquire(this)) {
      return -1;
    }
    return lengths[(int) h & mask];
  }

  /**
   * Consumer side: copies the oldest frame (see {@link #peekLength()}) to native {@code address}.
   */
  void copyOldest(final long address) {
    final int slot = (int) head & mask;
    final int length = lengths[slot];
    consumerView.wrap(address, length);
    consumerView.putBytes(0, storage, slot * slotSize, length);
  }

  /** Consumer side: frees the oldest frame's slot. */
  void removeOldest() {
    HEAD.setRelease(this, head + 1);
  }
}
