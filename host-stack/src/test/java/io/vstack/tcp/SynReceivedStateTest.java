package io.vstack.tcp;

import static io.vstack.tcp.ScriptedPeer.LOCAL;
import static io.vstack.tcp.ScriptedPeer.LOCAL_PORT;
import static io.vstack.tcp.ScriptedPeer.PEER_ISS;
import static io.vstack.tcp.ScriptedPeer.SECOND;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** SYN-RECEIVED after a passive open. */
class SynReceivedStateTest {
  private final ScriptedPeer peer = new ScriptedPeer(ScriptedPeer.config());
  private int listener;
  private int iss;

  @BeforeEach
  void receiveSyn() {
    listener = peer.engine.listen(LOCAL, LOCAL_PORT, 4);
    peer.deliver(peer.syn(false, true, 7));
    iss = peer.last().seq();
    peer.sent.clear();
  }

  @Test
  void shouldRepeatSynAckWhenPeerRepeatsItsSyn() {
    peer.deliver(peer.syn(false, true, 7));
    assertThat(peer.last().flags()).isEqualTo(TcpFlags.SYN | TcpFlags.ACK);
    assertThat(peer.last().seq()).isEqualTo(iss);
  }

  @Test
  void shouldRetransmitSynAckWhenItsTimerExpires() {
    peer.advance(SECOND + ScriptedPeer.MS * 10);
    assertThat(peer.last().flags()).isEqualTo(TcpFlags.SYN | TcpFlags.ACK);
    assertThat(peer.engine.counters().retransmittedSegments).isEqualTo(1);
  }

  @Test
  void shouldSendRstWhenAckIsUnacceptable() {
    peer.deliver(peer.segment(TcpFlags.ACK, PEER_ISS + 1, iss + 1000));
    assertThat(peer.last().flags()).isEqualTo(TcpFlags.RST);
    assertThat(peer.last().seq()).isEqualTo(iss + 1000);
    assertThat(peer.engine.accept(listener)).isEqualTo(-1);
  }

  @Test
  void shouldForgetEmbryonicConnectionWhenRstArrives() {
    peer.deliver(peer.segment(TcpFlags.RST, PEER_ISS + 1, 0));
    assertThat(peer.engine.connections()).isZero();
    assertThat(peer.engine.accept(listener)).isEqualTo(-1);
    assertThat(peer.events).isEmpty();
  }

  @Test
  void shouldQueueForAcceptAndDeliverDataWhenAckCarriesData() {
    final SegmentInfo ack = peer.segment(TcpFlags.ACK, PEER_ISS + 1, iss + 1);
    peer.withPayload(ack, new byte[] {1, 2, 3});
    peer.deliver(ack);
    assertThat(peer.events).contains("acceptable " + listener);
    final int id = peer.engine.accept(listener);
    assertThat(peer.engine.state(id)).isEqualTo(TcpState.ESTABLISHED);
    assertThat(peer.engine.readable(id)).isEqualTo(3);
  }
}
