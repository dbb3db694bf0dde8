package io.vstack.port;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Objects;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A burst of Ethernet frames handed to or taken from a {@link Port}: the unit of every rx/tx call.
 *
 * <p>Each of the {@link #capacity()} slots owns {@link #frameCapacity()} bytes of off-heap storage,
 * allocated once when the batch is made, so a duty cycle that reuses its batches allocates nothing
 * per packet. A slot may instead point at foreign memory ({@link #addExternal}) so a port whose
 * frames already live off-heap (DPDK mbufs) can hand them over without a copy.
 *
 * <pre>
 *   storage: | slot 0 (frameCapacity) | slot 1 | ... | slot capacity-1 |
 *   frames:  [0, size) each = (address, length)
 * </pre>
 *
 * <p>Not thread-safe: a batch belongs to one agent at a time.
 */
public final class FrameBatch implements AutoCloseable {
  /**
   * Enough for a 1500-byte inner MTU plus VLAN tag and overlay headers, rounded to a cache line.
   */
  public static final int DEFAULT_FRAME_CAPACITY = 2048;

  /** Frames per burst, the usual DPDK burst size. */
  public static final int DEFAULT_CAPACITY = 32;

  private final Arena arena;
  private final long storageAddress;
  private final int capacity;
  private final int frameCapacity;
  private final long[] addresses;
  private final int[] lengths;
  private final boolean[] external;
  private final UnsafeBuffer from = new UnsafeBuffer(0, 0);
  private final UnsafeBuffer to = new UnsafeBuffer(0, 0);
  private int size;
  private int limit;

  /** A batch of {@link #DEFAULT_CAPACITY} frames of {@link #DEFAULT_FRAME_CAPACITY} bytes. */
  public FrameBatch() {
    this(DEFAULT_CAPACITY, DEFAULT_FRAME_CAPACITY);
  }

  /**
   * @param capacity frames in the batch, at least 1.
   * @param frameCapacity bytes of storage per frame, at least 64.
   */
  public FrameBatch(final int capacity, final int frameCapacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be >= 1: " + capacity);
    }
    if (frameCapacity < 64) {
      throw new IllegalArgumentException("frameCapacity must be >= 64: " + frameCapacity);
    }
    this.capacity = capacity;
    this.frameCapacity = frameCapacity;
    this.arena = Arena.ofShared();
    final MemorySegment storage = arena.allocate((long) capacity * frameCapacity, 64);
    this.storageAddress = storage.address();
    this.addresses = new long[capacity];
    this.lengths = new int[capacity];
    this.external = new boolean[capacity];
    this.limit = capacity;
  }

  public int capacity() {
    return capacity;
  }

  public int frameCapacity() {
    return frameCapacity;
  }

  /** Frames currently in the batch. */
  public int size() {
    return size;
  }

  /** Frames that may still be appended: up to the capacity, or the {@link #limit(int)}. */
  public int remaining() {
    return limit - size;
  }

  /**
   * Lets at most {@code frames} more frames be appended until the batch is {@link #clear()
   * cleared}, e.g. so a receive takes from a queue only what its consumer has room for.
   *
   * @param frames 0 or more; beyond the capacity is the capacity
   */
  public void limit(final int frames) {
    limit = (int) Math.min(capacity, size + (long) Math.max(0, frames));
  }

  public boolean isEmpty() {
    return size == 0;
  }

  /** No frame may be appended (capacity or {@link #limit(int)} reached). */
  public boolean isFull() {
    return size >= limit;
  }

  /** Forgets every frame; the storage is kept for reuse. */
  public void clear() {
    size = 0;
    limit = capacity;
  }

  /**
   * Claims the next slot, backed by the batch's own storage, with length 0. Write the frame through
   * {@link #wrapForWrite} and then set its {@link #length(int, int)}.
   *
   * @return the slot index, or -1 when the batch is full.
   */
  public int claim() {
    if (size >= limit) {
      return -1;
    }
    final int index = size++;
    addresses[index] = storageAddress + (long) index * frameCapacity;
    lengths[index] = 0;
    external[index] = false;
    return index;
  }

  /**
   * Forgets the last frame, e.g. a slot {@link #claim() claimed} for a read that found nothing, so
   * a port can read straight into the next slot without a scratch copy.
   *
   * @throws IllegalStateException when the batch is empty.
   */
  public void removeLast() {
    if (size == 0) {
      throw new IllegalStateException("removeLast on an empty batch");
    }
    size--;
  }

  /**
   * Appends a frame that lives outside the batch (zero-copy). The caller keeps that memory valid
   * until the batch is cleared.
   *
   * @return the slot index, or -1 when the batch is full.
   */
  public int addExternal(final long address, final int length) {
    if (size >= limit) {
      return -1;
    }
    if (length < 0) {
      throw new IllegalArgumentException("negative length: " + length);
    }
    final int index = size++;
    addresses[index] = address;
    lengths[index] = length;
    external[index] = true;
    return index;
  }

  /**
   * Copies {@code length} bytes of {@code source} into a newly claimed slot.
   *
   * @return the slot index, or -1 when the batch is full or the frame does not fit a slot.
   */
  public int add(final DirectBuffer source, final int offset, final int length) {
    if (length < 0 || length > frameCapacity || size >= limit) {
      return -1;
    }
    final int index = claim();
    to.wrap(addresses[index], length);
    to.putBytes(0, source, offset, length);
    lengths[index] = length;
    return index;
  }

  /** Native address of the first byte of frame {@code index}. */
  public long address(final int index) {
    checkIndex(index);
    return addresses[index];
  }

  public int length(final int index) {
    checkIndex(index);
    return lengths[index];
  }

  /** Sets the length of a frame written into a claimed slot; it must fit the slot. */
  public void length(final int index, final int length) {
    checkIndex(index);
    final int limit = external[index] ? lengths[index] : frameCapacity;
    if (length < 0 || length > limit) {
      throw new IllegalArgumentException("frame length " + length + " outside [0, " + limit + "]");
    }
    lengths[index] = length;
  }

  /** Points {@code view} at frame {@code index} (its current length), for reading. */
  public UnsafeBuffer wrap(final int index, final UnsafeBuffer view) {
    checkIndex(index);
    view.wrap(addresses[index], lengths[index]);
    return view;
  }

  /** Points {@code view} at the whole storage of a claimed slot, for writing a frame into it. */
  public UnsafeBuffer wrapForWrite(final int index, final UnsafeBuffer view) {
    checkIndex(index);
    view.wrap(addresses[index], external[index] ? lengths[index] : frameCapacity);
    return view;
  }

  /**
   * Drops the first {@code count} frames and moves the rest to the front, e.g. after a port took
   * only part of a transmit burst. Copies the bytes of frames that live in the batch's storage.
   */
  public void discardFirst(final int count) {
    Objects.checkFromToIndex(0, count, size);
    if (count == 0) {
      return;
    }
    for (int src = count, dst = 0; src < size; src++, dst++) {
      final long ownAddress = storageAddress + (long) dst * frameCapacity;
      if (external[src]) {
        addresses[dst] = addresses[src];
      } else {
        from.wrap(addresses[src], lengths[src]);
        to.wrap(ownAddress, lengths[src]);
        to.putBytes(0, from, 0, lengths[src]);
        addresses[dst] = ownAddress;
      }
      lengths[dst] = lengths[src];
      external[dst] = external[src];
    }
    size -= count;
  }

  private void checkIndex(final int index) {
    if (index < 0 || index >= size) {
      throw new IndexOutOfBoundsException("frame " + index + " of a batch of " + size);
    }
  }

  @Override
  public void close() {
    arena.close();
  }
}
