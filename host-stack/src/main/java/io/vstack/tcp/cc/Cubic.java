package io.vstack.tcp.cc;

/**
 * CUBIC (RFC 9438). After a congestion event the window follows {@code W_cubic(t) = C * (t - K)^3 +
 * W_max} (segments, t in seconds since the congestion-avoidance epoch began), concave up to the
 * previous maximum {@code W_max} and convex beyond it, independent of RTT. A Reno-friendly estimate
 * {@code W_est} keeps it at least as aggressive as Reno on short-RTT paths (section 4.3); fast
 * convergence (section 4.7) lowers {@code W_max} when the window shrank since the last event.
 *
 * <p>Window arithmetic is in segments as doubles, as in the RFC; the exposed cwnd is in bytes. Slow
 * start and the timeout response are standard (sections 4.8, 4.10).
 */
public final class Cubic extends WindowedCongestionControl {
  /** C, the window growth constant (segments / s^3). */
  public static final double C = 0.4;

  /** Multiplicative decrease factor. */
  public static final double BETA = 0.7;

  private static final double ALPHA_RENO_FRIENDLY = 3 * (1 - BETA) / (1 + BETA);

  private double wMax;
  private double k;
  private double wEst;
  private long epochStart;

  /** {@code W_cubic(t)} of RFC 9438 equation (1), in segments. */
  public static double window(final double tSeconds, final double wMax, final double k) {
    final double x = tSeconds - k;
    return C * x * x * x + wMax;
  }

  /** {@code K} of RFC 9438 equation (2): seconds to grow from {@code cwndEpoch} back to wMax. */
  public static double k(final double wMax, final double cwndEpoch) {
    return Math.cbrt(Math.max(0, wMax - cwndEpoch) / C);
  }

  @Override
  public void reset(final int mss, final long nowNanos) {
    super.reset(mss, nowNanos);
    this.wMax = 0;
    this.k = 0;
    this.wEst = 0;
    this.epochStart = -1;
  }

  /** W_max in segments (the window at the last congestion event, after fast convergence). */
  public double wMax() {
    return wMax;
  }

  /** K in seconds for the current epoch. */
  public double kSeconds() {
    return k;
  }

  @Override
  public void onAck(
      final long ackedBytes, final long bytesInFlight, final long rttNanos, final long nowNanos) {
    if (slowStart(ackedBytes)) {
      return;
    }
    final double segments = (double) cwnd / mss;
    if (epochStart < 0) {
      epochStart = nowNanos;
      if (segments < wMax) {
        k = k(wMax, segments);
      } else {
        k = 0;
        wMax = segments;
      }
      wEst = segments;
    }
    final double acked = (double) ackedBytes / mss;
    final double t = (nowNanos - epochStart) / 1e9;
    // Section 4.3: once W_est passes W_max, Reno-friendly growth uses alpha = 1.
    final double alpha = wEst >= wMax ? 1.0 : ALPHA_RENO_FRIENDLY;
    wEst += alpha * acked / segments;
    double next;
    if (window(t, wMax, k) < wEst) {
      next = wEst;
    } else {
      final double target =
          Math.min(1.5 * segments, Math.max(segments, window(t + rttNanos / 1e9, wMax, k)));
      next = segments + (target - segments) / segments * acked;
    }
    cwnd = Math.max(cwnd, (long) (next * mss));
  }

  @Override
  public void onFastRecovery(final long bytesInFlight, final long nowNanos) {
    reduce();
  }

  @Override
  public void onRetransmitTimeout(final long bytesInFlight, final long nowNanos) {
    reduce();
    cwnd = mss;
  }

  @Override
  public void onEcnEcho(final long bytesInFlight, final long nowNanos) {
    reduce();
  }

  /** Sections 4.6 and 4.7: remember W_max (lowered for fast convergence) and cut by beta. */
  private void reduce() {
    final double segments = (double) cwnd / mss;
    wMax = segments < wMax ? segments * (1 + BETA) / 2 : segments;
    epochStart = -1;
    ssthresh = Math.max((long) (cwnd * BETA), 2 * mss);
    cwnd = ssthresh;
  }
}
