package io.vstack.tenant;

import java.util.Arrays;

/**
 * Open-addressing map from (tenant slot, IPv6 address) to a MAC, in three parallel primitive arrays
 * with linear probing: Agrona's maps key on one long, and a 128-bit address plus slot needs three.
 * Filled once at build time, then read-only, so lookups need no locks and allocate nothing.
 */
final class Ipv6OwnerTable {
  static final long NO_MAC = -1L;

  private final int mask;
  private final int[] slots;
  private final long[] his;
  private final long[] los;
  private final long[] macs;

  /** A table for up to {@code entries} keys, kept at most half full so probes stay short. */
  Ipv6OwnerTable(final int entries) {
    final int capacity = Integer.highestOneBit(Math.max(4, entries * 2 - 1)) << 1;
    this.mask = capacity - 1;
    this.slots = new int[capacity];
    this.his = new long[capacity];
    this.los = new long[capacity];
    this.macs = new long[capacity];
    Arrays.fill(slots, -1);
  }

  /** Adds a key; returns false when it is already present. */
  boolean put(final int slot, final long hi, final long lo, final long mac) {
    int index = index(slot, hi, lo);
    while (slots[index] >= 0) {
      if (slots[index] == slot && his[index] == hi && los[index] == lo) {
        return false;
      }
      index = (index + 1) & mask;
    }
    slots[index] = slot;
    his[index] = hi;
    los[index] = lo;
    macs[index] = mac;
    return true;
  }

  /** The MAC owning this key, or {@link #NO_MAC}. */
  long get(final int slot, final long hi, final long lo) {
    int index = index(slot, hi, lo);
    while (slots[index] >= 0) {
      if (slots[index] == slot && his[index] == hi && los[index] == lo) {
        return macs[index];
      }
      index = (index + 1) & mask;
    }
    return NO_MAC;
  }

  private int index(final int slot, final long hi, final long lo) {
    // Mix every input bit (murmur3 finalizer): addresses differ mostly in their low bits.
    long h = hi * 0x9E37_79B9_7F4A_7C15L ^ lo ^ ((long) slot << 40);
    h ^= h >>> 33;
    h *= 0xFF51_AFD7_ED55_8CCDL;
    h ^= h >>> 33;
    return (int) h & mask;
  }
}
