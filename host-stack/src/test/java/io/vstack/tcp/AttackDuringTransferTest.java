package io.vstack.tcp;

import static io.vstack.tcp.Simulation.ADDRESS_A;
import static io.vstack.tcp.Simulation.ADDRESS_B;
import static io.vstack.tcp.Simulation.MS;
import static io.vstack.tcp.Simulation.PORT_A;
import static io.vstack.tcp.Simulation.PORT_B;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * A bulk transfer survives forged segments aimed at the receiver: RSTs and SYNs with in-window
 * sequence numbers, data with in-window sequence numbers but unverifiable ACKs, random garbage, and
 * a SYN flood on the listener (RFC 5961, bounded SYN backlog). The attacker knows the sequence
 * numbers on the wire (the worst case short of a full man in the middle) but not SND.NXT of the
 * receiver, so its acknowledgments are guesses.
 */
class AttackDuringTransferTest {
  private static final long SEED = Long.getLong("vstack.seed", System.nanoTime());
  private static final long FORGE_INTERVAL_NANOS = 100_000L;

  @Test
  void shouldCompleteTransferByteExactWhenForgedSegmentsAndSynFloodHitTheReceiver() {
    final Simulation sim =
        new Simulation(
            Simulation.config(),
            Simulation.config(),
            SimulatedLink.Impairments.clean().withLoss(0.01),
            SEED);
    // B's SND.NXT as A's genuine ACKs reveal it, so forged ACKs can be aimed just beyond it.
    final int[] receiverSndNxt = new int[1];
    sim.link.tapToB =
        seg -> {
          if (seg.sourcePort == PORT_A && (seg.flags & TcpFlags.ACK) != 0) {
            receiverSndNxt[0] = seg.ack;
          }
        };
    final int[] ids = sim.connect(10_000 * MS);
    final Simulation.Stream stream = new Simulation.Stream(4 << 20);
    final SplittableRandom random = new SplittableRandom(SEED);
    final SegmentInfo forged = new SegmentInfo();
    final UnsafeBuffer junk = new UnsafeBuffer(new byte[1000]);
    long forgedCount = 0;
    long nextForge = sim.now;
    while (!stream.eof && sim.now < 120_000 * MS) {
      sim.pump(sim.a, ids[0], stream, true);
      sim.step();
      // 10 000 forged segments per second of simulated time, whatever the packet rate.
      while (nextForge <= sim.now) {
        forge(random, forged, sim.b.rcvNxt(ids[1]), receiverSndNxt[0], junk);
        sim.b.onSegment(forged, sim.now);
        forgedCount++;
        nextForge += FORGE_INTERVAL_NANOS;
      }
      sim.drain(sim.b, ids[1], stream);
    }
    final TcpCounters c = sim.b.counters();
    final String why =
        ("first corrupt byte " + stream.firstMismatch + " ")
            + "seed=%d forged=%d challenge=%d suppressed=%d badAck=%d outOfWindow=%d evictions=%d"
                .formatted(
                    SEED,
                    forgedCount,
                    c.challengeAcksSent,
                    c.challengeAcksSuppressed,
                    c.badAckDrops,
                    c.outOfWindowDrops,
                    c.synBacklogEvictions);
    System.out.println(why);
    assertThat(stream.received).as(why).isEqualTo(stream.total);
    assertThat(stream.receivedDigest.digest()).as(why).isEqualTo(stream.sentDigest.digest());
    assertThat(sim.a.state(ids[0])).as(why).isNotEqualTo(TcpState.CLOSED);
    assertThat(c.challengeAcksSent).as(why).isPositive();
    assertThat(c.badAckDrops).as(why).isPositive();
    assertThat(c.outOfWindowDrops).as(why).isPositive();
    assertThat(c.synBacklogEvictions).as(why).isPositive();
    assertThat(sim.b.connections()).as("backlog bounds the flood").isLessThanOrEqualTo(1 + 16);
  }

  /** One forged segment toward B: a mix of the classic blind attacks. */
  private static void forge(
      final SplittableRandom random,
      final SegmentInfo s,
      final int rcvNxt,
      final int receiverSndNxt,
      final UnsafeBuffer junk) {
    s.reset();
    s.sourceAddress = ADDRESS_A;
    s.destinationAddress = ADDRESS_B;
    s.sourcePort = PORT_A;
    s.destinationPort = PORT_B;
    s.window = random.nextInt(65_536);
    final int inWindow = rcvNxt + random.nextInt(1, 100_000);
    final int unsentAck = receiverSndNxt + random.nextInt(1, 1 << 30);
    switch (random.nextInt(5)) {
      case 0 -> {
        s.flags = TcpFlags.RST;
        s.seq = inWindow;
      }
      case 1 -> {
        s.flags = TcpFlags.SYN;
        s.seq = inWindow;
      }
      case 2 -> {
        s.flags = TcpFlags.ACK | TcpFlags.PSH;
        s.seq = inWindow;
        s.ack = unsentAck;
        s.payload(junk, 0, random.nextInt(1, 1000));
      }
      case 3 -> {
        // SYN flood on the listener from spoofed ports.
        s.flags = TcpFlags.SYN;
        s.sourcePort = random.nextInt(1024, 65_536);
        s.sourceAddress = random.nextInt();
        s.seq = random.nextInt();
      }
      default -> {
        s.flags = random.nextInt(256);
        s.seq = random.nextInt();
        s.ack = random.nextInt();
        s.mss = random.nextInt(65_536);
        s.windowScale = random.nextInt(-1, 20);
        s.hasTimestamp = random.nextBoolean();
        s.tsVal = random.nextInt();
        s.sackCount = random.nextInt(SegmentInfo.MAX_SACK_BLOCKS + 1);
        for (int i = 0; i < s.sackCount; i++) {
          s.sackStarts[i] = receiverSndNxt + random.nextInt(-100_000, 100_000);
          s.sackEnds[i] = s.sackStarts[i] + random.nextInt(-1000, 100_000);
        }
        s.payload(junk, 0, random.nextInt(0, 1000));
      }
    }
  }
}
