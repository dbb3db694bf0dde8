package io.vstack.tcp;

import static io.vstack.tcp.ScriptedPeer.LOCAL;
import static io.vstack.tcp.ScriptedPeer.LOCAL_PORT;
import static io.vstack.tcp.ScriptedPeer.PEER_ISS;
import static io.vstack.tcp.ScriptedPeer.REMOTE;
import static io.vstack.tcp.ScriptedPeer.REMOTE_PORT;
import static io.vstack.tcp.ScriptedPeer.SECOND;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** SYN-SENT (RFC 9293 3.10.7.3) and simultaneous open. */
class SynSentStateTest {
  private final ScriptedPeer peer = new ScriptedPeer(ScriptedPeer.config().timestamps(true));

  private int connect() {
    return peer.engine.connect(LOCAL, LOCAL_PORT, REMOTE, REMOTE_PORT, peer.now);
  }

  @Test
  void shouldSendSynWithAllOptionsWhenConnecting() {
    final int id = connect();
    final Captured syn = peer.last();
    assertThat(peer.engine.state(id)).isEqualTo(TcpState.SYN_SENT);
    assertThat(syn.flags()).isEqualTo(TcpFlags.SYN);
    assertThat(syn.mss()).isEqualTo(1460);
    assertThat(syn.windowScale()).isEqualTo(1);
    assertThat(syn.sackPermitted()).isTrue();
    assertThat(syn.hasTimestamp()).isTrue();
    assertThat(syn.tsEcr()).isZero();
  }

  @Test
  void shouldEstablishAndAckWhenSynAckAcknowledgesOurSyn() {
    final int id = connect();
    final int iss = peer.last().seq();
    final SegmentInfo synAck = peer.segment(TcpFlags.SYN | TcpFlags.ACK, PEER_ISS, iss + 1);
    synAck.mss = 1200;
    synAck.hasTimestamp = true;
    synAck.tsVal = 777;
    synAck.tsEcr = peer.last().tsVal();
    peer.deliver(synAck);
    assertThat(peer.engine.state(id)).isEqualTo(TcpState.ESTABLISHED);
    assertThat(peer.events).contains("connected " + id);
    final Captured ack = peer.last();
    assertThat(ack.flags()).isEqualTo(TcpFlags.ACK);
    assertThat(ack.seq()).isEqualTo(iss + 1);
    assertThat(ack.ack()).isEqualTo(PEER_ISS + 1);
    assertThat(ack.tsEcr()).isEqualTo(777);
    assertThat(peer.engine.sendMss(id)).as("peer MSS minus timestamp option").isEqualTo(1188);
  }

  @Test
  void shouldSendRstAndStayWhenSynAckAcknowledgesWrongSequence() {
    final int id = connect();
    final int iss = peer.last().seq();
    peer.deliver(peer.segment(TcpFlags.SYN | TcpFlags.ACK, PEER_ISS, iss + 5));
    assertThat(peer.last().flags()).isEqualTo(TcpFlags.RST);
    assertThat(peer.last().seq()).isEqualTo(iss + 5);
    assertThat(peer.engine.state(id)).isEqualTo(TcpState.SYN_SENT);
  }

  @Test
  void shouldCloseAsRefusedWhenRstAcknowledgesOurSyn() {
    final int id = connect();
    final int iss = peer.last().seq();
    peer.deliver(peer.segment(TcpFlags.RST | TcpFlags.ACK, 0, iss + 1));
    assertThat(peer.engine.state(id)).isEqualTo(TcpState.CLOSED);
    assertThat(peer.engine.closeReason(id)).isEqualTo(TcpEngine.CLOSE_REFUSED);
  }

  @Test
  void shouldIgnoreRstWhenItDoesNotAcknowledgeOurSyn() {
    final int id = connect();
    peer.deliver(peer.segment(TcpFlags.RST, 0, 0));
    assertThat(peer.engine.state(id)).isEqualTo(TcpState.SYN_SENT);
  }

  @Test
  void shouldRetransmitSynWithDoublingTimeoutThenGiveUpWhenUnanswered() {
    final ScriptedPeer quiet = new ScriptedPeer(ScriptedPeer.config().synRetries(3));
    final int id = quiet.engine.connect(LOCAL, LOCAL_PORT, REMOTE, REMOTE_PORT, quiet.now);
    quiet.drain();
    // RFC 6298: 1 s initial RTO, doubled on every expiry.
    for (final long gap : new long[] {SECOND, 2 * SECOND, 4 * SECOND}) {
      quiet.advance(gap - ScriptedPeer.MS * 5);
      assertThat(quiet.sent).as("not before %d ms", gap / ScriptedPeer.MS).isEmpty();
      quiet.advance(ScriptedPeer.MS * 10);
      assertThat(quiet.drain()).singleElement().matches(c -> c.flags() == TcpFlags.SYN);
      // The next timeout counts from this retransmission, which happened at quiet.now.
    }
    quiet.advance(8 * SECOND);
    assertThat(quiet.engine.state(id)).isEqualTo(TcpState.CLOSED);
    assertThat(quiet.engine.closeReason(id)).isEqualTo(TcpEngine.CLOSE_TIMEOUT);
  }

  @Test
  void shouldMoveToSynReceivedAndAnswerSynAckWhenSynsCross() {
    final int id = connect();
    final int iss = peer.last().seq();
    final SegmentInfo crossing = peer.syn(true, true, 7);
    peer.deliver(crossing);
    assertThat(peer.engine.state(id)).isEqualTo(TcpState.SYN_RECEIVED);
    final Captured synAck = peer.last();
    assertThat(synAck.flags()).isEqualTo(TcpFlags.SYN | TcpFlags.ACK);
    assertThat(synAck.seq()).as("same ISN again").isEqualTo(iss);
    assertThat(synAck.ack()).isEqualTo(PEER_ISS + 1);
    // The peer's own SYN,ACK (it is in SYN-RECEIVED too) completes the open on our side.
    final SegmentInfo peerSynAck = peer.segment(TcpFlags.ACK, PEER_ISS + 1, iss + 1);
    peer.deliver(peerSynAck);
    assertThat(peer.engine.state(id)).isEqualTo(TcpState.ESTABLISHED);
    assertThat(peer.events).contains("connected " + id);
  }

  @Test
  void shouldSendQueuedDataThenFinWhenOutputWasShutDownDuringHandshake() {
    final int id = connect();
    final int iss = peer.last().seq();
    assertThat(peer.write(id, 300)).isEqualTo(300);
    peer.engine.shutdownOutput(id, peer.now);
    assertThat(peer.engine.state(id)).isEqualTo(TcpState.SYN_SENT);
    peer.sent.clear();
    peer.deliver(peer.segment(TcpFlags.SYN | TcpFlags.ACK, PEER_ISS, iss + 1));
    assertThat(peer.engine.state(id)).isEqualTo(TcpState.FIN_WAIT_1);
    final Captured data = peer.last();
    assertThat(data.seq()).isEqualTo(iss + 1);
    assertThat(data.length()).isEqualTo(300);
    assertThat(data.has(TcpFlags.FIN)).as("FIN rides on the last data").isTrue();
  }

  @Test
  void shouldForgetConnectionWhenClosedBeforeHandshakeWithNothingWritten() {
    final int id = connect();
    peer.engine.close(id, peer.now);
    assertThat(peer.engine.connections()).isZero();
  }
}
