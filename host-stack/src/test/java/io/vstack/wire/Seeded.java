package io.vstack.wire;

import java.util.Random;

/**
 * Seeded-random property runs. The seed is {@code -Dvstack.seed} when given, else fresh from {@link
 * System#nanoTime()}; a failing run rethrows with the seed in the message so it can be replayed
 * exactly.
 */
final class Seeded {
  /** Body of one property run; may throw anything (a failure). */
  @FunctionalInterface
  interface Body {
    void run(Random random, int iteration) throws Exception;
  }

  private Seeded() {}

  static long seed() {
    final Long fixed = Long.getLong("vstack.seed");
    return fixed != null ? fixed : System.nanoTime();
  }

  /** Runs {@code body} {@code runs} times over one seeded generator. */
  static void forAll(final String property, final int runs, final Body body) {
    final long seed = seed();
    final Random random = new Random(seed);
    int iteration = 0;
    try {
      for (; iteration < runs; iteration++) {
        body.run(random, iteration);
      }
    } catch (final Throwable e) {
      throw new AssertionError(
          "property '"
              + property
              + "' failed at iteration "
              + iteration
              + " with seed "
              + seed
              + " (replay: -Dvstack.seed="
              + seed
              + "): "
              + e,
          e);
    }
  }
}
