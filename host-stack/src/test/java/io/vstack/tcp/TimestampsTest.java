package io.vstack.tcp;

import static io.vstack.tcp.ScriptedPeer.LOCAL;
import static io.vstack.tcp.ScriptedPeer.LOCAL_PORT;
import static io.vstack.tcp.ScriptedPeer.MS;
import static io.vstack.tcp.ScriptedPeer.PEER_ISS;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** RFC 7323 timestamps in ESTABLISHED: TS.Recent, echo, RTT measurement and PAWS. */
class TimestampsTest {
  private final ScriptedPeer peer = new ScriptedPeer(ScriptedPeer.config().timestamps(true));
  private int id;
  private int iss;
  private int ourTsVal;

  @BeforeEach
  void establishWithTimestamps() {
    final int listener = peer.engine.listen(LOCAL, LOCAL_PORT, 4);
    peer.deliver(peer.syn(true, true, 7));
    iss = peer.last().seq();
    ourTsVal = peer.last().tsVal();
    final SegmentInfo ack = peer.segment(TcpFlags.ACK, PEER_ISS + 1, iss + 1);
    ack.hasTimestamp = true;
    ack.tsVal = 5001;
    ack.tsEcr = ourTsVal;
    peer.deliver(ack);
    peer.peerNxt = PEER_ISS + 1;
    id = peer.engine.accept(listener);
    peer.sent.clear();
  }

  private SegmentInfo dataWithTs(final int tsVal, final int length) {
    final SegmentInfo s = peer.data(iss + 1, length);
    s.hasTimestamp = true;
    s.tsVal = tsVal;
    s.tsEcr = ourTsVal;
    return s;
  }

  @Test
  void shouldEchoLatestInOrderTsValWhenAcking() {
    peer.deliver(dataWithTs(6000, 1000));
    peer.deliver(dataWithTs(6001, 1000));
    assertThat(peer.last().tsEcr()).isEqualTo(6000).as("TS.Recent from the first unacked segment");
    peer.deliver(dataWithTs(6002, 1000));
    peer.deliver(dataWithTs(6003, 1000));
    assertThat(peer.last().tsEcr()).isEqualTo(6002);
  }

  @Test
  void shouldDropAndAckWhenTimestampIsOlderThanTsRecent() {
    peer.deliver(dataWithTs(7000, 100));
    peer.advance(50 * MS);
    peer.sent.clear();
    final SegmentInfo old = dataWithTs(6999, 100);
    peer.deliver(old);
    assertThat(peer.engine.counters().pawsDrops).isEqualTo(1);
    assertThat(peer.engine.readable(id)).as("PAWS-rejected data is not delivered").isEqualTo(100);
    assertThat(peer.last().flags()).isEqualTo(TcpFlags.ACK);
    assertThat(peer.last().ack()).isEqualTo(peer.peerNxt - 100);
  }

  @Test
  void shouldAcceptTimestampAcrossTheWrapWhenItIsNewer() {
    peer.deliver(dataWithTs(0x7FFF_FFF0, 100));
    peer.deliver(dataWithTs(0x8000_0010, 100));
    assertThat(peer.engine.counters().pawsDrops).isZero();
    assertThat(peer.engine.readable(id)).isEqualTo(200);
  }

  @Test
  void shouldNotApplyPawsToResetWhenTimestampIsOld() {
    peer.deliver(dataWithTs(7000, 100));
    final SegmentInfo rst = peer.segment(TcpFlags.RST, peer.peerNxt, 0);
    rst.hasTimestamp = true;
    rst.tsVal = 1;
    peer.deliver(rst);
    assertThat(peer.engine.state(id)).isEqualTo(TcpState.CLOSED);
  }

  @Test
  void shouldMeasureRttFromEchoedTimestampWhenDataIsAcked() {
    peer.write(id, 1000);
    final Captured sent = peer.last();
    peer.advance(30 * MS);
    final SegmentInfo ack = peer.segment(TcpFlags.ACK, peer.peerNxt, iss + 1001);
    ack.hasTimestamp = true;
    ack.tsVal = 5002;
    ack.tsEcr = sent.tsVal();
    peer.deliver(ack);
    // The handshake ACK gave a 0 ms sample; RFC 6298: SRTT = 7/8 * 0 + 1/8 * 30 ms.
    assertThat(peer.engine.srttNanos(id)).isEqualTo(30 * MS / 8);
    assertThat(peer.engine.rtoNanos(id)).as("clamped to the 200 ms minimum").isEqualTo(200 * MS);
  }
}
