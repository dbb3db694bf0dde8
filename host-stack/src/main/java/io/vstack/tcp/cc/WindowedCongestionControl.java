package io.vstack.tcp.cc;

/**
 * What every controller here shares: cwnd and ssthresh in bytes, the RFC 6928 initial window, slow
 * start with appropriate byte counting (RFC 3465, L = 2 segments) and the RFC 6582 window after
 * recovery. Subclasses supply congestion avoidance and the decrease rules.
 */
public abstract class WindowedCongestionControl implements CongestionControl {
  protected long mss;
  protected long cwnd;
  protected long ssthresh;

  @Override
  public void reset(final int mss, final long nowNanos) {
    this.mss = mss;
    this.cwnd = Math.min(10L * mss, Math.max(2L * mss, 14_600L));
    this.ssthresh = Long.MAX_VALUE / 2;
  }

  @Override
  public final long cwnd() {
    return cwnd;
  }

  @Override
  public final long ssthresh() {
    return ssthresh;
  }

  @Override
  public void onRecoveryExit(final long nowNanos) {
    cwnd = ssthresh;
  }

  /**
   * Grows cwnd if below ssthresh.
   *
   * @return true when the ACK was consumed by slow start.
   */
  protected final boolean slowStart(final long ackedBytes) {
    if (cwnd >= ssthresh) {
      return false;
    }
    cwnd += Math.min(ackedBytes, 2 * mss);
    return true;
  }
}
