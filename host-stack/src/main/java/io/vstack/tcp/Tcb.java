package io.vstack.tcp;

import io.vstack.tcp.cc.CongestionControl;
import java.nio.ByteBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Transmission control block: the state of one connection (RFC 9293 section 3.3.1 plus what the
 * extensions need). Only primitive fields and a few owned helpers, so a TCB costs a few hundred
 * bytes on the heap; {@code TcbFootprintTest} measures it. TCBs are pooled by the engine and
 * reused, together with their off-heap buffers, so opening a connection allocates nothing once the
 * pool is warm.
 *
 * <p>Sequence fields are RFC names in camel case; all compare through {@link SeqNumber}.
 */
final class Tcb {
  static final long NONE = Long.MAX_VALUE;

  /** Index in the owning engine's pool; changes when the TCB moves to another engine. */
  int id;

  final SendBuffer sendBuffer;
  final ReceiveBuffer receiveBuffer;
  final SackScoreboard scoreboard;
  final RttEstimator rtt;
  final CongestionControl cc;

  TcpState state = TcpState.CLOSED;
  int localAddress;
  int localPort;
  int remoteAddress;
  int remotePort;

  /** Listener that created this connection, or -1 for active opens. */
  int listener = -1;

  /** Intrusive links in the listener's SYN backlog or accept queue. */
  int prev = -1;

  int next = -1;
  boolean inTable;
  boolean released;
  boolean accepted;
  boolean noDelay;
  int closeReason;

  // Send sequence space.
  int iss;
  int sndUna;
  int sndNxt;

  /** Highest sequence number sent so far; SND.NXT is rewound below it after a timeout. */
  int sndMax;

  long sndWnd;
  long maxSndWnd;
  int sndWl1;
  int sndWl2;
  int sndWscale;
  int sndMss;
  boolean finQueued;
  int finSeq;

  // Receive sequence space.
  int irs;
  int rcvNxt;
  int rcvWscale;

  /** Right edge of the last advertised window; never moved left (RFC 9293 3.8.6). */
  int rcvAdvertisedEdge;

  int lastAckSent;
  boolean peerFinPending;
  int peerFinSeq;
  boolean peerFinReceived;

  // Options negotiated on the handshake.
  boolean wsEnabled;
  boolean tsEnabled;
  boolean sackEnabled;
  boolean ecnEnabled;
  int tsRecent;
  long tsRecentNanos;
  int tsOffset;

  // ECN (RFC 3168) state.
  boolean ecnEchoLatched;
  boolean lastSegmentCe;
  boolean cwrPending;
  int ecnRecover;

  // RTT timing without timestamps (Karn: cleared when the timed segment is retransmitted).
  boolean rttTiming;
  int rttSeq;
  long rttStartNanos;

  // Loss recovery (RFC 5681, RFC 6582, RFC 6675).
  int dupAcks;
  boolean inRecovery;
  int recover;
  int highRxt;
  int retries;

  // Delayed ACK.
  int bytesSinceAck;
  boolean ackNow;

  // Timers: absolute deadlines in nanoseconds or NONE; one wheel timer covers the earliest.
  long rtoDeadline = NONE;
  long delayedAckDeadline = NONE;
  long persistDeadline = NONE;
  long keepaliveDeadline = NONE;
  long stateDeadline = NONE;
  long armedDeadline = NONE;
  long timerId = -1;
  int persistBackoff;
  int keepaliveProbesSent;

  Tcb(final int id, final TcpConfig config) {
    this.id = id;
    // One off-heap block for both rings: one set of wrapper objects instead of two.
    final int send = config.sendBufferSize();
    final int receive = config.receiveBufferSize();
    final UnsafeBuffer memory = new UnsafeBuffer(ByteBuffer.allocateDirect(send + receive));
    this.sendBuffer = new SendBuffer(memory, 0, send);
    this.receiveBuffer = new ReceiveBuffer(memory, send, receive, config.maxReassemblyRanges());
    this.scoreboard = new SackScoreboard(config.scoreboardBlocks());
    this.rtt = new RttEstimator(config.minRtoNanos(), config.maxRtoNanos());
    this.cc = config.congestionControl().create();
  }

  /** Returns the TCB to its pristine state for reuse; buffers are kept. */
  void reset() {
    state = TcpState.CLOSED;
    localAddress = 0;
    localPort = 0;
    remoteAddress = 0;
    remotePort = 0;
    listener = -1;
    prev = -1;
    next = -1;
    inTable = false;
    released = false;
    accepted = false;
    noDelay = false;
    closeReason = 0;
    iss = 0;
    sndUna = 0;
    sndNxt = 0;
    sndMax = 0;
    sndWnd = 0;
    maxSndWnd = 0;
    sndWl1 = 0;
    sndWl2 = 0;
    sndWscale = 0;
    sndMss = 536;
    finQueued = false;
    finSeq = 0;
    irs = 0;
    rcvNxt = 0;
    rcvWscale = 0;
    rcvAdvertisedEdge = 0;
    lastAckSent = 0;
    peerFinPending = false;
    peerFinSeq = 0;
    peerFinReceived = false;
    wsEnabled = false;
    tsEnabled = false;
    sackEnabled = false;
    ecnEnabled = false;
    tsRecent = 0;
    tsRecentNanos = 0;
    tsOffset = 0;
    ecnEchoLatched = false;
    lastSegmentCe = false;
    cwrPending = false;
    ecnRecover = 0;
    rttTiming = false;
    rttSeq = 0;
    rttStartNanos = 0;
    dupAcks = 0;
    inRecovery = false;
    recover = 0;
    highRxt = 0;
    retries = 0;
    bytesSinceAck = 0;
    ackNow = false;
    rtoDeadline = NONE;
    delayedAckDeadline = NONE;
    persistDeadline = NONE;
    keepaliveDeadline = NONE;
    stateDeadline = NONE;
    armedDeadline = NONE;
    timerId = -1;
    persistBackoff = 0;
    keepaliveProbesSent = 0;
    sendBuffer.clear();
    receiveBuffer.clear();
    scoreboard.clear();
    rtt.reset();
  }

  /** Bytes sent and not yet acknowledged (sequence space, including SYN/FIN). */
  int flight() {
    return SeqNumber.diff(sndNxt, sndUna);
  }

  /** Sequence number one past the last byte the application has written. */
  int dataEnd() {
    return sndUna + sendBuffer.used() + (synUnacked() ? 1 : 0);
  }

  /** True until the peer acknowledged our SYN. */
  boolean synUnacked() {
    return sndUna == iss;
  }

  /** True once our FIN has been acknowledged. */
  boolean finAcked() {
    return finQueued && SeqNumber.gt(sndUna, finSeq);
  }

  /** Earliest pending deadline. */
  long earliestDeadline() {
    return Math.min(
        Math.min(rtoDeadline, delayedAckDeadline),
        Math.min(Math.min(persistDeadline, keepaliveDeadline), stateDeadline));
  }
}
