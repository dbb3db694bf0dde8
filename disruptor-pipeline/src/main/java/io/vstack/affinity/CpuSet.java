package io.vstack.affinity;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.BitSet;

/**
 * An immutable set of CPU numbers, written as Linux writes it in {@code Cpus_allowed_list} and
 * {@code /sys/devices/system/cpu/online}: comma-separated numbers and inclusive ranges, e.g. {@code
 * 0-3,8}.
 */
public final class CpuSet {
  /** The largest CPU number accepted: the size of glibc's {@code cpu_set_t} (1024 bits). */
  public static final int MAX_CPU = 1023;

  /** Bytes of a {@code cpu_set_t}. */
  static final int MASK_BYTES = (MAX_CPU + 1) / 8;

  private final BitSet cpus;

  private CpuSet(final BitSet cpus) {
    this.cpus = cpus;
  }

  /** The set holding exactly {@code cpus}. */
  public static CpuSet of(final int... cpus) {
    final BitSet set = new BitSet();
    for (final int cpu : cpus) {
      if (cpu < 0 || cpu > MAX_CPU) {
        throw new IllegalArgumentException("CPU " + cpu + " outside [0, " + MAX_CPU + "]");
      }
      set.set(cpu);
    }
    return new CpuSet(set);
  }

  /**
   * Parses a CPU list such as {@code 0-3,8}.
   *
   * @throws IllegalArgumentException naming the bad part when {@code text} is not a CPU list.
   */
  public static CpuSet parse(final String text) {
    final BitSet set = new BitSet();
    final String trimmed = text.strip();
    if (trimmed.isEmpty()) {
      return new CpuSet(set);
    }
    for (final String part : trimmed.split(",")) {
      final int dash = part.indexOf('-');
      final int first = number(part, dash < 0 ? part : part.substring(0, dash));
      final int last = dash < 0 ? first : number(part, part.substring(dash + 1));
      if (last < first) {
        throw new IllegalArgumentException("CPU range " + part + " runs backwards");
      }
      set.set(first, last + 1);
    }
    return new CpuSet(set);
  }

  private static int number(final String part, final String digits) {
    try {
      final int cpu = Integer.parseInt(digits.strip());
      if (cpu < 0 || cpu > MAX_CPU) {
        throw new IllegalArgumentException("CPU " + cpu + " outside [0, " + MAX_CPU + "]");
      }
      return cpu;
    } catch (final NumberFormatException e) {
      throw new IllegalArgumentException("not a CPU list entry: '" + part + "'");
    }
  }

  /** Reads a {@code cpu_set_t} of {@link #MASK_BYTES} bytes. */
  static CpuSet fromMask(final MemorySegment mask) {
    final BitSet set = new BitSet();
    for (int cpu = 0; cpu <= MAX_CPU; cpu++) {
      if ((mask.get(ValueLayout.JAVA_BYTE, cpu / 8) & (1 << (cpu % 8))) != 0) {
        set.set(cpu);
      }
    }
    return new CpuSet(set);
  }

  /**
   * Writes this set as a {@code cpu_set_t} of {@link #MASK_BYTES} bytes allocated in {@code arena}.
   */
  MemorySegment toMask(final Arena arena) {
    final MemorySegment mask = arena.allocate(MASK_BYTES);
    for (int cpu = cpus.nextSetBit(0); cpu >= 0; cpu = cpus.nextSetBit(cpu + 1)) {
      final long index = cpu / 8;
      mask.set(
          ValueLayout.JAVA_BYTE,
          index,
          (byte) (mask.get(ValueLayout.JAVA_BYTE, index) | (1 << (cpu % 8))));
    }
    return mask;
  }

  public boolean contains(final int cpu) {
    return cpu >= 0 && cpus.get(cpu);
  }

  /** True when every CPU of {@code other} is in this set. */
  public boolean containsAll(final CpuSet other) {
    final BitSet missing = (BitSet) other.cpus.clone();
    missing.andNot(cpus);
    return missing.isEmpty();
  }

  public int size() {
    return cpus.cardinality();
  }

  public boolean isEmpty() {
    return cpus.isEmpty();
  }

  /** The CPUs in ascending order. */
  public int[] toArray() {
    return cpus.stream().toArray();
  }

  @Override
  public boolean equals(final Object other) {
    return other instanceof CpuSet set && set.cpus.equals(cpus);
  }

  @Override
  public int hashCode() {
    return cpus.hashCode();
  }

  /** The Linux list form, ranges collapsed: {@code 0-3,8}. */
  @Override
  public String toString() {
    final StringBuilder text = new StringBuilder();
    final int[] all = toArray();
    int i = 0;
    while (i < all.length) {
      int j = i;
      while (j + 1 < all.length && all[j + 1] == all[j] + 1) {
        j++;
      }
      if (!text.isEmpty()) {
        text.append(',');
      }
      text.append(all[i]);
      if (j > i) {
        text.append('-').append(all[j]);
      }
      i = j + 1;
    }
    return text.toString();
  }

  /** For diagnostics: the CPUs as an array string. */
  String describe() {
    return Arrays.toString(toArray());
  }
}
