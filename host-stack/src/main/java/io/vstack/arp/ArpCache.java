package io.vstack.arp;

import org.agrona.collections.Int2IntHashMap;

/**
 * IPv4 to MAC neighbour cache with bounded size, expiry and resolution retries (RFC 826 with the
 * timing habits of Linux: an entry is trusted for {@code reachableNanos}, a resolution is retried
 * every {@code retryNanos} up to {@code maxProbes} times).
 *
 * <p>Entries live in parallel primitive arrays indexed by slot; an Agrona {@link Int2IntHashMap}
 * maps address to slot, so lookups and updates allocate nothing. When full, the entry that expires
 * first is evicted. Not thread-safe: owned by the host's duty cycle.
 */
public final class ArpCache {
  /** Returned by {@link #lookup} when no usable entry exists. */
  public static final long NO_MAC = -1L;

  private static final byte FREE = 0;
  private static final byte INCOMPLETE = 1;
  private static final byte REACHABLE = 2;

  private final long reachableNanos;
  private final long retryNanos;
  private final int maxProbes;
  private final Int2IntHashMap slotByAddress;
  private final int[] addresses;
  private final long[] macs;
  private final long[] deadlines;
  private final byte[] states;
  private final int[] probes;
  private int used;

  /**
   * @param capacity most entries held at once
   * @param reachableNanos how long a learned mapping is trusted
   * @param retryNanos gap between ARP requests while resolving
   * @param maxProbes requests sent before a resolution fails
   */
  public ArpCache(
      final int capacity, final long reachableNanos, final long retryNanos, final int maxProbes) {
    if (capacity < 1 || reachableNanos <= 0 || retryNanos <= 0 || maxProbes < 1) {
      throw new IllegalArgumentException(
          "capacity, reachableNanos, retryNanos and maxProbes must be positive");
    }
    this.reachableNanos = reachableNanos;
    this.retryNanos = retryNanos;
    this.maxProbes = maxProbes;
    this.slotByAddress = new Int2IntHashMap(capacity * 2, 0.65f, -1);
    this.addresses = new int[capacity];
    this.macs = new long[capacity];
    this.deadlines = new long[capacity];
    this.states = new byte[capacity];
    this.probes = new int[capacity];
  }

  /** The MAC of {@code address} if a fresh mapping exists, else {@link #NO_MAC}. */
  public long lookup(final int address, final long nowNanos) {
    final int slot = slotByAddress.get(address);
    if (slot < 0 || states[slot] != REACHABLE) {
      return NO_MAC;
    }
    if (nowNanos - deadlines[slot] >= 0) {
      remove(slot);
      return NO_MAC;
    }
    return macs[slot];
  }

  /** Learns or refreshes a mapping (from an ARP request or reply). */
  public void update(final int address, final long mac, final long nowNanos) {
    int slot = slotByAddress.get(address);
    if (slot < 0) {
      slot = allocate(address, nowNanos);
    }
    macs[slot] = mac;
    states[slot] = REACHABLE;
    deadlines[slot] = nowNanos + reachableNanos;
    probes[slot] = 0;
  }

  /** True when {@code address} has an entry, fresh or being resolved. */
  public boolean contains(final int address) {
    return slotByAddress.get(address) >= 0;
  }

  /**
   * Starts resolving {@code address} unless a resolution is already under way.
   *
   * @return true when the caller should send an ARP request now.
   */
  public boolean startResolution(final int address, final long nowNanos) {
    final int existing = slotByAddress.get(address);
    if (existing >= 0 && states[existing] == INCOMPLETE) {
      return false;
    }
    final int slot = existing >= 0 ? existing : allocate(address, nowNanos);
    states[slot] = INCOMPLETE;
    probes[slot] = 1;
    deadlines[slot] = nowNanos + retryNanos;
    return true;
  }

  /**
   * Advances resolutions: calls {@code onRetry} for each address whose next request is due and
   * {@code onFailed} for each whose probes are used up (that entry is removed). Also drops expired
   * mappings.
   *
   * @return how many addresses were retried or failed.
   */
  public int poll(final long nowNanos, final ResolutionListener listener) {
    int work = 0;
    for (int slot = 0; slot < states.length; slot++) {
      if (states[slot] == FREE || nowNanos - deadlines[slot] < 0) {
        continue;
      }
      final int address = addresses[slot];
      if (states[slot] == REACHABLE) {
        remove(slot);
      } else if (probes[slot] >= maxProbes) {
        remove(slot);
        listener.onResolutionFailed(address);
        work++;
      } else {
        probes[slot]++;
        deadlines[slot] = nowNanos + retryNanos;
        listener.onRetry(address);
        work++;
      }
    }
    return work;
  }

  /** Entries held, fresh or resolving. */
  public int size() {
    return used;
  }

  private int allocate(final int address, final long nowNanos) {
    int slot = -1;
    if (used == states.length) {
      slot = soonestDeadline();
      remove(slot);
    }
    for (int i = 0; slot < 0 && i < states.length; i++) {
      if (states[i] == FREE) {
        slot = i;
      }
    }
    addresses[slot] = address;
    states[slot] = INCOMPLETE;
    deadlines[slot] = nowNanos;
    slotByAddress.put(address, slot);
    used++;
    return slot;
  }

  private int soonestDeadline() {
    int victim = 0;
    for (int slot = 1; slot < deadlines.length; slot++) {
      if (deadlines[slot] - deadlines[victim] < 0) {
        victim = slot;
      }
    }
    return victim;
  }

  private void remove(final int slot) {
    slotByAddress.remove(addresses[slot]);
    states[slot] = FREE;
    used--;
  }

  /** Callbacks of {@link #poll}. */
  public interface ResolutionListener {
    /** Send another ARP request for {@code address}. */
    void onRetry(int address);

    /** Resolution of {@code address} failed; drop what waits for it. */
    void onResolutionFailed(int address);
  }
}
