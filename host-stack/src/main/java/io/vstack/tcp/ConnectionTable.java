package io.vstack.tcp;

import java.util.Arrays;

/**
 * Maps a TCP/IPv4 4-tuple to a connection id without allocating: open addressing with linear
 * probing over primitive arrays, hashed with keyed {@link SipHash} so remote peers cannot aim many
 * tuples at one probe chain (the gVisor habit). Deletion shifts the following run back, so no
 * tombstones accumulate under connection churn.
 *
 * <p>Capacity is fixed at construction (twice the maximum number of connections, rounded up to a
 * power of two) so the load factor stays at or below one half. Not thread-safe.
 */
public final class ConnectionTable {
  /** Returned by {@link #get} when the tuple is unknown. */
  public static final int MISSING = -1;

  private final SipHash hash;
  private final int mask;
  private final long[] addresses;
  private final int[] ports;
  private final int[] values;
  private final int maxEntries;
  private int size;

  /**
   * @param maxEntries most connections held at once
   * @param seed0 first half of the hash key (random per boot)
   * @param seed1 second half of the hash key
   */
  public ConnectionTable(final int maxEntries, final long seed0, final long seed1) {
    if (maxEntries < 1 || maxEntries > (1 << 29)) {
      throw new IllegalArgumentException("maxEntries must be in 1..2^29, got " + maxEntries);
    }
    final int capacity = Integer.highestOneBit(maxEntries * 2 - 1) << 1;
    this.hash = new SipHash(seed0, seed1);
    this.mask = capacity - 1;
    this.maxEntries = maxEntries;
    this.addresses = new long[capacity];
    this.ports = new int[capacity];
    this.values = new int[capacity];
    Arrays.fill(values, MISSING);
  }

  /** The connection id for the tuple, or {@link #MISSING}. */
  public int get(
      final int localAddress, final int localPort, final int remoteAddress, final int remotePort) {
    final long address = address(localAddress, remoteAddress);
    final int port = port(localPort, remotePort);
    for (int slot = slot(address, port); ; slot = (slot + 1) & mask) {
      final int value = values[slot];
      if (value == MISSING || (addresses[slot] == address && ports[slot] == port)) {
        return value;
      }
    }
  }

  /**
   * Adds a tuple.
   *
   * @return false when the tuple is already present or the table is full.
   */
  public boolean put(
      final int localAddress,
      final int localPort,
      final int remoteAddress,
      final int remotePort,
      final int id) {
    if (id < 0) {
      throw new IllegalArgumentException("id must be non-negative");
    }
    final long address = address(localAddress, remoteAddress);
    final int port = port(localPort, remotePort);
    int slot = slot(address, port);
    while (values[slot] != MISSING) {
      if (addresses[slot] == address && ports[slot] == port) {
        return false;
      }
      slot = (slot + 1) & mask;
    }
    if (size == maxEntries) {
      return false;
    }
    addresses[slot] = address;
    ports[slot] = port;
    values[slot] = id;
    size++;
    return true;
  }

  /** Removes a tuple; returns its id or {@link #MISSING}. */
  public int remove(
      final int localAddress, final int localPort, final int remoteAddress, final int remotePort) {
    final long address = address(localAddress, remoteAddress);
    final int port = port(localPort, remotePort);
    int slot = slot(address, port);
    while (values[slot] != MISSING) {
      if (addresses[slot] == address && ports[slot] == port) {
        final int removed = values[slot];
        shiftBack(slot);
        size--;
        return removed;
      }
      slot = (slot + 1) & mask;
    }
    return MISSING;
  }

  /** Number of tuples held. */
  public int size() {
    return size;
  }

  /**
   * Backward-shift deletion (Knuth 6.4 algorithm R): moves later members of the probe run into the
   * hole unless their home slot lies cyclically after the hole, which would hide them from get.
   */
  private void shiftBack(final int removedSlot) {
    int hole = removedSlot;
    int slot = (hole + 1) & mask;
    while (values[slot] != MISSING) {
      final int home = slot(addresses[slot], ports[slot]);
      if (((slot - home) & mask) >= ((slot - hole) & mask)) {
        addresses[hole] = addresses[slot];
        ports[hole] = ports[slot];
        values[hole] = values[slot];
        hole = slot;
      }
      slot = (slot + 1) & mask;
    }
    values[hole] = MISSING;
  }

  private int slot(final long address, final int port) {
    return (int) hash.hash(address, port) & mask;
  }

  private static long address(final int localAddress, final int remoteAddress) {
    return ((long) localAddress << 32) | (remoteAddress & 0xFFFF_FFFFL);
  }

  private static int port(final int localPort, final int remotePort) {
    return ((localPort & 0xFFFF) << 16) | (remotePort & 0xFFFF);
  }
}
