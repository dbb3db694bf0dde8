package io.vstack.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** RST handling (RFC 9293 3.10.7.4) and blind-attack mitigation (RFC 5961). */
class ResetAndChallengeAckTest {
  private final ScriptedPeer peer = new ScriptedPeer(ScriptedPeer.config().challengeAckLimit(3));
  private int id;

  @BeforeEach
  void establish() {
    id = peer.establishPassive();
  }

  @Test
  void shouldCloseAsResetWhenRstMatchesRcvNxtExactly() {
    peer.deliver(peer.segment(TcpFlags.RST, peer.peerNxt, 0));
    assertThat(peer.engine.state(id)).isEqualTo(TcpState.CLOSED);
    assertThat(peer.engine.closeReason(id)).isEqualTo(TcpEngine.CLOSE_RESET);
    assertThat(peer.events).contains("closed " + id + " " + TcpEngine.CLOSE_RESET);
    assertThat(peer.sent).isEmpty();
  }

  @Test
  void shouldSendChallengeAckAndStayWhenRstIsInWindowButNotExact() {
    peer.deliver(peer.segment(TcpFlags.RST, peer.peerNxt + 1000, 0));
    assertThat(peer.engine.state(id)).isEqualTo(TcpState.ESTABLISHED);
    final Captured challenge = peer.last();
    assertThat(challenge.flags()).isEqualTo(TcpFlags.ACK);
    assertThat(challenge.ack()).isEqualTo(peer.peerNxt);
    assertThat(peer.engine.counters().challengeAcksSent).isEqualTo(1);
  }

  @Test
  void shouldDropSilentlyWhenRstIsOutsideWindow() {
    peer.deliver(peer.segment(TcpFlags.RST, peer.peerNxt + 5_000_000, 0));
    assertThat(peer.engine.state(id)).isEqualTo(TcpState.ESTABLISHED);
    assertThat(peer.sent).isEmpty();
  }

  @Test
  void shouldSendChallengeAckWhenSynArrivesOnEstablishedConnection() {
    final SegmentInfo syn = peer.segment(TcpFlags.SYN, peer.peerNxt + 10, 0);
    peer.deliver(syn);
    assertThat(peer.engine.state(id)).isEqualTo(TcpState.ESTABLISHED);
    assertThat(peer.last().flags()).isEqualTo(TcpFlags.ACK);
    assertThat(peer.engine.counters().challengeAcksSent).isEqualTo(1);
  }

  @Test
  void shouldChallengeAndIgnoreDataWhenAckIsForDataNeverSent() {
    final SegmentInfo blind = peer.data(peer.engineIss + 1 + 100_000, 50);
    peer.deliver(blind);
    assertThat(peer.engine.readable(id)).as("blind data refused").isZero();
    assertThat(peer.engine.counters().badAckDrops).isEqualTo(1);
    assertThat(peer.last().flags()).isEqualTo(TcpFlags.ACK);
  }

  @Test
  void shouldStopChallengeAcksWhenRandomizedBudgetIsSpentThenResumeNextSecond() {
    for (int i = 0; i < 10; i++) {
      peer.deliver(peer.segment(TcpFlags.RST, peer.peerNxt + 100 + i, 0));
    }
    // Limit 3: each second's budget is drawn from [1, 4) so it cannot serve as a side channel.
    final long sent = peer.engine.counters().challengeAcksSent;
    assertThat(sent).isBetween(1L, 3L);
    assertThat(peer.engine.counters().challengeAcksSuppressed).isEqualTo(10 - sent);
    peer.advance(ScriptedPeer.SECOND);
    peer.deliver(peer.segment(TcpFlags.RST, peer.peerNxt + 100, 0));
    assertThat(peer.engine.counters().challengeAcksSent).isEqualTo(sent + 1);
  }

  @Test
  void shouldSendRstWhenApplicationAbortsConnection() {
    peer.engine.abort(id, peer.now);
    assertThat(peer.last().has(TcpFlags.RST)).isTrue();
    assertThat(peer.last().seq()).isEqualTo(peer.engineIss + 1);
    assertThat(peer.engine.state(id)).isEqualTo(TcpState.CLOSED);
  }

  @Test
  void shouldResetInsteadOfFinWhenClosingWithUnreadData() {
    peer.deliver(peer.data(peer.engineIss + 1, 10));
    peer.engine.close(id, peer.now);
    assertThat(peer.last().has(TcpFlags.RST)).as("RFC 2525 data loss is signalled").isTrue();
    assertThat(peer.engine.connections()).isZero();
  }
}
