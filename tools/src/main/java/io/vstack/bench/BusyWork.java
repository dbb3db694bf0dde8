package io.vstack.bench;

/**
 * Synthetic packet processing of a known cost: a fixed number of xorshift steps whose result is
 * kept, so the JIT cannot drop the loop. Cost per step is measured in the same run (see {@link
 * AccountingBench}), never assumed.
 */
final class BusyWork {
  private long state = 0x9E3779B97F4A7C15L;

  /** Runs {@code iterations} dependent steps. */
  void run(final long iterations) {
    long x = state;
    for (long i = 0; i < iterations; i++) {
      x ^= x << 13;
      x ^= x >>> 7;
      x ^= x << 17;
    }
    state = x;
  }

  /** The accumulated result (read it so the work stays observable). */
  long state() {
    return state;
  }
}
