package io.vstack.scheduler;

import org.agrona.collections.Int2ObjectHashMap;

/**
 * Per-tenant FIFO queues of work items (a {@code long} each: a buffer index, a flow id, whatever
 * the lane needs), with a global arrival stamp per item so {@link FifoScheduler} can serve them in
 * arrival order. Lane thread only; nothing allocates after {@link #addTenant}.
 *
 * <p>Queues are bounded: {@link #offer} returns false when a tenant's queue is full, and the lane
 * counts a {@code DROP_QUEUE_FULL} for that tenant. A full queue is the only reason to refuse a
 * received packet; budgets never are.
 */
public final class WorkQueues implements WorkSource {
  private static final class Ring {
    final long[] items;
    final long[] arrivals;
    final int mask;
    long head;
    long tail;

    Ring(final int capacity) {
      items = new long[capacity];
      arrivals = new long[capacity];
      mask = capacity - 1;
    }
  }

  private final Int2ObjectHashMap<Ring> rings = new Int2ObjectHashMap<>();
  private final int capacity;
  private long arrivals;

  /**
   * @param capacity items per tenant, a power of two
   */
  public WorkQueues(final int capacity) {
    if (capacity < 1 || Integer.bitCount(capacity) != 1) {
      throw new IllegalArgumentException("capacity must be a power of two: " + capacity);
    }
    this.capacity = capacity;
  }

  /** Creates a tenant's queue (control path; allocates). Existing queues are kept. */
  public void addTenant(final int tenantId) {
    if (!rings.containsKey(tenantId)) {
      rings.put(tenantId, new Ring(capacity));
    }
  }

  /** Drops a tenant's queue and whatever it still holds. */
  public void removeTenant(final int tenantId) {
    rings.remove(tenantId);
  }

  /** Appends an item; false when the queue is full or the tenant unknown. */
  public boolean offer(final int tenantId, final long item) {
    final Ring ring = rings.get(tenantId);
    if (ring == null || ring.tail - ring.head == capacity) {
      return false;
    }
    final int index = (int) (ring.tail & ring.mask);
    ring.items[index] = item;
    ring.arrivals[index] = arrivals++;
    ring.tail++;
    return true;
  }

  /**
   * Removes and returns the oldest item of a tenant; only call when {@link #hasWork} is true (an
   * empty or unknown queue returns 0).
   */
  public long poll(final int tenantId) {
    final Ring ring = rings.get(tenantId);
    if (ring == null || ring.head == ring.tail) {
      return 0;
    }
    final long item = ring.items[(int) (ring.head & ring.mask)];
    ring.head++;
    return item;
  }

  /** Items waiting for a tenant (0 if unknown): the ledger's queue-depth gauge. */
  public int depth(final int tenantId) {
    final Ring ring = rings.get(tenantId);
    return ring == null ? 0 : (int) (ring.tail - ring.head);
  }

  @Override
  public boolean hasWork(final int tenantId) {
    final Ring ring = rings.get(tenantId);
    return ring != null && ring.head != ring.tail;
  }

  @Override
  public long headArrival(final int tenantId) {
    final Ring ring = rings.get(tenantId);
    return ring == null || ring.head == ring.tail
        ? Long.MAX_VALUE
        : ring.arrivals[(int) (ring.head & ring.mask)];
  }
}
