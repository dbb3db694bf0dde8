package io.vstack.tcp;

import static io.vstack.tcp.SeqNumber.diff;
import static io.vstack.tcp.Tcb.NONE;

/**
 * Builds the engine's outgoing segments in one reused {@link SegmentInfo} and hands them to the
 * {@link SegmentSink}: the header fields every segment of a connection carries (ACK, advertised
 * window, timestamps, SACK blocks, ECN-Echo) are filled here, once, for data, ACKs, probes and
 * resets alike.
 */
final class SegmentWriter {
  private final SegmentSink sink;
  private final TcpCounters counters;
  private final boolean dctcpEcho;
  private final SegmentInfo out = new SegmentInfo();

  /**
   * @param dctcpEcho echo CE per segment (RFC 8257 3.2) instead of latching it until CWR (RFC 3168)
   */
  SegmentWriter(final SegmentSink sink, final TcpCounters counters, final boolean dctcpEcho) {
    this.sink = sink;
    this.counters = counters;
    this.dctcpEcho = dctcpEcho;
  }

  /** The reused descriptor; callers may add options or a payload between prepare and emit. */
  SegmentInfo segment() {
    return out;
  }

  /** The timestamp clock: milliseconds plus the connection's random offset (RFC 7323 5.4). */
  static int tsNow(final Tcb t, final long now) {
    return (int) (now / 1_000_000L) + t.tsOffset;
  }

  /**
   * Fills the descriptor with the header of a segment of {@code t}: addresses, ACK, advertised
   * window (never shrinking the right edge), timestamps, SACK blocks and ECN-Echo.
   */
  SegmentInfo prepare(final Tcb t, final int seq, final int flags, final long now) {
    out.reset();
    out.sourceAddress = t.localAddress;
    out.destinationAddress = t.remoteAddress;
    out.sourcePort = t.localPort;
    out.destinationPort = t.remotePort;
    out.seq = seq;
    out.flags = flags;
    if ((flags & TcpFlags.ACK) != 0) {
      out.ack = t.rcvNxt;
      if (t.ecnEnabled
          && (flags & TcpFlags.SYN) == 0
          && (dctcpEcho ? t.lastSegmentCe : t.ecnEchoLatched)) {
        out.flags |= TcpFlags.ECE;
      }
    }
    out.window = advertiseWindow(t);
    if (t.tsEnabled) {
      out.hasTimestamp = true;
      out.tsVal = tsNow(t, now);
      out.tsEcr = t.tsRecent;
    }
    if (t.sackEnabled && t.receiveBuffer.outOfOrderRanges() > 0) {
      // Three blocks fit next to a timestamp option, four without (RFC 2018 section 3).
      t.receiveBuffer.addSackBlocks(out, t.rcvNxt, t.tsEnabled ? 3 : 4);
    }
    return out;
  }

  /** Hands the descriptor to the sink; any segment carries our latest ACK, so none is pending. */
  void emit(final Tcb t) {
    if ((out.flags & TcpFlags.ACK) != 0) {
      t.lastAckSent = t.rcvNxt;
      t.ackNow = false;
      t.bytesSinceAck = 0;
      t.delayedAckDeadline = NONE;
    }
    counters.segmentsSent++;
    sink.emit(out);
  }

  /** RFC 9293 3.10.7.1: the RST that answers {@code seg}, which belongs to no connection. */
  void resetFor(final SegmentInfo seg) {
    out.reset();
    out.sourceAddress = seg.destinationAddress;
    out.destinationAddress = seg.sourceAddress;
    out.sourcePort = seg.destinationPort;
    out.destinationPort = seg.sourcePort;
    if ((seg.flags & TcpFlags.ACK) != 0) {
      out.seq = seg.ack;
      out.flags = TcpFlags.RST;
    } else {
      out.seq = 0;
      out.ack = seg.seq + seg.segmentLength();
      out.flags = TcpFlags.RST | TcpFlags.ACK;
    }
    counters.segmentsSent++;
    sink.emit(out);
  }

  /** The scaled window field; the right edge it announces never moves left (RFC 9293 3.8.6). */
  private static int advertiseWindow(final Tcb t) {
    final long room = Math.max(t.receiveBuffer.window(), diff(t.rcvAdvertisedEdge, t.rcvNxt));
    final long scaled = Math.min(65_535, (room + (1L << t.rcvWscale) - 1) >> t.rcvWscale);
    t.rcvAdvertisedEdge = t.rcvNxt + (int) (scaled << t.rcvWscale);
    return (int) scaled;
  }
}
