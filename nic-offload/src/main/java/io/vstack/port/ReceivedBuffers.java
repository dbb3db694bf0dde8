package io.vstack.port;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The buffers behind the frames of one receive, handed by the port to the caller ({@link
 * Port#receive(FrameBatch, ReceivedBuffers)}): e.g. the DPDK mbufs that a batch's frames point
 * into. The port no longer frees them at its next receive; the frames stay valid until the caller
 * gives the buffers back with {@link Port#freeReceived}, which empties this set for reuse.
 *
 * <pre>
 *   handles: | handle 0 | handle 1 | ... | handle capacity-1 |   8 bytes each, native memory
 *            [0, count) in use: what the port handed over, in its own terms (struct rte_mbuf *)
 * </pre>
 *
 * <p>Allocate one per batch, once, and reuse it. It may be filled on one thread and freed on
 * another, given a happens-before edge between the two (the lanes' frame pool has one: its atomic
 * per-batch frame counts); never by two threads at once.
 */
public final class ReceivedBuffers implements AutoCloseable {
  private final Arena arena = Arena.ofShared();
  private final MemorySegment handles;
  private final int capacity;
  private int count;

  /**
   * @param capacity the most buffers one receive may hand over, at least 1 (a batch's capacity).
   */
  public ReceivedBuffers(final int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be >= 1: " + capacity);
    }
    this.capacity = capacity;
    this.handles = arena.allocate(JAVA_LONG, capacity);
  }

  public int capacity() {
    return capacity;
  }

  /** Buffers handed over and not yet freed. */
  public int count() {
    return count;
  }

  public boolean isEmpty() {
    return count == 0;
  }

  /** Room for this many more buffers. */
  public int remaining() {
    return capacity - count;
  }

  /**
   * The handles, {@link #capacity()} 8-byte words, of which the first {@link #count()} are used.
   */
  public MemorySegment handles() {
    return handles;
  }

  /**
   * Records one handed-over buffer (a port's call).
   *
   * @throws IllegalStateException when the set is full: the port asked for more than {@link
   *     #remaining()}.
   */
  public void add(final long handle) {
    if (count == capacity) {
      throw new IllegalStateException("ReceivedBuffers full: " + capacity + " buffers");
    }
    handles.setAtIndex(JAVA_LONG, count++, handle);
  }

  /** Forgets every handle (after the port freed them). */
  public void clear() {
    count = 0;
  }

  @Override
  public void close() {
    arena.close();
  }
}
