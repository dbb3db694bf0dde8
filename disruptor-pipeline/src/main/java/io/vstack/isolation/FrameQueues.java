package io.vstack.isolation;

import io.vstack.scheduler.WorkSource;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A lane's bounded per-tenant queues of received frames, as the scheduler's {@link WorkSource}.
 * Lane thread only; nothing allocates after {@link #addTenant}.
 *
 * <p>A queued frame is a descriptor (address, length, arrival, whether a NIC MARK named its
 * tenant). While the frame's receive batch is live (until the lane's end of batch) it points into
 * the batch, so frames served in the batch they arrived in are never copied. What is still queued
 * at the end of the batch is copied once into the tenant's own staging slot ({@link #stage}), so
 * the batch can go back to the pool: only a backlogged tenant pays that copy, and the lane charges
 * it to that tenant.
 *
 * <pre>
 *   tenant t's ring (capacity a power of two; a staged frame holds one of the tenant's
 *   staging slots, taken from a stack of free ones at stage and given back at remove)
 *
 *     head            staged                  tail
 *      │ staged copies  │ point into the live    │
 *      ▼ (own memory)   ▼ receive batch          ▼
 *   ───┬───┬───┬───┬────┬───┬───┬───┬───────────┬───
 *      │ a │ b │ c │ d  │ e │ f │ g │   free    │
 *   ───┴───┴───┴───┴────┴───┴───┴───┴───────────┴───
 * </pre>
 *
 * <p>A full queue refuses the frame ({@link #offer} returns false): the lane counts the drop
 * against that tenant only.
 */
public final class FrameQueues implements WorkSource {
  private static final class Ring {
    final long[] addresses;
    final int[] lengths;
    final long[] arrivals;
    final boolean[] marked;
    final long[] order;
    final ByteBuffer stagingMemory;
    final long staging;
    // The staging slot each queued frame was copied to (NOT_STAGED: it points into the batch).
    final int[] slotOf;
    // Free staging slots, a stack: the slot freed last is reused first, so a tenant with a short
    // backlog keeps copying into the same few (cache-warm) slots instead of sweeping them all.
    final int[] freeSlots;
    int freeCount;
    long head;
    long staged;
    long tail;
    boolean unstaged;

    Ring(final int capacity, final int slotBytes) {
      addresses = new long[capacity];
      lengths = new int[capacity];
      arrivals = new long[capacity];
      marked = new boolean[capacity];
      order = new long[capacity];
      stagingMemory = ByteBuffer.allocateDirect(capacity * slotBytes + 64);
      staging = BufferUtil.address(stagingMemory);
      slotOf = new int[capacity];
      Arrays.fill(slotOf, NOT_STAGED);
      freeSlots = new int[capacity];
      for (int i = 0; i < capacity; i++) {
        freeSlots[i] = capacity - 1 - i;
      }
      freeCount = capacity;
    }
  }

  private static final int NOT_STAGED = -1;

  private final Ring[] rings;
  private final int capacity;
  private final int mask;
  private final int slotBytes;
  private final int[] unstagedTenants;
  private final UnsafeBuffer from = new UnsafeBuffer(0, 0);
  private final UnsafeBuffer to = new UnsafeBuffer(0, 0);
  private int unstagedCount;
  private long arrivalOrder;

  /**
   * @param maxTenants tenant ids are 0 .. maxTenants - 1
   * @param capacity frames per tenant, a power of two
   * @param slotBytes largest frame (the lanes' frame capacity); longer frames are refused
   */
  public FrameQueues(final int maxTenants, final int capacity, final int slotBytes) {
    if (maxTenants < 1) {
      throw new IllegalArgumentException("maxTenants must be positive: " + maxTenants);
    }
    if (capacity < 1 || Integer.bitCount(capacity) != 1) {
      throw new IllegalArgumentException("capacity must be a power of two: " + capacity);
    }
    if (slotBytes < 1 || (long) capacity * slotBytes > Integer.MAX_VALUE - 64) {
      throw new IllegalArgumentException(
          "slotBytes must be positive and capacity * slotBytes below 2 GiB: " + slotBytes);
    }
    this.rings = new Ring[maxTenants];
    this.capacity = capacity;
    this.mask = capacity - 1;
    this.slotBytes = slotBytes;
    this.unstagedTenants = new int[maxTenants];
  }

  /** Tenant ids are below this. */
  public int maxTenants() {
    return rings.length;
  }

  /** Frames each tenant's queue holds. */
  public int capacity() {
    return capacity;
  }

  /** Creates a tenant's queue and its staging memory (control path; allocates). */
  public void addTenant(final int tenantId) {
    checkTenant(tenantId);
    if (rings[tenantId] == null) {
      rings[tenantId] = new Ring(capacity, slotBytes);
    }
  }

  /** True when {@code tenantId} has a queue. */
  public boolean hasTenant(final int tenantId) {
    return tenantId >= 0 && tenantId < rings.length && rings[tenantId] != null;
  }

  private void checkTenant(final int tenantId) {
    if (tenantId < 0 || tenantId >= rings.length) {
      throw new IllegalArgumentException(
          "tenant id must be in 0.." + (rings.length - 1) + ": " + tenantId);
    }
  }

  /**
   * Queues a frame of the live receive batch.
   *
   * @param arrival when it reached the lane (the lane's clock, for the latency histogram)
   * @param marked true when the frame's NIC MARK named {@code tenantId} (kept for processing)
   * @return false when the queue is full, the tenant unknown or the frame longer than a slot
   */
  public boolean offer(
      final int tenantId,
      final long address,
      final int length,
      final long arrival,
      final boolean marked) {
    if (!hasTenant(tenantId) || length < 0 || length > slotBytes) {
      return false;
    }
    final Ring ring = rings[tenantId];
    if (ring.tail - ring.head == capacity) {
      return false;
    }
    final int index = (int) (ring.tail & mask);
    ring.addresses[index] = address;
    ring.lengths[index] = length;
    ring.arrivals[index] = arrival;
    ring.marked[index] = marked;
    ring.order[index] = arrivalOrder++;
    ring.tail++;
    if (!ring.unstaged) {
      ring.unstaged = true;
      unstagedTenants[unstagedCount++] = tenantId;
    }
    return true;
  }

  @Override
  public boolean hasWork(final int tenantId) {
    final Ring ring = hasTenant(tenantId) ? rings[tenantId] : null;
    return ring != null && ring.head != ring.tail;
  }

  @Override
  public long headArrival(final int tenantId) {
    return hasWork(tenantId)
        ? rings[tenantId].order[(int) (rings[tenantId].head & mask)]
        : Long.MAX_VALUE;
  }

  /** Frames waiting for a tenant (0 if unknown). */
  public int depth(final int tenantId) {
    return hasTenant(tenantId) ? (int) (rings[tenantId].tail - rings[tenantId].head) : 0;
  }

  /** Address of the oldest frame; only when {@link #hasWork} is true. */
  public long headAddress(final int tenantId) {
    final Ring ring = rings[tenantId];
    return ring.addresses[(int) (ring.head & mask)];
  }

  /** Length of the oldest frame; only when {@link #hasWork} is true. */
  public int headLength(final int tenantId) {
    final Ring ring = rings[tenantId];
    return ring.lengths[(int) (ring.head & mask)];
  }

  /** Arrival of the oldest frame as given to {@link #offer}; only when {@link #hasWork}. */
  public long headArrivalTime(final int tenantId) {
    final Ring ring = rings[tenantId];
    return ring.arrivals[(int) (ring.head & mask)];
  }

  /** Whether a NIC MARK named the oldest frame's tenant; only when {@link #hasWork}. */
  public boolean headMarked(final int tenantId) {
    final Ring ring = rings[tenantId];
    return ring.marked[(int) (ring.head & mask)];
  }

  /**
   * Removes the oldest frame. Its memory (batch or staging slot) stays valid until the next {@link
   * #offer} to this tenant, i.e. for the rest of the group that processes it (a freed staging slot
   * is written again only by a later {@link #stage}, which follows an offer).
   */
  public void remove(final int tenantId) {
    final Ring ring = rings[tenantId];
    if (ring.head != ring.tail) {
      final int index = (int) (ring.head & mask);
      final int slot = ring.slotOf[index];
      if (slot != NOT_STAGED) {
        ring.slotOf[index] = NOT_STAGED;
        ring.freeSlots[ring.freeCount++] = slot;
      }
      ring.head++;
      if (ring.staged < ring.head) {
        ring.staged = ring.head;
      }
    }
  }

  /** Tenants that have frames still pointing into the live batch (read with {@link #unstaged}). */
  public int unstagedCount() {
    return unstagedCount;
  }

  /** The {@code i}th tenant with frames pointing into the live batch. */
  public int unstaged(final int i) {
    return unstagedTenants[i];
  }

  /**
   * Copies a tenant's frames that still point into the live batch into its staging slots.
   *
   * @return bytes copied
   */
  public long stage(final int tenantId) {
    final Ring ring = rings[tenantId];
    long bytes = 0;
    for (long i = Math.max(ring.staged, ring.head); i < ring.tail; i++) {
      final int index = (int) (i & mask);
      final int length = ring.lengths[index];
      // at most `capacity` frames are queued, each holding at most one slot: one is free
      final int slot = ring.freeSlots[--ring.freeCount];
      ring.slotOf[index] = slot;
      final long target = ring.staging + (long) slot * slotBytes;
      from.wrap(ring.addresses[index], length);
      to.wrap(target, length);
      to.putBytes(0, from, 0, length);
      ring.addresses[index] = target;
      bytes += length;
    }
    ring.staged = ring.tail;
    return bytes;
  }

  /**
   * Ends the batch: every tenant's frames must be staged by now (call {@link #stage} for each
   * {@link #unstaged} tenant first).
   */
  public void endBatch() {
    for (int i = 0; i < unstagedCount; i++) {
      rings[unstagedTenants[i]].unstaged = false;
    }
    unstagedCount = 0;
  }
}
