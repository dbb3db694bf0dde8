package io.vstack.tcp;

import static io.vstack.tcp.SeqNumber.diff;
import static io.vstack.tcp.SeqNumber.ge;
import static io.vstack.tcp.SeqNumber.gt;
import static io.vstack.tcp.SeqNumber.le;
import static io.vstack.tcp.SeqNumber.lt;
import static io.vstack.tcp.Tcb.NONE;

import io.vstack.tcp.cc.CongestionControlAlgorithm;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.collections.Int2ObjectHashMap;

/**
 * A TCP endpoint engine (RFC 9293 with RFC 5681, 5961, 6298, 6528, 6582, 6675, 7323, 2018, 3168,
 * 8257): the state machine, timers, loss recovery and congestion control for many connections,
 * driven by three inputs and producing segments through a {@link SegmentSink}.
 *
 * <ul>
 *   <li>{@link #onSegment}: a received segment (already parsed and checksum-verified);
 *   <li>{@link #poll}: time passes (timers);
 *   <li>the application API: {@link #listen}, {@link #accept}, {@link #connect}, {@link #write},
 *       {@link #read}, {@link #shutdownOutput}, {@link #close}, {@link #abort}, with readiness
 *       reported through {@link TcpHandler} or by polling {@link #readable}/{@link #writable}.
 * </ul>
 *
 * <p>Single-threaded: one owner thread calls everything, with its own clock reading passed in as
 * {@code nowNanos} (tests inject time). Connection state lives in pooled {@link Tcb}s found by a
 * {@link ConnectionTable}; established data and ACK handling allocate nothing.
 */
public final class TcpEngine {
  /** Closed after both FINs were exchanged. */
  public static final int CLOSE_NORMAL = 1;

  /** The peer reset the connection. */
  public static final int CLOSE_RESET = 2;

  /** Retransmissions or keepalive probes went unanswered. */
  public static final int CLOSE_TIMEOUT = 3;

  /** The peer refused an active open (RST in SYN-SENT). */
  public static final int CLOSE_REFUSED = 4;

  /** The application aborted the connection. */
  public static final int CLOSE_ABORTED = 5;

  /** {@link #read} result at end of stream. */
  public static final int EOF = -1;

  /** Result of API calls on a connection in the wrong state. */
  public static final int ERROR = -2;

  private static final long TWENTY_FOUR_DAYS_NANOS = 24L * 24 * 3600 * 1_000_000_000L;
  private static final int DEFAULT_MSS = 536;
  private static final int TIMESTAMP_OPTION_BYTES = 12;
  private static final int MAX_WINDOW_SHIFT = 14;

  private final TcpConfig config;
  private final TcpHandler handler;
  private final TcpCounters counters = new TcpCounters();
  private final Tcb[] tcbs;
  private final int[] freeIds;
  private int freeCount;
  private final ConnectionTable table;
  private final IsnGenerator isnGenerator;
  private final ConnectionTimers timers;
  private final ChallengeAckLimiter challengeAcks;
  private final Int2ObjectHashMap<Listener> listenersByPort = new Int2ObjectHashMap<>();
  private final Int2ObjectHashMap<Listener> listenersById = new Int2ObjectHashMap<>();
  private final SegmentWriter writer;
  private final TcpSender sender;
  private final int ourWindowShift;
  private final boolean dctcpEcho;
  private int nextListenerId;

  /**
   * @param config validated with {@link TcpConfig#conclude()} here
   * @param sink receives every segment the engine emits
   * @param handler readiness callbacks
   * @param nowNanos the clock's current reading
   */
  public TcpEngine(
      final TcpConfig config,
      final SegmentSink sink,
      final TcpHandler handler,
      final long nowNanos) {
    this.config = config.conclude();
    this.handler = handler;
    final int max = config.maxConnections();
    this.tcbs = new Tcb[max];
    this.freeIds = new int[max];
    for (int i = 0; i < max; i++) {
      freeIds[i] = max - 1 - i;
    }
    this.freeCount = max;
    this.table = new ConnectionTable(max, config.secret1(), config.secret0());
    this.isnGenerator = new IsnGenerator(config.secret0(), config.secret1());
    this.timers = new ConnectionTimers(tcbs, this::onTimer, nowNanos);
    this.writer =
        new SegmentWriter(
            sink, counters, config.congestionControl() == CongestionControlAlgorithm.DCTCP);
    this.sender = new TcpSender(this.config, counters, writer, timers);
    this.challengeAcks =
        new ChallengeAckLimiter(config.challengeAckLimit(), config.secret0(), nowNanos);
    int shift = 0;
    while (shift < MAX_WINDOW_SHIFT && (config.receiveBufferSize() >> shift) > 65_535) {
      shift++;
    }
    this.ourWindowShift = config.windowScaling() ? shift : 0;
    this.dctcpEcho = config.congestionControl() == CongestionControlAlgorithm.DCTCP;
  }

  /** Event counters (dropped segments by reason, retransmissions, challenge ACKs...). */
  public TcpCounters counters() {
    return counters;
  }

  // ---------------------------------------------------------------------------------------------
  // Application API
  // ---------------------------------------------------------------------------------------------

  /**
   * Opens a listener on {@code port} ({@code address} 0 for any local address).
   *
   * @param backlog bound of both the SYN backlog and the accept queue
   * @return the listener id.
   */
  public int listen(final int address, final int port, final int backlog) {
    if (port <= 0 || port > 0xFFFF || backlog < 1) {
      throw new IllegalArgumentException("port must be 1..65535 and backlog positive");
    }
    if (listenersByPort.containsKey(port)) {
      throw new IllegalArgumentException("port " + port + " already has a listener");
    }
    final Listener listener = new Listener(nextListenerId++, address, port, backlog, tcbs);
    listenersByPort.put(port, listener);
    listenersById.put(listener.id, listener);
    return listener.id;
  }

  /** Takes the oldest established connection of a listener, or -1 when none waits. */
  public int accept(final int listenerId) {
    final Listener listener = listenersById.get(listenerId);
    if (listener == null) {
      return -1;
    }
    final int id = listener.acceptQueue.poll();
    if (id >= 0) {
      tcbs[id].accepted = true;
    }
    return id;
  }

  /**
   * Starts an active open (sends a SYN).
   *
   * @return the connection id, or -1 when the 4-tuple is in use or no connection slot is free.
   */
  public int connect(
      final int localAddress,
      final int localPort,
      final int remoteAddress,
      final int remotePort,
      final long nowNanos) {
    if (table.get(localAddress, localPort, remoteAddress, remotePort) != ConnectionTable.MISSING) {
      return -1;
    }
    final Tcb t = allocate(localAddress, localPort, remoteAddress, remotePort, nowNanos);
    if (t == null) {
      return -1;
    }
    t.state = TcpState.SYN_SENT;
    t.accepted = true;
    t.rcvWscale = ourWindowShift;
    sender.sendSyn(t, nowNanos);
    timers.rearm(t);
    return t.id;
  }

  /**
   * Queues application data for sending.
   *
   * @return bytes taken (0 when the send buffer is full), or {@link #ERROR} when the connection can
   *     no longer send.
   */
  public int write(
      final int id, final DirectBuffer src, final int offset, final int length, final long now) {
    final Tcb t = tcb(id);
    if (t == null || t.finQueued || !canWrite(t.state)) {
      return ERROR;
    }
    final int taken = t.sendBuffer.write(src, offset, length);
    if (taken > 0) {
      sender.transmit(t, now);
    }
    return taken;
  }

  /**
   * Reads received in-order data.
   *
   * @return bytes read, 0 when nothing is available yet, {@link #EOF} after the peer's FIN (or a
   *     reset) once all data was read.
   */
  public int read(
      final int id,
      final MutableDirectBuffer dst,
      final int offset,
      final int length,
      final long now) {
    final Tcb t = tcb(id);
    if (t == null) {
      return ERROR;
    }
    final int count = t.receiveBuffer.read(dst, offset, length);
    if (count == 0) {
      return t.peerFinReceived || t.state == TcpState.CLOSED ? EOF : 0;
    }
    if (t.state.receivesData() && windowGrowth(t) >= windowUpdateThreshold(t)) {
      // Receiver SWS avoidance (RFC 9293 3.8.6.2.2): announce only a worthwhile opening.
      t.ackNow = true;
      sender.transmit(t, now);
    }
    return count;
  }

  /** Half-close: sends FIN after the queued data; reading stays possible. */
  public void shutdownOutput(final int id, final long now) {
    final Tcb t = tcb(id);
    if (t == null || t.finQueued) {
      return;
    }
    switch (t.state) {
      case SYN_SENT, SYN_RECEIVED -> {
        // RFC 9293 3.10.4: queue the FIN behind the handshake (and any data already written).
        t.finQueued = true;
        t.finSeq = t.dataEnd();
      }
      case ESTABLISHED -> queueFin(t, TcpState.FIN_WAIT_1, now);
      case CLOSE_WAIT -> queueFin(t, TcpState.LAST_ACK, now);
      default -> {}
    }
  }

  /**
   * Closes the connection and releases the id. Unread received data makes it an abort (RST), as RFC
   * 2525 and Linux do; otherwise a FIN follows the queued data and the engine finishes the close
   * (FIN-WAIT, TIME-WAIT) on its own.
   */
  public void close(final int id, final long now) {
    final Tcb t = tcb(id);
    if (t == null || t.released) {
      return;
    }
    t.released = true;
    if (t.state == TcpState.CLOSED) {
      free(t);
      return;
    }
    if (t.receiveBuffer.readable() > 0) {
      abort(id, now);
      return;
    }
    if (t.state == TcpState.SYN_SENT && t.sendBuffer.used() == 0) {
      // Nothing to deliver yet: RFC 9293 deletes the TCB.
      closeConnection(t, CLOSE_NORMAL);
      return;
    }
    shutdownOutput(id, now);
    if (t.state == TcpState.FIN_WAIT_2) {
      t.stateDeadline = now + config.finWait2TimeoutNanos();
      timers.rearm(t);
    }
  }

  /** Resets the connection (RST) and releases nothing; {@link #close} still frees the id. */
  public void abort(final int id, final long now) {
    final Tcb t = tcb(id);
    if (t == null || t.state == TcpState.CLOSED) {
      return;
    }
    if (t.state != TcpState.SYN_SENT && t.state != TcpState.TIME_WAIT) {
      writer.prepare(t, t.sndNxt, TcpFlags.RST | TcpFlags.ACK, now);
      writer.emit(t);
      counters.resetsSent++;
    }
    closeConnection(t, CLOSE_ABORTED);
  }

  /** Disables (true) or enables Nagle's algorithm for one connection (TCP_NODELAY). */
  public void noDelay(final int id, final boolean noDelay) {
    final Tcb t = tcb(id);
    if (t != null) {
      t.noDelay = noDelay;
    }
  }

  /** Current state, {@link TcpState#CLOSED} for unknown ids. */
  public TcpState state(final int id) {
    final Tcb t = tcb(id);
    return t == null ? TcpState.CLOSED : t.state;
  }

  /** In-order bytes waiting to be read. */
  public int readable(final int id) {
    final Tcb t = tcb(id);
    return t == null ? 0 : t.receiveBuffer.readable();
  }

  /** Bytes {@link #write} would take now. */
  public int writable(final int id) {
    final Tcb t = tcb(id);
    return t == null || t.finQueued || !canWrite(t.state) ? 0 : t.sendBuffer.free();
  }

  /** Bytes written and not yet acknowledged by the peer. */
  public int unacknowledged(final int id) {
    final Tcb t = tcb(id);
    return t == null ? 0 : t.sendBuffer.used();
  }

  /** Why the connection closed ({@code CLOSE_*}), 0 while open. */
  public int closeReason(final int id) {
    final Tcb t = tcb(id);
    return t == null ? 0 : t.closeReason;
  }

  /** Connections in use (including TIME-WAIT and closed ones not yet released). */
  public int connections() {
    return tcbs.length - freeCount;
  }

  // ---------------------------------------------------------------------------------------------
  // Introspection for tests and the glue (cheap, no allocation).
  // ---------------------------------------------------------------------------------------------

  /** Congestion window of a connection in bytes. */
  public long cwnd(final int id) {
    return tcbs[id].cc.cwnd();
  }

  /** Slow-start threshold of a connection in bytes. */
  public long ssthresh(final int id) {
    return tcbs[id].cc.ssthresh();
  }

  /** Current retransmission timeout of a connection. */
  public long rtoNanos(final int id) {
    return tcbs[id].rtt.rtoNanos();
  }

  /** Smoothed RTT of a connection, 0 before the first sample. */
  public long srttNanos(final int id) {
    return tcbs[id].rtt.srttNanos();
  }

  /** True while the connection is in fast recovery. */
  public boolean inRecovery(final int id) {
    return tcbs[id].inRecovery;
  }

  /** The sender MSS negotiated for a connection (payload bytes per full segment). */
  public int sendMss(final int id) {
    return tcbs[id].sndMss;
  }

  /** The congestion controller of a connection (for tests and statistics). */
  public io.vstack.tcp.cc.CongestionControl congestionControl(final int id) {
    return tcbs[id].cc;
  }

  /** RCV.NXT of a connection: the next sequence number it expects from the peer. */
  public int rcvNxt(final int id) {
    return tcbs[id].rcvNxt;
  }

  /** Bytes the peer SACKed above SND.UNA. */
  public long sackedBytes(final int id) {
    return tcbs[id].scoreboard.sackedBytes();
  }

  /** The connection id for a 4-tuple seen from this end, or -1. */
  public int lookup(
      final int localAddress, final int localPort, final int remoteAddress, final int remotePort) {
    return table.get(localAddress, localPort, remoteAddress, remotePort);
  }

  /** The TCB for an application-supplied id, or null when the id is out of range or unused. */
  private Tcb tcb(final int id) {
    return id >= 0 && id < tcbs.length ? tcbs[id] : null;
  }

  // ---------------------------------------------------------------------------------------------
  // Moving a connection to another engine (lanes: its flow's indirection entry moved)
  // ---------------------------------------------------------------------------------------------

  /**
   * A connection taken out of an engine by {@link #detach}, with everything it owns: its TCB (state
   * and sequence space, send and receive buffers with their off-heap memory, SACK scoreboard, RTT
   * estimator, congestion control, timer deadlines) and, for a connection the application has not
   * accepted yet, which listener queue it waited in. Ownership moves with it: the detaching engine
   * keeps no reference (the pool slot it leaves gets a new TCB when next used), so exactly one
   * engine owns the TCB at any time. Pass it to the importing engine's thread through something
   * that orders memory (a concurrent queue, a ring sequence) and {@link #attach} it there before
   * that engine sees the connection's next segment.
   */
  public static final class Detached {
    private final Tcb tcb;
    private final boolean queued;
    private final boolean embryonic;

    private Detached(final Tcb tcb, final boolean queued, final boolean embryonic) {
      this.tcb = tcb;
      this.queued = queued;
      this.embryonic = embryonic;
    }

    public int localAddress() {
      return tcb.localAddress;
    }

    public int localPort() {
      return tcb.localPort;
    }

    public int remoteAddress() {
      return tcb.remoteAddress;
    }

    public int remotePort() {
      return tcb.remotePort;
    }

    public TcpState state() {
      return tcb.state;
    }
  }

  /** The local address of a connection, 0 for unknown ids. */
  public int localAddress(final int id) {
    final Tcb t = tcb(id);
    return t == null ? 0 : t.localAddress;
  }

  /** The local port of a connection, 0 for unknown ids. */
  public int localPort(final int id) {
    final Tcb t = tcb(id);
    return t == null ? 0 : t.localPort;
  }

  /** The remote address of a connection, 0 for unknown ids. */
  public int remoteAddress(final int id) {
    final Tcb t = tcb(id);
    return t == null ? 0 : t.remoteAddress;
  }

  /** The remote port of a connection, 0 for unknown ids. */
  public int remotePort(final int id) {
    final Tcb t = tcb(id);
    return t == null ? 0 : t.remotePort;
  }

  /** One past the largest connection id (the pool size): ids are {@code 0..capacity()-1}. */
  public int capacity() {
    return tcbs.length;
  }

  /**
   * True when segments of the connection are still looked up here (it is in the connection table:
   * from SYN to the end of TIME-WAIT), so it is what {@link #detach} moves.
   */
  public boolean isLive(final int id) {
    final Tcb t = tcb(id);
    return t != null && t.inTable;
  }

  /**
   * Takes a live connection out of this engine (table entry, timers, listener queue) for {@link
   * #attach} to another engine of the same {@link TcpConfig}. Its id here becomes invalid (and is
   * reused): the application must forget it. Allocates (a control-path operation).
   *
   * @return the connection, or null when {@code id} is not {@link #isLive live}
   */
  public Detached detach(final int id) {
    final Tcb t = tcb(id);
    if (t == null || !t.inTable) {
      return null;
    }
    table.remove(t.localAddress, t.localPort, t.remoteAddress, t.remotePort);
    t.inTable = false;
    timers.disarm(t);
    boolean queued = false;
    final boolean embryonic = t.state == TcpState.SYN_RECEIVED;
    if (!t.accepted && t.listener >= 0) {
      final Listener listener = listenersById.get(t.listener);
      if (listener != null) {
        (embryonic ? listener.synBacklog : listener.acceptQueue).remove(t);
        queued = true;
      }
    }
    tcbs[id] = null;
    freeIds[freeCount++] = id;
    counters.connectionsDetached++;
    return new Detached(t, queued, embryonic);
  }

  /**
   * Makes a connection {@link #detach detached} from another engine this engine's own: it gets an
   * id here, its table entry and its timers (at their deadlines: engines share the clock), and, if
   * the application had not accepted it yet, a place in the queue of this engine's listener on its
   * port, to be {@link #accept accepted} here. The TCB replaces the pooled one of the id it gets.
   *
   * @return the connection's id in this engine, or -1 when no id is free, the 4-tuple is in use
   *     here, or it waited for a listener this engine does not have: then it was reset (counted in
   *     {@link TcpCounters#connectionsNotAttached})
   */
  public int attach(final Detached connection, final long now) {
    final Tcb t = connection.tcb;
    if (freeCount == 0
        || table.get(t.localAddress, t.localPort, t.remoteAddress, t.remotePort) >= 0) {
      counters.connectionsNotAttached++;
      return -1;
    }
    final int id = freeIds[--freeCount];
    t.id = id;
    tcbs[id] = t;
    t.prev = -1;
    t.next = -1;
    t.timerId = -1;
    t.armedDeadline = NONE;
    table.put(t.localAddress, t.localPort, t.remoteAddress, t.remotePort, id);
    t.inTable = true;
    if (t.listener >= 0) {
      final Listener listener = listenersByPort.get(t.localPort);
      t.listener = listener != null && listener.matches(t.localAddress) ? listener.id : -1;
      if (connection.queued) {
        if (t.listener < 0) {
          writer.prepare(t, t.sndNxt, TcpFlags.RST | TcpFlags.ACK, now);
          writer.emit(t);
          counters.resetsSent++;
          counters.connectionsNotAttached++;
          closeConnection(t, CLOSE_ABORTED);
          return -1;
        }
        (connection.embryonic ? listener.synBacklog : listener.acceptQueue).add(t);
      }
    }
    timers.rearm(t);
    counters.connectionsAttached++;
    return id;
  }

  // ---------------------------------------------------------------------------------------------
  // Input
  // ---------------------------------------------------------------------------------------------

  /** Processes one received segment. */
  public void onSegment(final SegmentInfo seg, final long now) {
    counters.segmentsReceived++;
    final int id =
        table.get(seg.destinationAddress, seg.destinationPort, seg.sourceAddress, seg.sourcePort);
    if (id == ConnectionTable.MISSING) {
      final Listener listener = listenersByPort.get(seg.destinationPort);
      if (listener != null && listener.matches(seg.destinationAddress)) {
        onListen(listener, seg, now);
      } else {
        counters.noConnectionDrops++;
        resetUnknown(seg);
      }
      return;
    }
    final Tcb t = tcb(id);
    if (t.state == TcpState.SYN_SENT) {
      onSynSent(t, seg, now);
    } else {
      onSynchronized(t, seg, now);
    }
    if (t.state != TcpState.CLOSED) {
      sender.transmit(t, now);
    }
  }

  /** RFC 9293 3.10.7.1: a segment for no connection gets a RST unless it is one. */
  private void resetUnknown(final SegmentInfo seg) {
    if ((seg.flags & TcpFlags.RST) == 0) {
      counters.resetsSent++;
      writer.resetFor(seg);
    }
  }

  /** RFC 9293 3.10.7.2: LISTEN. */
  private void onListen(final Listener listener, final SegmentInfo seg, final long now) {
    final int flags = seg.flags;
    if ((flags & TcpFlags.RST) != 0) {
      return;
    }
    if ((flags & TcpFlags.ACK) != 0) {
      resetUnknown(seg);
      return;
    }
    if ((flags & TcpFlags.SYN) == 0) {
      return;
    }
    if (listener.acceptQueue.size() >= listener.backlog) {
      counters.acceptQueueDrops++;
      return;
    }
    if (listener.synBacklog.size() >= listener.backlog || freeCount == 0) {
      final int oldest = listener.synBacklog.peek();
      if (oldest < 0) {
        counters.acceptQueueDrops++;
        return;
      }
      counters.synBacklogEvictions++;
      closeConnection(tcbs[oldest], CLOSE_RESET);
    }
    final Tcb t =
        allocate(
            seg.destinationAddress, seg.destinationPort, seg.sourceAddress, seg.sourcePort, now);
    t.state = TcpState.SYN_RECEIVED;
    t.listener = listener.id;
    listener.synBacklog.add(t);
    t.irs = seg.seq;
    t.rcvNxt = seg.seq + 1;
    t.rcvWscale = ourWindowShift;
    negotiate(t, seg, now);
    t.ecnEnabled = config.ecn() && TcpFlags.has(flags, TcpFlags.ECE | TcpFlags.CWR);
    t.sndWnd = seg.window;
    t.maxSndWnd = t.sndWnd;
    t.sndWl1 = seg.seq;
    sender.sendSyn(t, now);
    timers.rearm(t);
  }

  /** RFC 9293 3.10.7.3: SYN-SENT. */
  private void onSynSent(final Tcb t, final SegmentInfo seg, final long now) {
    final int flags = seg.flags;
    final boolean hasAck = (flags & TcpFlags.ACK) != 0;
    if (hasAck && (le(seg.ack, t.iss) || gt(seg.ack, t.sndMax))) {
      if ((flags & TcpFlags.RST) == 0) {
        resetUnknown(seg);
      }
      return;
    }
    if ((flags & TcpFlags.RST) != 0) {
      // RFC 5961 3.2: in SYN-SENT a RST is believed only when it acknowledges our SYN.
      if (hasAck) {
        counters.resetsReceived++;
        closeConnection(t, CLOSE_REFUSED);
      }
      return;
    }
    if ((flags & TcpFlags.SYN) == 0) {
      return;
    }
    t.irs = seg.seq;
    t.rcvNxt = seg.seq + 1;
    negotiate(t, seg, now);
    t.sndWnd = seg.window;
    t.maxSndWnd = t.sndWnd;
    t.sndWl1 = seg.seq;
    t.sndWl2 = seg.ack;
    if (hasAck) {
      t.ecnEnabled = config.ecn() && (flags & TcpFlags.ECE) != 0 && (flags & TcpFlags.CWR) == 0;
      acknowledgeSyn(t, seg, now);
      t.state = t.finQueued ? TcpState.FIN_WAIT_1 : TcpState.ESTABLISHED;
      t.ackNow = true;
      handler.onConnected(t.id);
    } else {
      // Simultaneous open (RFC 9293 figure 7): answer with SYN,ACK and wait for its ACK.
      t.ecnEnabled = config.ecn() && TcpFlags.has(flags, TcpFlags.ECE | TcpFlags.CWR);
      t.state = TcpState.SYN_RECEIVED;
      sender.sendSyn(t, now);
    }
  }

  /** SND.UNA moves past our SYN: take the RTT sample, stop the SYN timer. */
  private void acknowledgeSyn(final Tcb t, final SegmentInfo seg, final long now) {
    sampleRtt(t, seg, seg.ack, now);
    t.sndUna = seg.ack;
    t.sndNxt = SeqNumber.max(t.sndNxt, t.sndUna);
    t.recover = t.sndUna;
    t.ecnRecover = t.sndUna;
    t.highRxt = t.sndUna;
    t.retries = 0;
    t.rtt.clearBackoff();
    t.rtoDeadline = t.sndUna == t.sndMax ? NONE : now + t.rtt.rtoNanos();
    t.keepaliveDeadline = config.keepalive() ? now + config.keepaliveIdleNanos() : NONE;
  }

  /** Option negotiation on a received SYN or SYN,ACK (RFC 9293 3.7.1, RFC 7323, RFC 2018). */
  private void negotiate(final Tcb t, final SegmentInfo seg, final long now) {
    final boolean offered = t.state == TcpState.SYN_RECEIVED || t.state == TcpState.SYN_SENT;
    t.tsEnabled = offered && config.timestamps() && seg.hasTimestamp;
    if (t.tsEnabled) {
      t.tsRecent = seg.tsVal;
      t.tsRecentNanos = now;
    }
    t.wsEnabled = config.windowScaling() && seg.windowScale >= 0;
    t.sndWscale = t.wsEnabled ? Math.min(seg.windowScale, MAX_WINDOW_SHIFT) : 0;
    t.rcvWscale = t.wsEnabled ? ourWindowShift : 0;
    t.sackEnabled = config.sack() && seg.sackPermitted;
    final int peerMss = seg.mss > 0 ? seg.mss : DEFAULT_MSS;
    t.sndMss = Math.min(peerMss, config.mss()) - (t.tsEnabled ? TIMESTAMP_OPTION_BYTES : 0);
    t.cc.reset(t.sndMss, now);
  }

  /** RFC 9293 3.10.7.4: every state after SYN-SENT. */
  private void onSynchronized(final Tcb t, final SegmentInfo seg, final long now) {
    final int flags = seg.flags;
    final int segLen = seg.segmentLength();
    if (t.state == TcpState.TIME_WAIT && (flags & TcpFlags.RST) != 0) {
      // RFC 1337 (TIME-WAIT assassination, fix TWA): a peer that already closed answers our
      // re-ACK of its retransmitted FIN or data with a RST whose sequence number is exactly
      // RCV.NXT; believing it would end TIME-WAIT early. Ignored silently (a challenge ACK would
      // only draw another RST), as FreeBSD does.
      counters.timeWaitResetsIgnored++;
      return;
    }
    if (t.state == TcpState.SYN_RECEIVED
        && (flags & (TcpFlags.SYN | TcpFlags.ACK | TcpFlags.RST)) == TcpFlags.SYN
        && seg.seq == t.irs) {
      // The peer did not get our SYN,ACK and repeats its SYN.
      sender.sendSyn(t, now);
      return;
    }
    if (pawsRejects(t, seg, now)) {
      counters.pawsDrops++;
      if ((flags & TcpFlags.RST) == 0) {
        t.ackNow = true;
      }
      return;
    }
    final int rcvWnd = Math.max(0, diff(t.rcvAdvertisedEdge, t.rcvNxt));
    if (!acceptableSequence(t, seg.seq, segLen, rcvWnd)) {
      counters.outOfWindowDrops++;
      if ((flags & TcpFlags.RST) == 0) {
        t.ackNow = true;
      }
      if (t.state == TcpState.TIME_WAIT && (flags & TcpFlags.FIN) != 0) {
        // RFC 9293 3.10.7.4: a retransmitted FIN restarts the 2 MSL wait.
        t.stateDeadline = now + config.timeWaitNanos();
      }
      if (isRecentOldAck(t, seg)) {
        processOldAck(t, seg, now);
      }
      return;
    }
    if (t.keepaliveDeadline != NONE) {
      // Only acceptable segments prove the peer alive; forged ones must not keep us idle-blind.
      t.keepaliveDeadline = now + config.keepaliveIdleNanos();
      t.keepaliveProbesSent = 0;
    }
    if ((flags & TcpFlags.RST) != 0) {
      onReset(t, seg, now);
      return;
    }
    if ((flags & TcpFlags.SYN) != 0) {
      // RFC 5961 4.2: any SYN on a synchronized connection is answered with a challenge ACK.
      challengeAck(t, now);
      return;
    }
    if ((flags & TcpFlags.ACK) == 0) {
      return;
    }
    if (t.state == TcpState.SYN_RECEIVED && !establishFromSynReceived(t, seg, now)) {
      return;
    }
    if (gt(seg.ack, t.sndMax) || lt(seg.ack, t.sndUna - (int) Math.min(t.maxSndWnd, 1L << 30))) {
      // RFC 5961 5.2: an ACK for data never sent, or far too old, is answered, not believed.
      counters.badAckDrops++;
      challengeAck(t, now);
      return;
    }
    if (t.tsEnabled
        && seg.hasTimestamp
        && ge(seg.tsVal, t.tsRecent)
        && le(seg.seq, t.lastAckSent)) {
      t.tsRecent = seg.tsVal;
      t.tsRecentNanos = now;
    }
    if (!processAck(t, seg, now)) {
      return;
    }
    if (t.ecnEnabled) {
      receiveEcn(t, seg);
    }
    if (seg.payloadLength() > 0 && !receiveData(t, seg, now)) {
      return;
    }
    if ((flags & TcpFlags.FIN) != 0) {
      receiveFin(t, seg.seq + seg.payloadLength(), now);
    }
  }

  private boolean pawsRejects(final Tcb t, final SegmentInfo seg, final long now) {
    if (!t.tsEnabled || !seg.hasTimestamp || (seg.flags & TcpFlags.RST) != 0) {
      return false;
    }
    if (ge(seg.tsVal, t.tsRecent)) {
      return false;
    }
    if (now - t.tsRecentNanos > TWENTY_FOUR_DAYS_NANOS) {
      // RFC 7323 5.5: after 24 idle days TS.Recent is too old to compare against.
      t.tsRecent = seg.tsVal;
      return false;
    }
    return true;
  }

  /** RFC 9293 3.10.7.4 "first check sequence number", with the zero-window ACK allowance. */
  private static boolean acceptableSequence(
      final Tcb t, final int seq, final int segLen, final int rcvWnd) {
    if (rcvWnd == 0) {
      // Nothing fits, but ACKs (and probes at RCV.NXT) must still be processed.
      return seq == t.rcvNxt;
    }
    if (segLen == 0) {
      return SeqNumber.inWindow(seq, t.rcvNxt, rcvWnd);
    }
    return SeqNumber.inWindow(seq, t.rcvNxt, rcvWnd)
        || SeqNumber.inWindow(seq + segLen - 1, t.rcvNxt, rcvWnd);
  }

  /**
   * An ACK-bearing segment (no RST, no SYN) lying wholly before RCV.NXT, but by no more than the
   * largest window we can advertise: what a peer sends after a retransmission timeout rewound its
   * SND.NXT below data we already hold (its pure ACKs carry SND.NXT, RFC 9293 3.10.7.4). Its data
   * is old, yet its acknowledgment is news. A peer cannot have more unacknowledged data in flight
   * than our receive buffer, so older sequence numbers are not from it.
   */
  private static boolean isRecentOldAck(final Tcb t, final SegmentInfo seg) {
    if ((seg.flags & (TcpFlags.RST | TcpFlags.SYN | TcpFlags.ACK)) != TcpFlags.ACK
        || !t.state.synchronizedState()) {
      return false;
    }
    final int behind = diff(t.rcvNxt, seg.seq + seg.segmentLength());
    return behind >= 0 && behind <= t.receiveBuffer.capacity();
  }

  /**
   * The ACK field of an old segment (see {@link #isRecentOldAck}). RFC 9293 3.10.7.4 answers an
   * unacceptable segment with an ACK and drops its text, and asks for "special allowance ... to
   * accept valid ACKs" (as BSD's "drop any data, but keep on processing for RST or ACK"): without
   * it, two stacks whose timeouts both rewound SND.NXT drop each other's ACKs forever. The ACK
   * still has to pass RFC 5961 5.2, and SND.WL1 keeps its old sequence number from changing the
   * send window.
   */
  private void processOldAck(final Tcb t, final SegmentInfo seg, final long now) {
    if (gt(seg.ack, t.sndMax) || lt(seg.ack, t.sndUna - (int) Math.min(t.maxSndWnd, 1L << 30))) {
      return;
    }
    counters.oldSegmentAcksProcessed++;
    processAck(t, seg, now);
  }

  /** RFC 5961 3.2: only an exact RCV.NXT match resets; other in-window RSTs are challenged. */
  private void onReset(final Tcb t, final SegmentInfo seg, final long now) {
    if (seg.seq != t.rcvNxt) {
      challengeAck(t, now);
      return;
    }
    counters.resetsReceived++;
    if (t.state == TcpState.SYN_RECEIVED && t.listener >= 0) {
      // Passive open: silently back to LISTEN (the embryonic connection disappears).
      closeConnection(t, CLOSE_RESET);
    } else if (t.state == TcpState.SYN_RECEIVED) {
      closeConnection(t, CLOSE_REFUSED);
    } else {
      closeConnection(t, CLOSE_RESET);
    }
  }

  /** SYN-RECEIVED + acceptable ACK = ESTABLISHED; an unacceptable one gets a RST. */
  private boolean establishFromSynReceived(final Tcb t, final SegmentInfo seg, final long now) {
    if (!gt(seg.ack, t.sndUna) || gt(seg.ack, t.sndMax)) {
      writer.prepare(t, seg.ack, TcpFlags.RST, now);
      writer.emit(t);
      counters.resetsSent++;
      return false;
    }
    t.state = t.finQueued ? TcpState.FIN_WAIT_1 : TcpState.ESTABLISHED;
    t.sndWnd = (long) seg.window << t.sndWscale;
    t.maxSndWnd = t.sndWnd;
    t.sndWl1 = seg.seq;
    t.sndWl2 = seg.ack;
    acknowledgeSyn(t, seg, now);
    if (t.listener >= 0) {
      final Listener listener = listenersById.get(t.listener);
      listener.synBacklog.remove(t);
      listener.acceptQueue.add(t);
      handler.onAcceptable(listener.id);
    } else {
      handler.onConnected(t.id);
    }
    return true;
  }

  /**
   * ACK processing for synchronized states: new data acknowledged, duplicate ACKs, SACK, window
   * update and the FIN-acknowledged transitions.
   *
   * @return false when the connection closed (LAST-ACK done).
   */
  private boolean processAck(final Tcb t, final SegmentInfo seg, final long now) {
    final int ack = seg.ack;
    final long window = (long) seg.window << t.sndWscale;
    if (t.sackEnabled) {
      for (int i = 0; i < seg.sackCount; i++) {
        t.scoreboard.add(seg.sackStarts[i], seg.sackEnds[i], t.sndUna, t.sndMax);
      }
    }
    final boolean ece = t.ecnEnabled && (seg.flags & TcpFlags.ECE) != 0;
    if (ece) {
      counters.ecnEchoReceived++;
    }
    if (gt(ack, t.sndUna)) {
      onNewAck(t, seg, ack, ece, now);
    } else if (ack == t.sndUna
        && seg.payloadLength() == 0
        && (seg.flags & (TcpFlags.SYN | TcpFlags.FIN)) == 0
        && window == t.sndWnd
        && t.sndMax != t.sndUna) {
      onDuplicateAck(t, now);
    }
    if (lt(t.sndWl1, seg.seq) || (t.sndWl1 == seg.seq && le(t.sndWl2, ack))) {
      t.sndWnd = window;
      t.maxSndWnd = Math.max(t.maxSndWnd, window);
      t.sndWl1 = seg.seq;
      t.sndWl2 = ack;
      if (window > 0) {
        t.persistDeadline = NONE;
        t.persistBackoff = 0;
      }
    }
    if (t.finQueued && gt(t.sndUna, t.finSeq)) {
      switch (t.state) {
        case FIN_WAIT_1 -> {
          t.state = TcpState.FIN_WAIT_2;
          if (t.released) {
            t.stateDeadline = now + config.finWait2TimeoutNanos();
          }
        }
        case CLOSING -> enterTimeWait(t, now);
        case LAST_ACK -> {
          closeConnection(t, CLOSE_NORMAL);
          return false;
        }
        default -> {}
      }
    }
    return true;
  }

  private void onNewAck(
      final Tcb t, final SegmentInfo seg, final int ack, final boolean ece, final long now) {
    final int acked = diff(ack, t.sndUna);
    final int dataBefore = t.sendBuffer.used();
    final int dataAcked = Math.min(acked, dataBefore);
    final long flightBefore = Math.max(0, diff(t.sndNxt, t.sndUna));
    sampleRtt(t, seg, ack, now);
    t.sendBuffer.release(dataAcked);
    t.sndUna = ack;
    if (lt(t.sndNxt, ack)) {
      t.sndNxt = ack;
    }
    t.scoreboard.ackedUpTo(ack);
    t.retries = 0;
    t.rtt.clearBackoff();
    if (t.ecnEnabled) {
      t.cc.onAckEcn(dataAcked, ece, t.sndUna, t.sndNxt);
      if (ece && gt(t.sndUna, t.ecnRecover) && !t.inRecovery) {
        // RFC 3168 6.1.2: react to ECN-Echo at most once per window of data.
        t.cc.onEcnEcho(flightBefore, now);
        t.ecnRecover = t.sndMax;
        t.cwrPending = true;
      }
    }
    if (t.inRecovery) {
      if (ge(ack, t.recover)) {
        t.inRecovery = false;
        t.cc.onRecoveryExit(now);
      } else if (!t.sackEnabled || t.scoreboard.blocks() == 0) {
        // RFC 6582 partial ACK: the next hole starts at the new SND.UNA; resend it now. With
        // SACK blocks above it, the scoreboard drives retransmission instead (sendNextHole).
        sender.retransmit(t, t.sndUna, now);
      }
    } else if (!ece) {
      t.cc.onAck(dataAcked, flightBefore, t.rtt.srttNanos(), now);
    }
    t.dupAcks = 0;
    t.rtoDeadline = t.sndUna == t.sndMax ? NONE : now + t.rtt.rtoNanos();
    if (dataAcked > 0 && !t.finQueued && canWrite(t.state)) {
      handler.onWritable(t.id);
    }
  }

  private void onDuplicateAck(final Tcb t, final long now) {
    t.dupAcks++;
    if (t.inRecovery) {
      return;
    }
    final boolean sackLoss = t.sackEnabled && t.scoreboard.sackedBytes() >= 3L * t.sndMss;
    // RFC 6582 step 1: no new recovery for losses from before the previous one ended.
    if ((t.dupAcks >= 3 || sackLoss) && ge(t.sndUna, t.recover)) {
      t.inRecovery = true;
      t.recover = t.sndMax;
      t.cc.onFastRecovery(Math.max(0, diff(t.sndNxt, t.sndUna)), now);
      counters.fastRetransmits++;
      sender.retransmit(t, t.sndUna, now);
    }
  }

  /** RTT from the timestamp echo when present (RFC 7323 4.1), else Karn-filtered timing. */
  private void sampleRtt(final Tcb t, final SegmentInfo seg, final int ack, final long now) {
    if (t.tsEnabled && seg.hasTimestamp && seg.tsEcr != 0) {
      final int elapsedMs = SegmentWriter.tsNow(t, now) - seg.tsEcr;
      if (elapsedMs >= 0) {
        t.rtt.sample(elapsedMs * 1_000_000L);
      }
      return;
    }
    if (t.rttTiming && gt(ack, t.rttSeq)) {
      t.rtt.sample(now - t.rttStartNanos);
      t.rttTiming = false;
    }
  }

  /** ECN receiver side: RFC 3168 latch until CWR, or DCTCP's exact per-segment echo. */
  private void receiveEcn(final Tcb t, final SegmentInfo seg) {
    final boolean ce = seg.ecn == SegmentInfo.ECN_CE;
    if (dctcpEcho) {
      if (ce != t.lastSegmentCe) {
        // RFC 8257 3.2: a change in CE state is acknowledged at once so marks stay exact.
        t.ackNow = true;
      }
      t.lastSegmentCe = ce;
      return;
    }
    if ((seg.flags & TcpFlags.CWR) != 0) {
      t.ecnEchoLatched = false;
    }
    if (ce) {
      t.ecnEchoLatched = true;
      t.ackNow = true;
    }
  }

  /**
   * Stores payload in the receive buffer.
   *
   * @return false when the connection was reset because the application already closed it.
   */
  private boolean receiveData(final Tcb t, final SegmentInfo seg, final long now) {
    if (!t.state.receivesData()) {
      return true;
    }
    if (t.released) {
      // Nobody will read it (RFC 9293 3.10.7.4 / Linux): reset instead of acknowledging.
      abort(t.id, now);
      return false;
    }
    int offset = diff(seg.seq, t.rcvNxt);
    int from = 0;
    int length = seg.payloadLength();
    if (offset < 0) {
      from = -offset;
      length += offset;
      offset = 0;
    }
    length = Math.min(length, t.receiveBuffer.window() - offset);
    if (length <= 0) {
      t.ackNow = true;
      return true;
    }
    final boolean hadHoles = t.receiveBuffer.outOfOrderRanges() > 0;
    final int advanced = t.receiveBuffer.store(offset, seg, from, length);
    if (advanced < 0) {
      counters.reassemblyDrops++;
      t.ackNow = true;
      return true;
    }
    if (advanced == 0) {
      // Out of order: a duplicate ACK with SACK now, so the sender's fast retransmit can work.
      t.ackNow = true;
      return true;
    }
    t.rcvNxt += advanced;
    t.bytesSinceAck += advanced;
    if (hadHoles || t.bytesSinceAck >= 2 * t.sndMss) {
      t.ackNow = true;
    } else if (t.delayedAckDeadline == NONE) {
      t.delayedAckDeadline = now + config.delayedAckNanos();
    }
    if (t.peerFinPending && t.rcvNxt == t.peerFinSeq) {
      t.peerFinPending = false;
      acceptFin(t, now);
    }
    handler.onReadable(t.id);
    return true;
  }

  private void receiveFin(final Tcb t, final int finSeq, final long now) {
    switch (t.state) {
      case ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2 -> {
        if (finSeq == t.rcvNxt) {
          acceptFin(t, now);
          handler.onReadable(t.id);
        } else if (gt(finSeq, t.rcvNxt)) {
          t.peerFinPending = true;
          t.peerFinSeq = finSeq;
        }
      }
      case TIME_WAIT -> {
        t.ackNow = true;
        t.stateDeadline = now + config.timeWaitNanos();
      }
      default -> t.ackNow = true;
    }
  }

  private void acceptFin(final Tcb t, final long now) {
    t.rcvNxt++;
    t.peerFinReceived = true;
    t.ackNow = true;
    switch (t.state) {
      case ESTABLISHED -> t.state = TcpState.CLOSE_WAIT;
      case FIN_WAIT_1 -> {
        if (t.finAcked()) {
          enterTimeWait(t, now);
        } else {
          t.state = TcpState.CLOSING;
        }
      }
      case FIN_WAIT_2 -> enterTimeWait(t, now);
      default -> {}
    }
  }

  private void enterTimeWait(final Tcb t, final long now) {
    t.state = TcpState.TIME_WAIT;
    t.rtoDeadline = NONE;
    t.persistDeadline = NONE;
    t.keepaliveDeadline = NONE;
    t.stateDeadline = now + config.timeWaitNanos();
    notifyClosed(t, CLOSE_NORMAL);
  }

  // ---------------------------------------------------------------------------------------------
  // Output
  // ---------------------------------------------------------------------------------------------

  /** Sends a challenge ACK unless the engine-wide limit of RFC 5961 section 7 is spent. */
  private void challengeAck(final Tcb t, final long now) {
    if (!challengeAcks.tryAcquire(now)) {
      counters.challengeAcksSuppressed++;
      return;
    }
    counters.challengeAcksSent++;
    writer.prepare(t, t.sndNxt, TcpFlags.ACK, now);
    writer.emit(t);
  }

  private void queueFin(final Tcb t, final TcpState next, final long now) {
    t.finQueued = true;
    t.finSeq = t.dataEnd();
    t.state = next;
    sender.transmit(t, now);
  }

  private int windowGrowth(final Tcb t) {
    return diff(t.rcvNxt + t.receiveBuffer.window(), t.rcvAdvertisedEdge);
  }

  private int windowUpdateThreshold(final Tcb t) {
    return Math.min(t.receiveBuffer.capacity() / 2, t.sndMss);
  }

  private static boolean canWrite(final TcpState state) {
    return state == TcpState.SYN_SENT
        || state == TcpState.SYN_RECEIVED
        || state == TcpState.ESTABLISHED
        || state == TcpState.CLOSE_WAIT;
  }

  // ---------------------------------------------------------------------------------------------
  // Timers
  // ---------------------------------------------------------------------------------------------

  /**
   * Advances time: fires due retransmission, delayed-ACK, persist, keepalive and TIME-WAIT timers.
   *
   * @return timers that expired.
   */
  public int poll(final long nowNanos) {
    return timers.poll(nowNanos);
  }

  private void onTimer(final Tcb t, final long now) {
    if (due(t.stateDeadline, now)) {
      t.stateDeadline = NONE;
      closeConnection(t, t.state == TcpState.TIME_WAIT ? CLOSE_NORMAL : CLOSE_TIMEOUT);
      return;
    }
    if (due(t.rtoDeadline, now)) {
      t.rtoDeadline = NONE;
      if (!onRetransmitTimeout(t, now)) {
        return;
      }
    }
    if (due(t.persistDeadline, now)) {
      t.persistDeadline = NONE;
      onPersist(t, now);
    }
    if (due(t.keepaliveDeadline, now)) {
      t.keepaliveDeadline = NONE;
      if (!onKeepalive(t, now)) {
        return;
      }
    }
    sender.transmit(t, now);
  }

  private static boolean due(final long deadline, final long now) {
    return deadline != NONE && now - deadline >= 0;
  }

  /**
   * RFC 6298 5.4-5.7 and RFC 5681 3.1: back off, shrink cwnd to one segment, go back to SND.UNA.
   *
   * @return false when the connection gave up.
   */
  private boolean onRetransmitTimeout(final Tcb t, final long now) {
    if (t.sndMax == t.sndUna) {
      return true;
    }
    t.retries++;
    counters.retransmitTimeouts++;
    final boolean handshake = t.state == TcpState.SYN_SENT || t.state == TcpState.SYN_RECEIVED;
    if (t.retries > (handshake ? config.synRetries() : config.dataRetries())) {
      if (!handshake) {
        writer.prepare(t, t.sndNxt, TcpFlags.RST | TcpFlags.ACK, now);
        writer.emit(t);
        counters.resetsSent++;
      }
      closeConnection(t, CLOSE_TIMEOUT);
      return false;
    }
    t.rtt.backOff();
    t.rttTiming = false;
    if (handshake) {
      sender.sendSyn(t, now);
      return true;
    }
    t.cc.onRetransmitTimeout(Math.max(0, diff(t.sndNxt, t.sndUna)), now);
    t.inRecovery = false;
    t.recover = t.sndMax;
    t.dupAcks = 0;
    t.scoreboard.clear();
    t.sndNxt = t.sndUna;
    t.highRxt = t.sndUna;
    return true;
  }

  /** Zero-window probe: an old-sequence ACK that makes the peer announce its window. */
  private void onPersist(final Tcb t, final long now) {
    if (t.sndWnd > 0 || diff(t.dataEnd(), t.sndNxt) <= 0) {
      t.persistBackoff = 0;
      return;
    }
    counters.zeroWindowProbes++;
    sender.sendProbe(t, now);
    t.persistBackoff++;
    t.persistDeadline = now + sender.persistInterval(t);
  }

  /**
   * @return false when the peer failed to answer every probe and the connection was reset.
   */
  private boolean onKeepalive(final Tcb t, final long now) {
    if (t.keepaliveProbesSent >= config.keepaliveProbes()) {
      counters.keepaliveTimeouts++;
      writer.prepare(t, t.sndNxt, TcpFlags.RST | TcpFlags.ACK, now);
      writer.emit(t);
      counters.resetsSent++;
      closeConnection(t, CLOSE_TIMEOUT);
      return false;
    }
    if (t.state == TcpState.ESTABLISHED || t.state == TcpState.CLOSE_WAIT) {
      t.keepaliveProbesSent++;
      sender.sendProbe(t, now);
    }
    t.keepaliveDeadline = now + config.keepaliveIntervalNanos();
    return true;
  }

  // ---------------------------------------------------------------------------------------------
  // Connection lifecycle
  // ---------------------------------------------------------------------------------------------

  private Tcb allocate(
      final int localAddress,
      final int localPort,
      final int remoteAddress,
      final int remotePort,
      final long now) {
    if (freeCount == 0) {
      return null;
    }
    final int id = freeIds[--freeCount];
    Tcb t = tcbs[id];
    if (t == null) {
      // First use of this slot: the only allocation a connection ever causes.
      t = new Tcb(id, config);
      tcbs[id] = t;
    }
    t.reset();
    t.localAddress = localAddress;
    t.localPort = localPort;
    t.remoteAddress = remoteAddress;
    t.remotePort = remotePort;
    t.iss = isnGenerator.isn(localAddress, localPort, remoteAddress, remotePort, now);
    t.sndUna = t.iss;
    t.sndNxt = t.iss;
    t.sndMax = t.iss;
    t.recover = t.iss;
    t.ecnRecover = t.iss;
    t.highRxt = t.iss;
    // RFC 7323 5.4: a per-connection random timestamp offset, derived like the ISN.
    t.tsOffset = isnGenerator.isn(remoteAddress, remotePort, localAddress, localPort, 0);
    t.cc.reset(t.sndMss, now);
    table.put(localAddress, localPort, remoteAddress, remotePort, id);
    t.inTable = true;
    return t;
  }

  /** Moves a connection to CLOSED: out of the table and queues, timers off, app told. */
  private void closeConnection(final Tcb t, final int reason) {
    final boolean embryonic = t.state == TcpState.SYN_RECEIVED;
    t.state = TcpState.CLOSED;
    if (t.inTable) {
      table.remove(t.localAddress, t.localPort, t.remoteAddress, t.remotePort);
      t.inTable = false;
    }
    timers.disarm(t);
    if (!t.accepted) {
      final Listener listener = listenersById.get(t.listener);
      if (listener != null) {
        (embryonic ? listener.synBacklog : listener.acceptQueue).remove(t);
      }
      // Never seen by the application: nobody will close it, so free it now.
      free(t);
      return;
    }
    notifyClosed(t, reason);
    if (t.released) {
      free(t);
    }
  }

  private void notifyClosed(final Tcb t, final int reason) {
    if (t.closeReason == 0) {
      t.closeReason = reason;
      if (!t.released) {
        handler.onClosed(t.id, reason);
      }
    }
  }

  private void free(final Tcb t) {
    if (t.inTable) {
      table.remove(t.localAddress, t.localPort, t.remoteAddress, t.remotePort);
      t.inTable = false;
    }
    timers.disarm(t);
    t.state = TcpState.CLOSED;
    t.released = true;
    freeIds[freeCount++] = t.id;
  }
}
