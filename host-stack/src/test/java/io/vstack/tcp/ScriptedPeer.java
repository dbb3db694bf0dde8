package io.vstack.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Drives one {@link TcpEngine} from the point of view of a scripted remote peer: the test crafts
 * each incoming segment and inspects every emitted one. Time is a field advanced by the test.
 */
final class ScriptedPeer {
  static final int LOCAL = 0x0A00_0001;
  static final int REMOTE = 0x0A00_0002;
  static final int LOCAL_PORT = 80;
  static final int REMOTE_PORT = 40_000;
  static final long MS = 1_000_000L;
  static final long SECOND = 1_000_000_000L;
  static final int PEER_MSS = 1000;
  static final int PEER_ISS = 0xFFFF_FF00; // close to the wrap on purpose

  final TcpEngine engine;
  final List<Captured> sent = new ArrayList<>();
  final List<String> events = new ArrayList<>();
  long now = 1_000 * SECOND;

  /** Peer's send sequence (what it will send next) and what it acknowledges of us. */
  int peerNxt = PEER_ISS;

  int engineIss;
  int listenerId = -1;

  ScriptedPeer(final TcpConfig config) {
    final TcpHandler handler =
        new TcpHandler() {
          @Override
          public void onAcceptable(final int listenerId) {
            events.add("acceptable " + listenerId);
          }

          @Override
          public void onConnected(final int id) {
            events.add("connected " + id);
          }

          @Override
          public void onReadable(final int id) {
            events.add("readable " + id);
          }

          @Override
          public void onWritable(final int id) {
            events.add("writable " + id);
          }

          @Override
          public void onClosed(final int id, final int reason) {
            events.add("closed " + id + " " + reason);
          }
        };
    this.engine = new TcpEngine(config.secret(1, 2), s -> sent.add(Captured.of(s)), handler, now);
  }

  /** A config with the defaults the conformance tests assume (timestamps off unless asked). */
  static TcpConfig config() {
    return new TcpConfig()
        .maxConnections(16)
        .sendBufferSize(64 * 1024)
        .receiveBufferSize(64 * 1024)
        .timestamps(false)
        .nagle(false);
  }

  /** A fresh incoming segment addressed from the peer to the engine. */
  SegmentInfo segment(final int flags, final int seq, final int ack) {
    final SegmentInfo s = new SegmentInfo().reset();
    s.sourceAddress = REMOTE;
    s.destinationAddress = LOCAL;
    s.sourcePort = REMOTE_PORT;
    s.destinationPort = LOCAL_PORT;
    s.flags = flags;
    s.seq = seq;
    s.ack = ack;
    s.window = 65_535;
    return s;
  }

  SegmentInfo withPayload(final SegmentInfo s, final byte[] data) {
    return s.payload(new UnsafeBuffer(data), 0, data.length);
  }

  void deliver(final SegmentInfo s) {
    engine.onSegment(s, now);
  }

  void advance(final long nanos) {
    now += nanos;
    engine.poll(now);
  }

  Captured last() {
    assertThat(sent).as("engine sent nothing").isNotEmpty();
    return sent.getLast();
  }

  /** Returns and forgets everything sent so far. */
  List<Captured> drain() {
    final List<Captured> copy = new ArrayList<>(sent);
    sent.clear();
    return copy;
  }

  /** A SYN as Linux would send it, options chosen by the test. */
  SegmentInfo syn(final boolean timestamps, final boolean sack, final int windowScale) {
    final SegmentInfo s = segment(TcpFlags.SYN, PEER_ISS, 0);
    s.mss = PEER_MSS;
    s.windowScale = windowScale;
    s.sackPermitted = sack;
    if (timestamps) {
      s.hasTimestamp = true;
      s.tsVal = 5000;
    }
    return s;
  }

  /** Passive open completed by the peer; returns the accepted connection id. */
  int establishPassive() {
    listenerId = engine.listen(LOCAL, LOCAL_PORT, 8);
    deliver(syn(false, true, 7));
    final Captured synAck = last();
    assertThat(synAck.has(TcpFlags.SYN | TcpFlags.ACK)).as("SYN,ACK").isTrue();
    engineIss = synAck.seq();
    peerNxt = PEER_ISS + 1;
    deliver(segment(TcpFlags.ACK, peerNxt, engineIss + 1));
    final int id = engine.accept(listenerId);
    assertThat(id).isNotNegative();
    assertThat(engine.state(id)).isEqualTo(TcpState.ESTABLISHED);
    sent.clear();
    return id;
  }

  /** Active open completed by the peer; returns the connection id. */
  int establishActive() {
    final int id = engine.connect(LOCAL, LOCAL_PORT, REMOTE, REMOTE_PORT, now);
    final Captured syn = last();
    engineIss = syn.seq();
    final SegmentInfo synAck = segment(TcpFlags.SYN | TcpFlags.ACK, PEER_ISS, engineIss + 1);
    synAck.mss = PEER_MSS;
    synAck.windowScale = 7;
    synAck.sackPermitted = true;
    deliver(synAck);
    peerNxt = PEER_ISS + 1;
    assertThat(engine.state(id)).isEqualTo(TcpState.ESTABLISHED);
    sent.clear();
    return id;
  }

  /** Peer data segment at its current sequence, acknowledging {@code ack}; advances peerNxt. */
  SegmentInfo data(final int ack, final int length) {
    final byte[] bytes = new byte[length];
    for (int i = 0; i < length; i++) {
      bytes[i] = (byte) (peerNxt + i);
    }
    final SegmentInfo s = withPayload(segment(TcpFlags.ACK | TcpFlags.PSH, peerNxt, ack), bytes);
    peerNxt += length;
    return s;
  }

  /** Writes {@code length} patterned bytes through the API. */
  int write(final int id, final int length) {
    final byte[] bytes = new byte[length];
    for (int i = 0; i < length; i++) {
      bytes[i] = (byte) i;
    }
    return engine.write(id, new UnsafeBuffer(bytes), 0, length, now);
  }

  /** Reads everything available; returns the count (or EOF). */
  int read(final int id) {
    final UnsafeBuffer sink = new UnsafeBuffer(new byte[1 << 20]);
    return engine.read(id, sink, 0, sink.capacity(), now);
  }
}
