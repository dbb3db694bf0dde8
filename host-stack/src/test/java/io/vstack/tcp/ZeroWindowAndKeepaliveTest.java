package io.vstack.tcp;

import static io.vstack.tcp.ScriptedPeer.MS;
import static io.vstack.tcp.ScriptedPeer.SECOND;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Persist timer (zero-window probing, RFC 9293 3.8.6.1), window updates, keepalive. */
class ZeroWindowAndKeepaliveTest {
  @Test
  void shouldProbeWithBackoffWhileWindowIsZeroAndSendWhenItOpens() {
    final ScriptedPeer peer = new ScriptedPeer(ScriptedPeer.config());
    final int id = peer.establishPassive();
    final int una = peer.engineIss + 1;
    final SegmentInfo closed = peer.segment(TcpFlags.ACK, peer.peerNxt, una);
    closed.window = 0;
    peer.deliver(closed);
    peer.write(id, 3000);
    assertThat(peer.sent).as("nothing fits a zero window").isEmpty();
    peer.advance(205 * MS);
    final Captured probe = peer.last();
    assertThat(probe.seq()).as("probe below SND.UNA forces an ACK").isEqualTo(una - 1);
    assertThat(probe.length()).isZero();
    peer.sent.clear();
    peer.deliver(closed);
    peer.advance(395 * MS);
    assertThat(peer.sent).as("second probe after a doubled interval").isEmpty();
    peer.advance(10 * MS);
    assertThat(peer.sent).hasSize(1);
    assertThat(peer.engine.counters().zeroWindowProbes).isEqualTo(2);
    peer.sent.clear();
    final SegmentInfo open = peer.segment(TcpFlags.ACK, peer.peerNxt, una);
    open.window = 100; // x128
    peer.deliver(open);
    assertThat(peer.drain()).extracting(Captured::length).containsExactly(1000, 1000, 1000);
  }

  @Test
  void shouldAdvertiseZeroWindowWhenBufferFillsAndUpdateItWhenAppReads() {
    final ScriptedPeer peer = new ScriptedPeer(ScriptedPeer.config().receiveBufferSize(4096));
    final int id = peer.establishPassive();
    for (int i = 0; i < 4; i++) {
      peer.deliver(peer.data(peer.engineIss + 1, 1024));
    }
    peer.advance(50 * MS);
    assertThat(peer.last().window()).isZero();
    assertThat(peer.last().ack()).isEqualTo(peer.peerNxt);
    final SegmentInfo refused = peer.data(peer.engineIss + 1, 100);
    peer.deliver(refused);
    assertThat(peer.engine.readable(id)).as("no room: dropped").isEqualTo(4096);
    peer.peerNxt -= 100;
    peer.sent.clear();
    assertThat(peer.read(id)).isEqualTo(4096);
    assertThat(peer.last().window()).as("window update after read").isEqualTo(4096);
  }

  @Test
  void shouldProbeIdleConnectionAndKeepItWhenPeerAnswers() {
    final ScriptedPeer peer = new ScriptedPeer(keepalive());
    final int id = peer.establishPassive();
    peer.advance(9 * SECOND);
    assertThat(peer.sent).isEmpty();
    peer.advance(2 * SECOND);
    assertThat(peer.last().seq()).isEqualTo(peer.engineIss);
    assertThat(peer.last().length()).isZero();
    peer.deliver(peer.segment(TcpFlags.ACK, peer.peerNxt, peer.engineIss + 1));
    peer.sent.clear();
    peer.advance(5 * SECOND);
    assertThat(peer.sent).as("answered: idle timer restarted").isEmpty();
    assertThat(peer.engine.state(id)).isEqualTo(TcpState.ESTABLISHED);
  }

  @Test
  void shouldResetConnectionWhenKeepaliveProbesGoUnanswered() {
    final ScriptedPeer peer = new ScriptedPeer(keepalive());
    final int id = peer.establishPassive();
    peer.advance(10 * SECOND + 5 * MS);
    for (int i = 0; i < 3; i++) {
      // Timers fire at wheel-tick (~1 ms) granularity: leave a few ms of slack per interval.
      peer.advance(SECOND + 5 * MS);
    }
    assertThat(peer.sent).filteredOn(c -> c.flags() == TcpFlags.ACK).hasSize(3);
    assertThat(peer.last().has(TcpFlags.RST)).isTrue();
    assertThat(peer.engine.closeReason(id)).isEqualTo(TcpEngine.CLOSE_TIMEOUT);
    assertThat(peer.engine.counters().keepaliveTimeouts).isEqualTo(1);
  }

  private static TcpConfig keepalive() {
    return ScriptedPeer.config()
        .keepalive(true)
        .keepaliveIdleNanos(10 * SECOND)
        .keepaliveIntervalNanos(SECOND)
        .keepaliveProbes(3);
  }
}
