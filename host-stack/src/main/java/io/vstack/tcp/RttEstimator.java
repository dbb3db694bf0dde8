package io.vstack.tcp;

/**
 * Retransmission timeout per RFC 6298: smoothed RTT and variance from samples, exponential backoff
 * on timeouts, clamped to {@code [minRto, maxRto]}. The minimum defaults to 200 ms like Linux
 * rather than the RFC's 1 s, because data-centre RTTs are micro-seconds and 1 s idles a flow for
 * far too long after a tail loss.
 */
public final class RttEstimator {
  /** RFC 6298 section 2.1: RTO before any sample. */
  public static final long INITIAL_RTO_NANOS = 1_000_000_000L;

  private static final long GRANULARITY_NANOS = 1_000_000L;

  private final long minRtoNanos;
  private final long maxRtoNanos;
  private long srttNanos;
  private long rttvarNanos;
  private long baseRtoNanos;
  private int backoff;
  private boolean sampled;

  public RttEstimator(final long minRtoNanos, final long maxRtoNanos) {
    this.minRtoNanos = minRtoNanos;
    this.maxRtoNanos = maxRtoNanos;
    reset();
  }

  /** Back to the state before the first sample. */
  public void reset() {
    srttNanos = 0;
    rttvarNanos = 0;
    baseRtoNanos = INITIAL_RTO_NANOS;
    backoff = 0;
    sampled = false;
  }

  /**
   * Feeds one RTT measurement (never from a retransmitted segment: Karn's rule is the caller's).
   */
  public void sample(final long rttNanos) {
    final long r = Math.max(0, rttNanos);
    if (!sampled) {
      srttNanos = r;
      rttvarNanos = r / 2;
      sampled = true;
    } else {
      rttvarNanos = (3 * rttvarNanos + Math.abs(srttNanos - r)) / 4;
      srttNanos = (7 * srttNanos + r) / 8;
    }
    baseRtoNanos = srttNanos + Math.max(GRANULARITY_NANOS, 4 * rttvarNanos);
    // RFC 6298 section 5.7: a new sample after backoff recomputes RTO from the estimate.
    backoff = 0;
  }

  /** Doubles the timeout after an expiry (RFC 6298 section 5.5). */
  public void backOff() {
    if (rtoNanos() < maxRtoNanos) {
      backoff++;
    }
  }

  /** Clears backoff without a sample (e.g. after new data is acknowledged, like Linux). */
  public void clearBackoff() {
    backoff = 0;
  }

  /** Times the timer has been backed off since the last sample. */
  public int backoffCount() {
    return backoff;
  }

  /** Current retransmission timeout. */
  public long rtoNanos() {
    final long clamped = Math.min(maxRtoNanos, Math.max(minRtoNanos, baseRtoNanos));
    return backoff >= 30 ? maxRtoNanos : Math.min(maxRtoNanos, clamped << backoff);
  }

  /** Smoothed RTT, 0 before the first sample. */
  public long srttNanos() {
    return srttNanos;
  }

  /** RTT variance estimate. */
  public long rttvarNanos() {
    return rttvarNanos;
  }

  /** True once a sample was taken. */
  public boolean hasSample() {
    return sampled;
  }
}
