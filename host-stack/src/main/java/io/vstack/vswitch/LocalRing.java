package io.vstack.vswitch;

import io.vstack.port.FrameBatch;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The bounded queue of tenant-to-tenant frames on one host: a frame one tenant sends to a tenant on
 * the same host (itself or a peer) is written here instead of onto the wire, and delivered when the
 * owner {@link #drain drains} the ring at the end of its batch. So a tenant's TCP engine that emits
 * never calls into the receiving engine on the same stack (no re-entrancy, no unbounded recursion
 * between two engines ACKing each other).
 *
 * <p>Two off-heap {@link FrameBatch}es alternate: frames written while one is being drained (the
 * receivers' answers) land in the other and wait for the next drain. When the filling batch is
 * full, {@link #claim} refuses, and the sender counts a drop: TCP recovers as from any loss.
 * Single-threaded; allocation-free.
 */
public final class LocalRing implements AutoCloseable {
  /** Receives the frames of a {@link #drain}. */
  @FunctionalInterface
  public interface Receiver {
    /**
     * One frame for the tenant in {@code slot}: {@code length} bytes at offset 0 of {@code frame},
     * valid only during the call.
     */
    void onLocalFrame(int slot, MutableDirectBuffer frame, int length);
  }

  private FrameBatch filling;
  private FrameBatch draining;
  private int[] fillingSlots;
  private int[] drainingSlots;
  private final UnsafeBuffer writeView = new UnsafeBuffer(0, 0);
  private final UnsafeBuffer readView = new UnsafeBuffer(0, 0);

  /**
   * @param capacity frames the ring holds between two drains
   * @param frameCapacity bytes per frame
   */
  public LocalRing(final int capacity, final int frameCapacity) {
    this.filling = new FrameBatch(capacity, frameCapacity);
    this.draining = new FrameBatch(capacity, frameCapacity);
    this.fillingSlots = new int[capacity];
    this.drainingSlots = new int[capacity];
  }

  /**
   * Claims room for one frame to the tenant in {@code slot}; write it through {@link #buffer()}
   * (starting at offset 0) and then {@link #commit} its length.
   *
   * @return the frame's index, or -1 when the ring is full
   */
  public int claim(final int slot) {
    final int index = filling.claim();
    if (index >= 0) {
      fillingSlots[index] = slot;
      filling.wrapForWrite(index, writeView);
    }
    return index;
  }

  /** The storage of the frame last {@link #claim claimed}. */
  public MutableDirectBuffer buffer() {
    return writeView;
  }

  /** Sets the length of a claimed frame, which makes it part of the next drain. */
  public void commit(final int index, final int length) {
    filling.length(index, length);
  }

  /** Frames waiting for the next drain. */
  public int size() {
    return filling.size();
  }

  public boolean isEmpty() {
    return filling.isEmpty();
  }

  /**
   * Hands every waiting frame to {@code receiver}, in order. Frames written meanwhile wait for the
   * next call.
   *
   * @return frames delivered
   */
  public int drain(final Receiver receiver) {
    final FrameBatch batch = filling;
    final int[] slots = fillingSlots;
    filling = draining;
    fillingSlots = drainingSlots;
    draining = batch;
    drainingSlots = slots;
    final int count = batch.size();
    for (int i = 0; i < count; i++) {
      batch.wrap(i, readView);
      receiver.onLocalFrame(slots[i], readView, batch.length(i));
    }
    batch.clear();
    return count;
  }

  @Override
  public void close() {
    filling.close();
    draining.close();
  }
}
