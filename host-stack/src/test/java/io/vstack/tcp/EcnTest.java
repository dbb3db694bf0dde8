package io.vstack.tcp;

import static io.vstack.tcp.ScriptedPeer.LOCAL;
import static io.vstack.tcp.ScriptedPeer.LOCAL_PORT;
import static io.vstack.tcp.ScriptedPeer.PEER_ISS;
import static io.vstack.tcp.ScriptedPeer.REMOTE;
import static io.vstack.tcp.ScriptedPeer.REMOTE_PORT;
import static org.assertj.core.api.Assertions.assertThat;

import io.vstack.tcp.cc.CongestionControlAlgorithm;
import org.junit.jupiter.api.Test;

/** RFC 3168 ECN: negotiation, receiver echo until CWR, sender reaction once per window. */
class EcnTest {
  private final ScriptedPeer peer =
      new ScriptedPeer(
          ScriptedPeer.config().ecn(true).congestionControl(CongestionControlAlgorithm.NEW_RENO));

  private int establishEcn() {
    final int listener = peer.engine.listen(LOCAL, LOCAL_PORT, 4);
    final SegmentInfo syn = peer.syn(false, true, 7);
    syn.flags |= TcpFlags.ECE | TcpFlags.CWR;
    peer.deliver(syn);
    final Captured synAck = peer.last();
    assertThat(synAck.flags()).isEqualTo(TcpFlags.SYN | TcpFlags.ACK | TcpFlags.ECE);
    peer.engineIss = synAck.seq();
    peer.peerNxt = PEER_ISS + 1;
    peer.deliver(peer.segment(TcpFlags.ACK, peer.peerNxt, peer.engineIss + 1));
    peer.sent.clear();
    return peer.engine.accept(listener);
  }

  @Test
  void shouldNotAgreeToEcnWhenSynLacksEceAndCwr() {
    peer.engine.listen(LOCAL, LOCAL_PORT, 4);
    peer.deliver(peer.syn(false, true, 7));
    assertThat(peer.last().has(TcpFlags.ECE)).isFalse();
  }

  @Test
  void shouldOfferEcnInSynAndMarkDataEctWhenPeerAgrees() {
    final int id = peer.engine.connect(LOCAL, LOCAL_PORT, REMOTE, REMOTE_PORT, peer.now);
    assertThat(peer.last().flags()).isEqualTo(TcpFlags.SYN | TcpFlags.ECE | TcpFlags.CWR);
    final int iss = peer.last().seq();
    peer.deliver(peer.segment(TcpFlags.SYN | TcpFlags.ACK | TcpFlags.ECE, PEER_ISS, iss + 1));
    peer.write(id, 100);
    assertThat(peer.last().ecn()).isEqualTo(SegmentInfo.ECN_ECT0);
  }

  @Test
  void shouldEchoCongestionUntilSenderSignalsCwr() {
    final int id = establishEcn();
    final SegmentInfo marked = peer.data(peer.engineIss + 1, 100);
    marked.ecn = SegmentInfo.ECN_CE;
    peer.deliver(marked);
    assertThat(peer.last().has(TcpFlags.ECE)).as("CE echoed at once").isTrue();
    peer.deliver(peer.data(peer.engineIss + 1, 1000));
    peer.deliver(peer.data(peer.engineIss + 1, 1000));
    assertThat(peer.last().has(TcpFlags.ECE)).as("latched").isTrue();
    final SegmentInfo cwr = peer.data(peer.engineIss + 1, 1000);
    cwr.flags |= TcpFlags.CWR;
    peer.deliver(cwr);
    peer.deliver(peer.data(peer.engineIss + 1, 1000));
    assertThat(peer.last().has(TcpFlags.ECE)).as("cleared by CWR").isFalse();
    assertThat(peer.engine.readable(id)).isEqualTo(4100);
  }

  @Test
  void shouldReduceWindowOncePerWindowAndSetCwrWhenEceArrives() {
    final int id = establishEcn();
    peer.write(id, 8000);
    peer.drain();
    final long before = peer.engine.cwnd(id);
    final int una = peer.engineIss + 1;
    final SegmentInfo ece = peer.segment(TcpFlags.ACK | TcpFlags.ECE, peer.peerNxt, una + 1000);
    peer.deliver(ece);
    final long reduced = peer.engine.cwnd(id);
    assertThat(reduced).as("half of the 8000 bytes in flight").isEqualTo(4000).isLessThan(before);
    final SegmentInfo again = peer.segment(TcpFlags.ACK | TcpFlags.ECE, peer.peerNxt, una + 2000);
    peer.deliver(again);
    assertThat(peer.engine.cwnd(id)).as("no second cut in the same window").isEqualTo(reduced);
    peer.deliver(peer.segment(TcpFlags.ACK, peer.peerNxt, una + 8000));
    peer.sent.clear();
    peer.write(id, 2000);
    assertThat(peer.sent)
        .filteredOn(c -> c.has(TcpFlags.CWR))
        .as("the next new data segment carries CWR")
        .hasSize(1);
  }
}
