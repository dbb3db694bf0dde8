package io.vstack.tcp;

/**
 * The engine-wide challenge ACK budget of RFC 5961 section 7: about {@code limit} per second, so
 * blind RSTs and SYNs cannot be turned into an ACK flood.
 *
 * <p>A fixed global budget is itself a side channel (CVE-2016-5696: an off-path attacker counts how
 * many challenge ACKs it receives to learn whether its guesses hit a live connection). As in
 * Linux's fix, the budget of every one-second window is drawn at random from {@code [limit / 2,
 * limit * 3 / 2)}, keyed by the per-boot secret.
 */
final class ChallengeAckLimiter {
  private static final long WINDOW_NANOS = 1_000_000_000L;

  private final int limit;
  private long random;
  private long windowStart;
  private int budget;
  private int used;

  ChallengeAckLimiter(final int limit, final long secret, final long nowNanos) {
    this.limit = limit;
    this.random = secret | 1;
    this.windowStart = nowNanos;
    this.budget = nextBudget();
  }

  /** True when one more challenge ACK may be sent at {@code nowNanos}. */
  boolean tryAcquire(final long nowNanos) {
    if (nowNanos - windowStart >= WINDOW_NANOS) {
      windowStart = nowNanos;
      used = 0;
      budget = nextBudget();
    }
    if (used >= budget) {
      return false;
    }
    used++;
    return true;
  }

  private int nextBudget() {
    // xorshift64: cheap, allocation-free; unpredictability comes from the secret seed.
    random ^= random << 13;
    random ^= random >>> 7;
    random ^= random << 17;
    return Math.max(1, limit / 2 + (int) Long.remainderUnsigned(random, limit));
  }
}
