package io.vstack.tcp;

import static io.vstack.tcp.ScriptedPeer.MS;
import static io.vstack.tcp.ScriptedPeer.SECOND;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** FIN-WAIT-1/2, CLOSE-WAIT, CLOSING, LAST-ACK and TIME-WAIT (RFC 9293 3.6). */
class ClosingStatesTest {
  private final ScriptedPeer peer =
      new ScriptedPeer(
          ScriptedPeer.config().timeWaitNanos(60 * SECOND).finWait2TimeoutNanos(30 * SECOND));
  private int id;
  private int fin;

  @BeforeEach
  void establish() {
    id = peer.establishPassive();
    fin = peer.engineIss + 1;
  }

  private SegmentInfo peerAck(final int ack) {
    return peer.segment(TcpFlags.ACK, peer.peerNxt, ack);
  }

  private SegmentInfo peerFin(final int ack) {
    final SegmentInfo s = peer.segment(TcpFlags.FIN | TcpFlags.ACK, peer.peerNxt, ack);
    peer.peerNxt++;
    return s;
  }

  /** We close, the peer acknowledges and sends its FIN (returned, to be sent again). */
  private SegmentInfo closeIntoTimeWait() {
    peer.engine.close(id, peer.now);
    peer.deliver(peerAck(fin + 1));
    final SegmentInfo finSegment = peerFin(fin + 1);
    peer.deliver(finSegment);
    return finSegment;
  }

  @Test
  void shouldWalkFinWait1FinWait2TimeWaitClosedWhenWeCloseFirst() {
    peer.engine.close(id, peer.now);
    assertThat(peer.engine.state(id)).isEqualTo(TcpState.FIN_WAIT_1);
    assertThat(peer.last().flags()).isEqualTo(TcpFlags.FIN | TcpFlags.ACK);
    assertThat(peer.last().seq()).isEqualTo(fin);
    peer.deliver(peerAck(fin + 1));
    assertThat(peer.engine.state(id)).isEqualTo(TcpState.FIN_WAIT_2);
    peer.deliver(peerFin(fin + 1));
    assertThat(peer.engine.state(id)).isEqualTo(TcpState.TIME_WAIT);
    assertThat(peer.last().ack()).isEqualTo(peer.peerNxt);
    peer.advance(59 * SECOND);
    assertThat(peer.engine.connections()).as("still in TIME-WAIT").isEqualTo(1);
    peer.advance(2 * SECOND);
    assertThat(peer.engine.connections()).isZero();
  }

  @Test
  void shouldReAckAndRestartTimerWhenFinIsRetransmittedInTimeWait() {
    final SegmentInfo finSegment = closeIntoTimeWait();
    peer.advance(50 * SECOND);
    peer.sent.clear();
    peer.deliver(finSegment);
    assertThat(peer.last().ack()).isEqualTo(peer.peerNxt);
    peer.advance(20 * SECOND);
    assertThat(peer.engine.connections()).as("2MSL restarted by the FIN").isEqualTo(1);
  }

  @Test
  void shouldStayInTimeWaitWhenClosedPeerAnswersOurReAckWithReset() {
    final SegmentInfo finSegment = closeIntoTimeWait();
    // Our ACK was slow: the peer retransmitted its FIN, then closed on the first ACK. Our re-ACK of
    // the retransmission reaches a closed socket, which answers with RST seq = our ACK = RCV.NXT.
    peer.deliver(finSegment);
    assertThat(peer.last().ack()).isEqualTo(peer.peerNxt);
    peer.sent.clear();
    peer.deliver(peer.segment(TcpFlags.RST, peer.peerNxt, 0));
    assertThat(peer.engine.state(id))
        .as("RFC 1337: no TIME-WAIT assassination")
        .isEqualTo(TcpState.TIME_WAIT);
    assertThat(peer.sent).as("no challenge ACK to draw another RST").isEmpty();
    assertThat(peer.engine.counters().timeWaitResetsIgnored).isEqualTo(1);
    peer.advance(61 * SECOND);
    assertThat(peer.engine.connections()).as("TIME-WAIT still ends after 2 MSL").isZero();
  }

  @Test
  void shouldRetransmitFinWhenItIsNotAcknowledged() {
    peer.engine.close(id, peer.now);
    peer.sent.clear();
    peer.advance(205 * MS);
    assertThat(peer.last().has(TcpFlags.FIN)).isTrue();
    assertThat(peer.last().seq()).isEqualTo(fin);
  }

  @Test
  void shouldPassThroughClosingWhenFinsCross() {
    peer.engine.close(id, peer.now);
    peer.deliver(peerFin(fin));
    assertThat(peer.engine.state(id)).isEqualTo(TcpState.CLOSING);
    peer.deliver(peerAck(fin + 1));
    assertThat(peer.engine.state(id)).isEqualTo(TcpState.TIME_WAIT);
  }

  @Test
  void shouldWalkCloseWaitLastAckClosedWhenPeerClosesFirst() {
    peer.deliver(peerFin(fin));
    assertThat(peer.engine.state(id)).isEqualTo(TcpState.CLOSE_WAIT);
    assertThat(peer.last().ack()).as("FIN acknowledged at once").isEqualTo(peer.peerNxt);
    assertThat(peer.read(id)).isEqualTo(TcpEngine.EOF);
    peer.write(id, 10);
    peer.engine.close(id, peer.now);
    assertThat(peer.engine.state(id)).isEqualTo(TcpState.LAST_ACK);
    assertThat(peer.last().has(TcpFlags.FIN)).isTrue();
    assertThat(peer.last().seq()).as("FIN after the data").isEqualTo(fin + 10);
    peer.deliver(peerAck(fin + 11));
    assertThat(peer.engine.connections()).isZero();
  }

  @Test
  void shouldKeepReceivingDataWhenOutputIsShutDown() {
    peer.engine.shutdownOutput(id, peer.now);
    peer.deliver(peerAck(fin + 1));
    assertThat(peer.engine.state(id)).isEqualTo(TcpState.FIN_WAIT_2);
    peer.deliver(peer.data(fin + 1, 300));
    assertThat(peer.engine.readable(id)).isEqualTo(300);
    assertThat(
            peer.engine.write(
                id, new org.agrona.concurrent.UnsafeBuffer(new byte[1]), 0, 1, peer.now))
        .isEqualTo(TcpEngine.ERROR);
  }

  @Test
  void shouldHoldFinUntilDataBeforeItArrivesWhenFinComesOutOfOrder() {
    final SegmentInfo data = peer.data(fin, 100);
    final SegmentInfo finSegment = peerFin(fin);
    peer.deliver(finSegment);
    assertThat(peer.engine.state(id)).isEqualTo(TcpState.ESTABLISHED);
    peer.deliver(data);
    assertThat(peer.engine.state(id)).isEqualTo(TcpState.CLOSE_WAIT);
    assertThat(peer.last().ack()).isEqualTo(peer.peerNxt);
  }

  @Test
  void shouldGiveUpFinWait2WhenApplicationClosedAndPeerNeverFinishes() {
    peer.engine.close(id, peer.now);
    peer.deliver(peerAck(fin + 1));
    peer.advance(31 * SECOND);
    assertThat(peer.engine.connections()).isZero();
  }
}
