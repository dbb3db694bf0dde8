package io.vstack.tcp.cc;

/**
 * DCTCP sender (RFC 8257): estimates the fraction of bytes that met congestion (ECN CE marks echoed
 * as ECE) once per window, {@code alpha = (1 - g) * alpha + g * F} with {@code g = 1/16}, and on
 * ECN-Echo reduces the window in proportion, {@code cwnd = cwnd * (1 - alpha / 2)}, instead of
 * halving. Growth and loss response are NewReno's (RFC 8257 section 3.3/3.5).
 *
 * <p>The observation window ends when SND.UNA passes the SND.NXT recorded at its start, i.e. about
 * once per RTT, as in the RFC's {@code Window_End}.
 */
public final class Dctcp extends NewReno {
  /** Estimation gain g (RFC 8257 recommends 1/16). */
  public static final double GAIN = 1.0 / 16;

  private double alpha;
  private long ackedInWindow;
  private long markedInWindow;
  private int windowEnd;
  private boolean windowStarted;

  @Override
  public void reset(final int mss, final long nowNanos) {
    super.reset(mss, nowNanos);
    // RFC 8257 3.3: alpha starts at 1 so the first marks cause a full (Reno-like) reduction.
    alpha = 1.0;
    ackedInWindow = 0;
    markedInWindow = 0;
    windowStarted = false;
  }

  @Override
  public void onAckEcn(
      final long ackedBytes, final boolean ece, final int sndUna, final int sndNxt) {
    if (!windowStarted) {
      windowEnd = sndNxt;
      windowStarted = true;
    }
    ackedInWindow += ackedBytes;
    if (ece) {
      markedInWindow += ackedBytes;
    }
    if (sndUna - windowEnd >= 0) {
      final double fraction = ackedInWindow == 0 ? 0 : (double) markedInWindow / ackedInWindow;
      alpha = (1 - GAIN) * alpha + GAIN * fraction;
      ackedInWindow = 0;
      markedInWindow = 0;
      windowEnd = sndNxt;
    }
  }

  @Override
  public void onEcnEcho(final long bytesInFlight, final long nowNanos) {
    cwnd = Math.max(mss, (long) (cwnd * (1 - alpha / 2)));
    ssthresh = cwnd;
  }

  /** The current estimate of the marked fraction, in [0, 1]. */
  public double alpha() {
    return alpha;
  }
}
