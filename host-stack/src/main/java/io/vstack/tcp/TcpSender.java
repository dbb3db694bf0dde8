package io.vstack.tcp;

import static io.vstack.tcp.SeqNumber.diff;
import static io.vstack.tcp.SeqNumber.gt;
import static io.vstack.tcp.SeqNumber.lt;
import static io.vstack.tcp.Tcb.NONE;

/**
 * The sending half of the engine: decides what a connection may send now and sends it. New data is
 * limited by the peer's window, the congestion window, sender silly-window avoidance and Nagle;
 * during loss recovery, holes reported by SACK are resent first within the RFC 6675 pipe, or one
 * segment per partial ACK without SACK (RFC 6582). Every segment leaves through the {@link
 * SegmentWriter}; the retransmission and persist deadlines it implies are set here and armed via
 * {@link ConnectionTimers}.
 */
final class TcpSender {
  private final TcpConfig config;
  private final TcpCounters counters;
  private final SegmentWriter writer;
  private final SegmentInfo out;
  private final ConnectionTimers timers;

  TcpSender(
      final TcpConfig config,
      final TcpCounters counters,
      final SegmentWriter writer,
      final ConnectionTimers timers) {
    this.config = config;
    this.counters = counters;
    this.writer = writer;
    this.out = writer.segment();
    this.timers = timers;
  }

  /** Sends what the windows allow, then a pending ACK if nothing else carried it; arms timers. */
  void transmit(final Tcb t, final long now) {
    if (sendsData(t.state)) {
      sendSegments(t, now);
    }
    if (t.ackNow || (t.delayedAckDeadline != NONE && now - t.delayedAckDeadline >= 0)) {
      if (t.state != TcpState.CLOSED && t.state != TcpState.SYN_SENT) {
        writer.prepare(t, t.sndNxt, TcpFlags.ACK, now);
        writer.emit(t);
      }
    }
    if (t.sndMax != t.sndUna && t.rtoDeadline == NONE) {
      t.rtoDeadline = now + t.rtt.rtoNanos();
    }
    if (t.sndWnd == 0
        && t.sndMax == t.sndUna
        && diff(t.dataEnd(), t.sndNxt) > 0
        && t.persistDeadline == NONE) {
      t.persistDeadline = now + persistInterval(t);
    }
    timers.rearm(t);
  }

  private void sendSegments(final Tcb t, final long now) {
    while (true) {
      if (t.inRecovery && t.sackEnabled && sendNextHole(t, now)) {
        continue;
      }
      final int unsent = diff(t.dataEnd(), t.sndNxt);
      if (unsent > 0) {
        // NewReno inflation in recovery without SACK; RFC 3042 limited transmit before it (one
        // new segment per early duplicate ACK keeps the ACK clock going on small windows).
        final long inflation =
            (t.inRecovery && !t.sackEnabled) || (!t.inRecovery && t.dupAcks < 3)
                ? (long) t.dupAcks * t.sndMss
                : 0;
        final long inFlight = t.inRecovery ? pipe(t) : diff(t.sndNxt, t.sndUna);
        final long cwndRoom = t.cc.cwnd() + inflation - inFlight;
        final long peerRoom = t.sndWnd - diff(t.sndNxt, t.sndUna);
        final int length = (int) Math.min(Math.min(unsent, t.sndMss), Math.min(cwndRoom, peerRoom));
        if (length <= 0) {
          return;
        }
        if (length < t.sndMss && length < unsent && length < t.maxSndWnd / 2) {
          // Sender SWS avoidance (RFC 9293 3.8.6.2.1): wait for a worthwhile window.
          return;
        }
        if (length < t.sndMss
            && length == unsent
            && config.nagle()
            && !t.noDelay
            && !t.finQueued
            && t.sndNxt != t.sndUna) {
          // Nagle: one small segment in flight at a time.
          return;
        }
        final boolean fin = t.finQueued && t.sndNxt + length == t.finSeq;
        sendData(t, t.sndNxt, length, fin, now);
        t.sndNxt += length + (fin ? 1 : 0);
        t.sndMax = SeqNumber.max(t.sndMax, t.sndNxt);
        continue;
      }
      if (t.finQueued && t.sndNxt == t.finSeq) {
        sendData(t, t.sndNxt, 0, true, now);
        t.sndNxt++;
        t.sndMax = SeqNumber.max(t.sndMax, t.sndNxt);
      }
      return;
    }
  }

  /** RFC 6675 NextSeg rule 1 (simplified): resend the first hole below the highest SACK. */
  private boolean sendNextHole(final Tcb t, final long now) {
    final int highest = t.scoreboard.highestSacked(t.sndUna);
    final int hole = t.scoreboard.nextHole(SeqNumber.max(t.highRxt, t.sndUna));
    if (!lt(hole, highest) || pipe(t) + t.sndMss > t.cc.cwnd()) {
      return false;
    }
    final int holeEnd = t.scoreboard.nextSackedAfter(hole, highest);
    // A forged SACK may reach past our data (up to the FIN); never describe bytes we do not hold.
    final int length = Math.min(Math.min(t.sndMss, diff(holeEnd, hole)), diff(t.dataEnd(), hole));
    if (length <= 0) {
      return false;
    }
    retransmitRange(t, hole, length, now);
    t.highRxt = hole + length;
    return true;
  }

  /**
   * RFC 6675 pipe: bytes in flight minus SACKed bytes minus holes below the highest SACK that were
   * not yet retransmitted (presumed lost).
   */
  private static long pipe(final Tcb t) {
    final long flight = Math.max(0, diff(t.sndNxt, t.sndUna));
    if (!t.sackEnabled) {
      return flight;
    }
    final long lost = t.scoreboard.holeBytesFrom(SeqNumber.max(t.highRxt, t.sndUna));
    return Math.max(0, flight - t.scoreboard.sackedBytes() - lost);
  }

  /** Resends one segment starting at {@code seq} (fast retransmit, partial ACK). */
  void retransmit(final Tcb t, final int seq, final long now) {
    final int available = diff(t.dataEnd(), seq);
    retransmitRange(t, seq, Math.min(t.sndMss, Math.max(0, available)), now);
    t.highRxt = SeqNumber.max(t.highRxt, seq + Math.min(t.sndMss, Math.max(0, available)));
  }

  private void retransmitRange(final Tcb t, final int seq, final int length, final long now) {
    final boolean fin = t.finQueued && seq + length == t.finSeq && gt(t.sndMax, t.finSeq);
    if (length == 0 && !fin) {
      return;
    }
    sendData(t, seq, length, fin, now);
  }

  private void sendData(
      final Tcb t, final int seq, final int length, final boolean fin, final long now) {
    final boolean retransmission = lt(seq, t.sndMax);
    int flags = TcpFlags.ACK | (fin ? TcpFlags.FIN : 0);
    if (length > 0 && seq + length == t.dataEnd()) {
      flags |= TcpFlags.PSH;
    }
    if (t.cwrPending && length > 0 && !retransmission) {
      flags |= TcpFlags.CWR;
      t.cwrPending = false;
    }
    writer.prepare(t, seq, flags, now);
    if (length > 0) {
      t.sendBuffer.describe(out, diff(seq, t.sndUna), length);
      if (t.ecnEnabled && !retransmission) {
        // RFC 3168 6.1.5: retransmissions and pure ACKs are not ECN-capable.
        out.ecn = SegmentInfo.ECN_ECT0;
      }
    }
    if (retransmission) {
      counters.retransmittedSegments++;
      t.rttTiming = false;
    } else if (!t.tsEnabled && !t.rttTiming && length > 0) {
      t.rttTiming = true;
      t.rttSeq = seq;
      t.rttStartNanos = now;
    }
    writer.emit(t);
  }

  /** Sends our SYN (SYN-SENT) or SYN,ACK (SYN-RECEIVED) with the options we offer or accepted. */
  void sendSyn(final Tcb t, final long now) {
    final boolean active = t.state == TcpState.SYN_SENT;
    int flags = TcpFlags.SYN;
    if (!active) {
      flags |= TcpFlags.ACK;
    }
    if (active && config.ecn()) {
      flags |= TcpFlags.ECE | TcpFlags.CWR;
    } else if (!active && t.ecnEnabled) {
      flags |= TcpFlags.ECE;
    }
    writer.prepare(t, t.iss, flags, now);
    out.window = Math.min(t.receiveBuffer.window(), 65_535);
    t.rcvAdvertisedEdge = t.rcvNxt + out.window;
    out.mss = config.mss();
    final boolean timestamps = active ? config.timestamps() : t.tsEnabled;
    if (timestamps) {
      out.hasTimestamp = true;
      out.tsVal = SegmentWriter.tsNow(t, now);
      out.tsEcr = active ? 0 : t.tsRecent;
    } else {
      out.hasTimestamp = false;
    }
    out.windowScale = (active ? config.windowScaling() : t.wsEnabled) ? t.rcvWscale : -1;
    out.sackPermitted = active ? config.sack() : t.sackEnabled;
    out.sackCount = 0;
    if (t.sndMax != t.iss) {
      counters.retransmittedSegments++;
      t.rttTiming = false;
    } else if (!timestamps) {
      t.rttTiming = true;
      t.rttSeq = t.iss;
      t.rttStartNanos = now;
    }
    t.sndNxt = t.iss + 1;
    t.sndMax = t.iss + 1;
    if (t.rtoDeadline == NONE) {
      t.rtoDeadline = now + t.rtt.rtoNanos();
    }
    writer.emit(t);
  }

  long persistInterval(final Tcb t) {
    final long base = Math.max(t.rtt.rtoNanos(), config.minRtoNanos());
    return Math.min(config.maxRtoNanos(), base << Math.min(t.persistBackoff, 20));
  }

  private static boolean sendsData(final TcpState state) {
    return state == TcpState.ESTABLISHED
        || state == TcpState.CLOSE_WAIT
        || state == TcpState.FIN_WAIT_1
        || state == TcpState.CLOSING
        || state == TcpState.LAST_ACK;
  }

  /** A segment one below SND.UNA: outside the peer's window, so it must answer with an ACK. */
  void sendProbe(final Tcb t, final long now) {
    writer.prepare(t, t.sndUna - 1, TcpFlags.ACK, now);
    writer.emit(t);
  }
}
