package io.vstack.tcp;

import static io.vstack.tcp.ScriptedPeer.MS;
import static org.assertj.core.api.Assertions.assertThat;

import io.vstack.tcp.cc.CongestionControlAlgorithm;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Loss repair in ESTABLISHED: RTO (RFC 6298, Karn), fast retransmit/NewReno, SACK recovery. */
class RetransmissionTest {
  private static TcpConfig reno() {
    return ScriptedPeer.config().congestionControl(CongestionControlAlgorithm.NEW_RENO);
  }

  private static SegmentInfo ack(final ScriptedPeer peer, final int ack) {
    return peer.segment(TcpFlags.ACK, peer.peerNxt, ack);
  }

  @Test
  void shouldRetransmitOldestSegmentAndDoubleTimeoutWhenRtoExpiresRepeatedly() {
    final ScriptedPeer peer = new ScriptedPeer(reno());
    final int id = peer.establishPassive();
    assertThat(peer.engine.rtoNanos(id)).as("0 ms handshake RTT, 200 ms floor").isEqualTo(200 * MS);
    peer.write(id, 3000);
    peer.drain();
    peer.advance(195 * MS);
    assertThat(peer.sent).isEmpty();
    peer.advance(10 * MS);
    assertThat(peer.drain())
        .as("one segment after a timeout (loss window)")
        .singleElement()
        .matches(c -> c.seq() == peer.engineIss + 1 && c.length() == 1000);
    assertThat(peer.engine.rtoNanos(id)).isEqualTo(400 * MS);
    assertThat(peer.engine.cwnd(id)).isEqualTo(1000);
    peer.advance(395 * MS);
    assertThat(peer.sent).isEmpty();
    peer.advance(10 * MS);
    assertThat(peer.drain()).hasSize(1);
    assertThat(peer.engine.rtoNanos(id)).isEqualTo(800 * MS);
    assertThat(peer.engine.counters().retransmitTimeouts).isEqualTo(2);
  }

  @Test
  void shouldHonourConfiguredMinimumWhenRttIsTiny() {
    final ScriptedPeer peer = new ScriptedPeer(reno().minRtoNanos(50 * MS));
    final int id = peer.establishPassive();
    peer.write(id, 100);
    peer.drain();
    peer.advance(55 * MS);
    assertThat(peer.drain()).hasSize(1);
  }

  @Test
  void shouldTakeNoRttSampleFromRetransmittedSegmentWhenAckArrives() {
    final ScriptedPeer peer = new ScriptedPeer(reno());
    final int id = peer.establishPassive();
    peer.write(id, 100);
    peer.advance(205 * MS);
    peer.advance(300 * MS);
    // Karn: this ACK may belong to either transmission; it must not become a 505 ms sample.
    peer.deliver(ack(peer, peer.engineIss + 101));
    assertThat(peer.engine.srttNanos(id)).isZero();
    peer.write(id, 100);
    peer.advance(40 * MS);
    peer.deliver(ack(peer, peer.engineIss + 201));
    assertThat(peer.engine.srttNanos(id)).as("fresh segment sampled: 40/8 ms").isEqualTo(5 * MS);
  }

  @Test
  void shouldResetConnectionWhenRetriesAreExhausted() {
    final ScriptedPeer peer = new ScriptedPeer(reno().dataRetries(2));
    final int id = peer.establishPassive();
    peer.write(id, 100);
    for (int i = 0; i < 4; i++) {
      peer.advance(2_000 * MS);
    }
    assertThat(peer.engine.state(id)).isEqualTo(TcpState.CLOSED);
    assertThat(peer.engine.closeReason(id)).isEqualTo(TcpEngine.CLOSE_TIMEOUT);
    assertThat(peer.last().has(TcpFlags.RST)).isTrue();
  }

  @Test
  void shouldFastRetransmitOnThirdDuplicateAckAndHalveWindow() {
    final ScriptedPeer peer = new ScriptedPeer(reno().sack(false));
    final int id = peer.establishPassive();
    peer.write(id, 5000);
    peer.drain();
    final int una = peer.engineIss + 1;
    peer.deliver(ack(peer, una));
    peer.deliver(ack(peer, una));
    assertThat(peer.sent).as("two duplicates are not enough").isEmpty();
    peer.deliver(ack(peer, una));
    assertThat(peer.drain())
        .singleElement()
        .matches(c -> c.seq() == una && c.length() == 1000, "retransmission of SND.UNA");
    assertThat(peer.engine.inRecovery(id)).isTrue();
    assertThat(peer.engine.ssthresh(id)).as("half of 5000 in flight").isEqualTo(2500);
    assertThat(peer.engine.counters().fastRetransmits).isEqualTo(1);
  }

  @Test
  void shouldRetransmitNextHoleOnPartialAckAndLeaveRecoveryOnFullAck() {
    final ScriptedPeer peer = new ScriptedPeer(reno().sack(false));
    final int id = peer.establishPassive();
    peer.write(id, 5000);
    peer.drain();
    final int una = peer.engineIss + 1;
    for (int i = 0; i < 3; i++) {
      peer.deliver(ack(peer, una));
    }
    peer.drain();
    // RFC 6582: the ACK covers the retransmission only; the next segment was lost too.
    peer.deliver(ack(peer, una + 1000));
    final List<Captured> afterPartial = peer.drain();
    assertThat(afterPartial).first().matches(c -> c.seq() == una + 1000, "next hole resent");
    assertThat(peer.engine.inRecovery(id)).isTrue();
    peer.deliver(ack(peer, una + 5000));
    assertThat(peer.engine.inRecovery(id)).isFalse();
    assertThat(peer.engine.cwnd(id)).as("deflated to ssthresh").isEqualTo(2500);
  }

  @Test
  void shouldRetransmitEveryReportedHoleWhenSackShowsSeveralLosses() {
    final ScriptedPeer peer = new ScriptedPeer(reno());
    final int id = peer.establishPassive();
    peer.write(id, 6000);
    peer.drain();
    final int una = peer.engineIss + 1;
    // Segments 0 and 2 lost; 1, 3, 4, 5 arrived.
    final int[][] sacks = {
      {una + 1000, una + 2000},
      {una + 3000, una + 4000},
      {una + 3000, una + 5000},
      {una + 3000, una + 6000}
    };
    for (final int[] block : sacks) {
      final SegmentInfo dup = ack(peer, una);
      dup.addSackBlock(block[0], block[1]);
      if (block[0] != una + 1000) {
        dup.addSackBlock(una + 1000, una + 2000);
      }
      peer.deliver(dup);
    }
    assertThat(peer.engine.inRecovery(id)).isTrue();
    assertThat(peer.engine.sackedBytes(id)).isEqualTo(4000);
    assertThat(peer.drain())
        .filteredOn(c -> c.length() > 0)
        .extracting(Captured::seq)
        .as("both holes, nothing that was SACKed")
        .containsExactly(una, una + 2000);
  }
}
