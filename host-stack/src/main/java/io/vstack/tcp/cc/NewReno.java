package io.vstack.tcp.cc;

/**
 * NewReno window arithmetic (RFC 5681, RFC 6582): slow start with appropriate byte counting (RFC
 * 3465, L = 2 segments), congestion avoidance adding one MSS per window of acknowledged bytes,
 * multiplicative decrease to half the flight on loss or ECN-Echo and a one-segment loss window
 * after a timeout. Recovery inflation is the engine's job (it counts duplicate ACKs).
 *
 * <p>The initial window follows RFC 6928: {@code min(10 * MSS, max(2 * MSS, 14600))}.
 */
public class NewReno extends WindowedCongestionControl {
  private long avoidanceBytes;

  @Override
  public void reset(final int mss, final long nowNanos) {
    super.reset(mss, nowNanos);
    this.avoidanceBytes = 0;
  }

  @Override
  public void onAck(
      final long ackedBytes, final long bytesInFlight, final long rttNanos, final long nowNanos) {
    if (slowStart(ackedBytes)) {
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
