package io.vstack.tcp;

import static io.vstack.tcp.ScriptedPeer.LOCAL;
import static io.vstack.tcp.ScriptedPeer.LOCAL_PORT;
import static io.vstack.tcp.ScriptedPeer.PEER_ISS;
import static io.vstack.tcp.ScriptedPeer.REMOTE;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** LISTEN and CLOSED (no connection) behaviour, ISNs and SYN-flood protection. */
class ListenStateTest {
  private final ScriptedPeer peer = new ScriptedPeer(ScriptedPeer.config().timestamps(true));

  @Test
  void shouldAnswerSynWithSynAckCarryingNegotiatedOptionsWhenListening() {
    peer.engine.listen(LOCAL, LOCAL_PORT, 4);
    peer.deliver(peer.syn(true, true, 7));
    final Captured synAck = peer.last();
    assertThat(synAck.flags()).isEqualTo(TcpFlags.SYN | TcpFlags.ACK);
    assertThat(synAck.ack()).isEqualTo(PEER_ISS + 1);
    assertThat(synAck.mss()).isEqualTo(1460);
    assertThat(synAck.windowScale()).as("64 KiB buffer needs shift 1").isEqualTo(1);
    assertThat(synAck.sackPermitted()).isTrue();
    assertThat(synAck.hasTimestamp()).isTrue();
    assertThat(synAck.tsEcr()).as("echoes the SYN's TSval").isEqualTo(5000);
    assertThat(synAck.window()).isEqualTo(65_535);
  }

  @Test
  void shouldOmitOptionsInSynAckWhenSynDidNotOfferThem() {
    peer.engine.listen(LOCAL, LOCAL_PORT, 4);
    peer.deliver(peer.syn(false, false, -1));
    final Captured synAck = peer.last();
    assertThat(synAck.windowScale()).isEqualTo(-1);
    assertThat(synAck.sackPermitted()).isFalse();
    assertThat(synAck.hasTimestamp()).isFalse();
  }

  @Test
  void shouldResetWhenAckArrivesAtListener() {
    peer.engine.listen(LOCAL, LOCAL_PORT, 4);
    peer.deliver(peer.segment(TcpFlags.ACK, 100, 12345));
    assertThat(peer.last().flags()).isEqualTo(TcpFlags.RST);
    assertThat(peer.last().seq()).isEqualTo(12345);
    assertThat(peer.engine.connections()).isZero();
  }

  @Test
  void shouldIgnoreRstWhenListening() {
    peer.engine.listen(LOCAL, LOCAL_PORT, 4);
    peer.deliver(peer.segment(TcpFlags.RST, 100, 0));
    assertThat(peer.sent).isEmpty();
  }

  @Test
  void shouldSendRstAckWhenSynArrivesForClosedPort() {
    peer.deliver(peer.syn(false, false, -1));
    final Captured rst = peer.last();
    assertThat(rst.flags()).isEqualTo(TcpFlags.RST | TcpFlags.ACK);
    assertThat(rst.seq()).isZero();
    assertThat(rst.ack()).isEqualTo(PEER_ISS + 1);
    assertThat(peer.engine.counters().noConnectionDrops).isEqualTo(1);
  }

  @Test
  void shouldNotAnswerRstWhenNoConnectionExists() {
    peer.deliver(peer.segment(TcpFlags.RST | TcpFlags.ACK, 1, 1));
    assertThat(peer.sent).isEmpty();
  }

  @Test
  void shouldChooseUnrelatedIsnsWhenTuplesDifferAndAdvanceWithTheClock() {
    final IsnGenerator isn = new IsnGenerator(11, 22);
    final int first = isn.isn(LOCAL, 80, REMOTE, 1000, 0);
    final int neighbour = isn.isn(LOCAL, 80, REMOTE, 1001, 0);
    assertThat(first).isNotEqualTo(neighbour);
    assertThat(Integer.bitCount(first ^ neighbour)).as("keyed hash scatters").isGreaterThan(4);
    // RFC 6528: M ticks every 4 us, so one second later the same tuple is 250 000 further.
    assertThat(isn.isn(LOCAL, 80, REMOTE, 1000, 1_000_000_000L) - first).isEqualTo(250_000);
    assertThat(new IsnGenerator(11, 23).isn(LOCAL, 80, REMOTE, 1000, 0)).isNotEqualTo(first);
  }

  @Test
  void shouldEvictOldestEmbryonicConnectionWhenSynBacklogIsFull() {
    final int listener = peer.engine.listen(LOCAL, LOCAL_PORT, 4);
    // A flood from spoofed ports fills the backlog and keeps going.
    for (int port = 1; port <= 20; port++) {
      final SegmentInfo syn = peer.syn(false, false, -1);
      syn.sourcePort = port;
      peer.deliver(syn);
    }
    assertThat(peer.engine.connections()).isEqualTo(4);
    assertThat(peer.engine.counters().synBacklogEvictions).isEqualTo(16);
    assertThat(peer.engine.lookup(LOCAL, LOCAL_PORT, REMOTE, 1)).as("oldest evicted").isEqualTo(-1);
    // A genuine client arriving during the flood still completes its handshake.
    peer.sent.clear();
    peer.deliver(peer.syn(false, false, -1));
    final int iss = peer.last().seq();
    peer.deliver(peer.segment(TcpFlags.ACK, PEER_ISS + 1, iss + 1));
    final int id = peer.engine.accept(listener);
    assertThat(id).isNotNegative();
    assertThat(peer.engine.state(id)).isEqualTo(TcpState.ESTABLISHED);
  }
}
