package io.vstack.tcp;

import static io.vstack.tcp.ScriptedPeer.MS;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** ESTABLISHED: receiving (delayed ACK, reassembly, SACK generation, window) and sending. */
class EstablishedStateTest {
  private final ScriptedPeer peer = new ScriptedPeer(ScriptedPeer.config());
  private int id;

  @BeforeEach
  void establish() {
    id = peer.establishPassive();
  }

  private int ourNext() {
    return peer.engineIss + 1;
  }

  @Test
  void shouldDelayAckOfSingleSegmentUntil40MsWhenNothingElseArrives() {
    peer.deliver(peer.data(ourNext(), 500));
    assertThat(peer.sent).as("no immediate ACK").isEmpty();
    assertThat(peer.engine.readable(id)).isEqualTo(500);
    peer.advance(30 * MS);
    assertThat(peer.sent).isEmpty();
    peer.advance(12 * MS);
    assertThat(peer.last().flags()).isEqualTo(TcpFlags.ACK);
    assertThat(peer.last().ack()).isEqualTo(peer.peerNxt);
  }

  @Test
  void shouldAckImmediatelyWhenTwoFullSegmentsArrived() {
    peer.deliver(peer.data(ourNext(), ScriptedPeer.PEER_MSS));
    assertThat(peer.sent).isEmpty();
    peer.deliver(peer.data(ourNext(), ScriptedPeer.PEER_MSS));
    assertThat(peer.last().ack()).isEqualTo(peer.peerNxt);
  }

  @Test
  void shouldSendDuplicateAckWithSackBlockWhenSegmentArrivesOutOfOrder() {
    final int start = peer.peerNxt;
    final SegmentInfo first = peer.data(ourNext(), 100);
    final SegmentInfo second = peer.data(ourNext(), 100);
    final SegmentInfo third = peer.data(ourNext(), 100);
    peer.deliver(third);
    Captured ack = peer.last();
    assertThat(ack.ack()).as("cumulative ACK stays").isEqualTo(start);
    assertThat(ack.sackBlocks()).containsExactly(start + 200, start + 300);
    peer.deliver(first);
    ack = peer.last();
    assertThat(ack.ack()).isEqualTo(start + 100);
    assertThat(ack.sackBlocks()).containsExactly(start + 200, start + 300);
    peer.deliver(second);
    ack = peer.last();
    assertThat(ack.ack()).as("hole filled: ACK at once").isEqualTo(start + 300);
    assertThat(ack.sackBlocks()).isEmpty();
    final byte[] data = new byte[300];
    peer.engine.read(id, new org.agrona.concurrent.UnsafeBuffer(data), 0, 300, peer.now);
    for (int i = 0; i < 300; i++) {
      assertThat(data[i]).as("byte %d in order", i).isEqualTo((byte) (start + i));
    }
  }

  @Test
  void shouldListMostRecentSackBlockFirstWhenSeveralHolesExist() {
    final int start = peer.peerNxt;
    final SegmentInfo[] segments = new SegmentInfo[6];
    for (int i = 0; i < segments.length; i++) {
      segments[i] = peer.data(ourNext(), 100);
    }
    peer.deliver(segments[1]);
    peer.deliver(segments[3]);
    peer.deliver(segments[5]);
    assertThat(peer.last().sackBlocks())
        .containsExactly(
            start + 500, start + 600, start + 300, start + 400, start + 100, start + 200);
  }

  @Test
  void shouldDropAndAckWhenSegmentLiesBeyondWindow() {
    final SegmentInfo far = peer.data(ourNext(), 100);
    far.seq += 10_000_000;
    peer.deliver(far);
    assertThat(peer.last().flags()).isEqualTo(TcpFlags.ACK);
    assertThat(peer.engine.readable(id)).isZero();
    assertThat(peer.engine.counters().outOfWindowDrops).isEqualTo(1);
  }

  @Test
  void shouldAckAndKeepDataOnceWhenOldDuplicateArrives() {
    final SegmentInfo segment = peer.data(ourNext(), 100);
    peer.deliver(segment);
    peer.deliver(segment);
    assertThat(peer.last().ack()).isEqualTo(peer.peerNxt);
    assertThat(peer.engine.readable(id)).isEqualTo(100);
  }

  @Test
  void shouldUseAcknowledgmentButDropDataWhenSegmentLiesWhollyBeforeRcvNxt() {
    // The peer timed out and rewound its SND.NXT below data we already hold; its segments now
    // carry old sequence numbers but an acknowledgment we have not seen yet.
    exchange300And2000Bytes();
    final int rewound = peer.peerNxt - 300;
    final SegmentInfo oldAck = peer.segment(TcpFlags.ACK, rewound, ourNext() + 1000);
    peer.deliver(oldAck);
    assertThat(peer.engine.unacknowledged(id)).as("first 1000 bytes acknowledged").isEqualTo(1000);
    assertThat(peer.engine.counters().outOfWindowDrops).isEqualTo(1);
    assertThat(peer.engine.counters().oldSegmentAcksProcessed).isEqualTo(1);
    final Captured reply = peer.last();
    assertThat(reply.flags())
        .as("an unacceptable segment is answered with an ACK")
        .isEqualTo(TcpFlags.ACK);
    assertThat(reply.ack()).isEqualTo(peer.peerNxt);
    final SegmentInfo oldData =
        peer.withPayload(peer.segment(TcpFlags.ACK, rewound, ourNext() + 2000), new byte[300]);
    peer.deliver(oldData);
    assertThat(peer.engine.unacknowledged(id)).as("all acknowledged").isZero();
    assertThat(peer.engine.readable(id)).as("old data not stored twice").isEqualTo(300);
  }

  /** The peer sent 300 bytes (received), we sent 2000 (unacknowledged). */
  private void exchange300And2000Bytes() {
    peer.deliver(peer.data(ourNext(), 300));
    peer.write(id, 2000);
    peer.drain();
  }

  @Test
  void shouldIgnoreAcknowledgmentWhenOldSegmentAcksDataNeverSent() {
    exchange300And2000Bytes();
    peer.deliver(peer.segment(TcpFlags.ACK, peer.peerNxt - 300, ourNext() + 5000));
    assertThat(peer.engine.unacknowledged(id)).isEqualTo(2000);
    assertThat(peer.engine.counters().oldSegmentAcksProcessed).isZero();
    assertThat(peer.last().flags()).isEqualTo(TcpFlags.ACK);
  }

  @Test
  void shouldIgnoreAcknowledgmentWhenOldSegmentLiesFurtherBackThanAnyWindow() {
    exchange300And2000Bytes();
    // 64 KiB receive buffer: no peer of ours can be more than that behind RCV.NXT.
    peer.deliver(peer.segment(TcpFlags.ACK, peer.peerNxt - 200_000, ourNext() + 1000));
    assertThat(peer.engine.unacknowledged(id)).isEqualTo(2000);
    assertThat(peer.engine.counters().oldSegmentAcksProcessed).isZero();
  }

  @Test
  void shouldNotUpdateSendWindowWhenOldSegmentCarriesAZeroWindow() {
    peer.deliver(peer.data(ourNext(), 300));
    peer.deliver(peer.data(ourNext(), 300));
    peer.drain();
    // Older than SND.WL1 (the second segment's sequence number).
    final SegmentInfo oldZero = peer.segment(TcpFlags.ACK, peer.peerNxt - 600, ourNext());
    oldZero.window = 0;
    peer.deliver(oldZero);
    peer.drain();
    peer.write(id, 1000);
    assertThat(peer.drain())
        .as("SND.WL1 rejects the old window")
        .extracting(Captured::length)
        .containsExactly(1000);
  }

  @Test
  void shouldSplitWritesIntoMssSizedSegmentsWhenWindowAllows() {
    peer.write(id, 2500);
    final List<Captured> sent = peer.drain();
    assertThat(sent).extracting(Captured::length).containsExactly(1000, 1000, 500);
    assertThat(sent.get(0).seq()).isEqualTo(ourNext());
    assertThat(sent.get(2).has(TcpFlags.PSH)).isTrue();
  }

  @Test
  void shouldSendOnlyWhatFitsAndAvoidSillyWindowWhenPeerWindowIsSmall() {
    final SegmentInfo smallWindow = peer.segment(TcpFlags.ACK, peer.peerNxt, ourNext());
    smallWindow.window = 10; // scaled by 2^7 = 1280 bytes
    peer.deliver(smallWindow);
    peer.write(id, 5000);
    // 1000 fits; the 280-byte remainder is far below half the largest window seen: wait.
    assertThat(peer.drain()).extracting(Captured::length).containsExactly(1000);
    final SegmentInfo ack = peer.segment(TcpFlags.ACK, peer.peerNxt, ourNext() + 1000);
    ack.window = 10;
    peer.deliver(ack);
    assertThat(peer.drain()).extracting(Captured::length).containsExactly(1000);
  }

  @Test
  void shouldHoldSmallSegmentWhenNagleIsOnAndDataIsUnacknowledged() {
    final ScriptedPeer nagle = new ScriptedPeer(ScriptedPeer.config().nagle(true));
    final int conn = nagle.establishPassive();
    nagle.write(conn, 10);
    assertThat(nagle.drain()).hasSize(1);
    nagle.write(conn, 10);
    assertThat(nagle.sent).as("second small write waits for the ACK").isEmpty();
    nagle.deliver(nagle.segment(TcpFlags.ACK, nagle.peerNxt, nagle.engineIss + 11));
    assertThat(nagle.last().length()).isEqualTo(10);
    nagle.engine.noDelay(conn, true);
    nagle.write(conn, 10);
    assertThat(nagle.last().seq()).as("TCP_NODELAY sends at once").isEqualTo(nagle.engineIss + 21);
  }

  @Test
  void shouldReportWritableWhenAckFreesSendBuffer() {
    peer.write(id, 100);
    peer.deliver(peer.segment(TcpFlags.ACK, peer.peerNxt, ourNext() + 100));
    assertThat(peer.events).contains("writable " + id);
    assertThat(peer.engine.unacknowledged(id)).isZero();
  }
}
