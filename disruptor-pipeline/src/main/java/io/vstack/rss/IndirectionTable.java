package io.vstack.rss;

import java.util.Arrays;

/**
 * A software RSS indirection table ("reta"): {@code hash & (size - 1)} picks an entry, and the
 * entry holds the lane that owns every flow hashing to it. Moving an entry moves all its flows at
 * once, which is how lanes are added and removed without rehashing.
 *
 * <pre>
 *   entry:  0   1   2   3   4   5  ...  size-1
 *   lane:  [0] [1] [0] [1] [0] [1] ... [1]
 * </pre>
 *
 * <p>Written by one thread (the dispatcher that feeds the lanes); {@link #snapshot()} may be read
 * from any thread and sees a possibly stale but never torn entry.
 */
public final class IndirectionTable {
  /** Entries of a NIC reta as most 10-100G NICs size it. */
  public static final int DEFAULT_SIZE = 128;

  private final int[] lanes;
  private final int mask;

  /**
   * A table of {@code size} entries spread round-robin over lanes {@code 0..activeLanes-1}.
   *
   * @param size a power of two, at least 1.
   */
  public IndirectionTable(final int size, final int activeLanes) {
    if (size < 1 || Integer.bitCount(size) != 1) {
      throw new IllegalArgumentException("size must be a power of two: " + size);
    }
    if (activeLanes < 1) {
      throw new IllegalArgumentException("activeLanes must be >= 1: " + activeLanes);
    }
    this.lanes = new int[size];
    this.mask = size - 1;
    for (int entry = 0; entry < size; entry++) {
      lanes[entry] = entry % activeLanes;
    }
  }

  public int size() {
    return lanes.length;
  }

  /** The entry a flow hash selects. */
  public int entry(final int hash) {
    return hash & mask;
  }

  /** The lane that owns {@code entry}. */
  public int lane(final int entry) {
    return lanes[entry];
  }

  /** Gives {@code entry} to {@code lane}. Only the owning thread may call this. */
  public void assign(final int entry, final int lane) {
    lanes[entry] = lane;
  }

  /** How many entries {@code lane} owns. */
  public int entriesOf(final int lane) {
    int count = 0;
    for (final int owner : lanes) {
      if (owner == lane) {
        count++;
      }
    }
    return count;
  }

  /** A copy of the entry → lane mapping. */
  public int[] snapshot() {
    return Arrays.copyOf(lanes, lanes.length);
  }
}
