package io.vstack.tcp.cc;

/**
 * A congestion controller for one connection: owns cwnd and ssthresh (in bytes) and reacts to the
 * events the engine reports. The engine decides <em>when</em> an event happened (duplicate ACKs,
 * SACK holes, timeouts, ECN-Echo once per window, RFC 5681/6582/3168); the controller decides
 * <em>by how much</em> the window changes. That split is what makes NewReno, CUBIC and DCTCP
 * interchangeable.
 *
 * <p>One instance per connection, reused across connections via {@link #reset}; implementations
 * must not allocate after construction. Times are nanoseconds from the engine's clock.
 */
public interface CongestionControl {
  /** Starts a new connection with sender MSS {@code mss}. */
  void reset(int mss, long nowNanos);

  /** Congestion window in bytes. */
  long cwnd();

  /** Slow-start threshold in bytes. */
  long ssthresh();

  /**
   * New data was cumulatively acknowledged outside loss recovery.
   *
   * @param ackedBytes bytes newly acknowledged
   * @param bytesInFlight bytes outstanding before this ACK
   * @param rttNanos smoothed RTT, 0 when unknown
   */
  void onAck(long ackedBytes, long bytesInFlight, long rttNanos, long nowNanos);

  /**
   * Every acknowledgment that advanced SND.UNA, with its ECN-Echo bit (RFC 3168); used by
   * controllers that measure the marked fraction (DCTCP). Default: nothing to account.
   *
   * @param sndUna SND.UNA after the ACK
   * @param sndNxt SND.NXT when the ACK arrived
   */
  default void onAckEcn(long ackedBytes, boolean ece, int sndUna, int sndNxt) {}

  /** Loss detected by duplicate ACKs or SACK: fast recovery starts (RFC 5681 step 2). */
  void onFastRecovery(long bytesInFlight, long nowNanos);

  /** Fast recovery ended with a full acknowledgment (RFC 6582 step 3). */
  void onRecoveryExit(long nowNanos);

  /** The retransmission timer expired (RFC 5681 section 3.1, loss window of one segment). */
  void onRetransmitTimeout(long bytesInFlight, long nowNanos);

  /** ECN-Echo received; the engine calls this at most once per window of data (RFC 3168 6.1.2). */
  void onEcnEcho(long bytesInFlight, long nowNanos);
}
