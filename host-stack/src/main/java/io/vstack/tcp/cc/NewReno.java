package io.vstack.tcp.cc;

/**
 * NewReno window arithmetic (RFC 5681, RFC 6582): slow start with appropriate byte counting (RFC
 * 3465, L = 2 segments), congestion avoidance adding one MSS per window of acknowledged bytes,
 * multiplicative decrease to half the flight on loss or ECN-Echo and a one-segment loss window
 * after a timeout. Recovery inflation is the engine's job (it counts duplicate ACKs).
 *
 * <p>The initial window follows RFC 6928: {@code min(10 * MSS, max(2 * MSS, 14600))}.
 */
public class NewReno implements CongestionControl {
  protected long mss;
  protected long cwnd;
  protected long ssthresh;
  private long avoidanceBytes;

  @Override
  public void reset(final int mss, final long nowNanos) {
    this.mss = mss;
    this.cwnd = Math.min(10L * mss, Math.max(2L * mss, 14_600L));
    this.ssthresh = Long.MAX_VALUE / 2;
    this.avoidanceBytes = 0;
  }

  @Override
  public long cwnd() {
    return cwnd;
  }

  @Override
  public long ssthresh() {
    return ssthresh;
  }

  @Override
  public void onAck(
      final long ackedBytes, final long bytesInFlight, final long rttNanos, final long nowNanos) {
    if (cwnd < ssthresh) {
      cwnd += Math.min(ackedBytes, 2 * mss);
      return;
    }
    // RFC 5681 3.1 byte counting: one MSS per cwnd worth of acknowledged bytes.
    avoidanceBytes += ackedBytes;
    if (avoidanceBytes >= cwnd) {
      avoidanceBytes -= cwnd;
      cwnd += mss;
    }
  }

  @Override
  public void onFastRecovery(final long bytesInFlight, final long nowNanos) {
    reduce(bytesInFlight);
  }

  @Override
  public void onRecoveryExit(final long nowNanos) {
    cwnd = ssthresh;
  }

  @Override
  public void onRetransmitTimeout(final long bytesInFlight, final long nowNanos) {
    ssthresh = halfFlight(bytesInFlight);
    cwnd = mss;
    avoidanceBytes = 0;
  }

  @Override
  public void onEcnEcho(final long bytesInFlight, final long nowNanos) {
    reduce(bytesInFlight);
  }

  /** RFC 5681 equation (4): ssthresh = max(FlightSize / 2, 2 * SMSS), cwnd = ssthresh. */
  private void reduce(final long bytesInFlight) {
    ssthresh = halfFlight(bytesInFlight);
    cwnd = ssthresh;
    avoidanceBytes = 0;
  }

  private long halfFlight(final long bytesInFlight) {
    return Math.max(bytesInFlight / 2, 2 * mss);
  }
}
