package io.vstack.stack;

import static java.nio.ByteOrder.BIG_ENDIAN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vstack.host.HostAgent;
import io.vstack.host.HostContext;
import io.vstack.port.Allocations;
import io.vstack.port.FaultCounters;
import io.vstack.port.FaultInjectingPort;
import io.vstack.port.FrameBatch;
import io.vstack.port.Impairments;
import io.vstack.port.MemoryPort;
import io.vstack.port.Port;
import io.vstack.tcp.TcpConfig;
import io.vstack.tcp.TcpHandler;
import io.vstack.tcp.TcpState;
import io.vstack.tcp.cc.CongestionControlAlgorithm;
import io.vstack.tcp.cc.Dctcp;
import io.vstack.wire.Ipv4Address;
import io.vstack.wire.WireError;
import java.util.function.BooleanSupplier;
import java.util.stream.LongStream;
import org.agrona.concurrent.CachedNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Two {@link TcpStack}s on the two ends of a {@link MemoryPort} wire, on one injected clock: the
 * wire glue carries whole transfers (with the fault injector in between too), allocates nothing in
 * the steady state, and counts malformed segments instead of feeding them to the engine.
 */
class TcpStackTest {
  private static final int IP_A = Ipv4Address.parse("192.0.2.1");
  private static final int IP_B = Ipv4Address.parse("192.0.2.2");
  private static final long MAC_A = 0x0200_0000_00A1L;
  private static final long MAC_B = 0x0200_0000_00B2L;
  private static final long TICK_NANOS = 20_000;

  // Fixed by default so the build is reproducible; -Dvstack.faults.seed=N and
  // -Dvstack.faults.seeds=COUNT explore others (e.g. 50 seeds from a random base).
  private static final long BASE_SEED = Long.getLong("vstack.faults.seed", 1);
  private static final int SEED_COUNT = Integer.getInteger("vstack.faults.seeds", 12);

  /**
   * Found by this matrix (issue 4): both stacks' timeouts rewound SND.NXT below what the other
   * already held, and each dropped the other's old-sequence pure ACKs without reading their
   * acknowledgment until the connection timed out. Fixed by processing the ACK field of recent old
   * segments (TcpEngine, RFC 9293 3.10.7.4); kept as a fixed case.
   */
  private static final long REWOUND_ACK_DEADLOCK_SEED = 7194325137839L;

  static LongStream seeds() {
    return LongStream.concat(
        LongStream.range(BASE_SEED, BASE_SEED + SEED_COUNT),
        LongStream.of(REWOUND_ACK_DEADLOCK_SEED));
  }

  private final CachedNanoClock clock = new CachedNanoClock();

  @Test
  void shouldCarryBothDirectionsIntactAndAllocateNothingInTheSteadyState() {
    try (MemoryPort.Pair wire = MemoryPort.pair("a", "b")) {
      final Pair pair = new Pair(wire.a(), wire.b(), new TcpConfig());
      final StreamPump[] pumps = pair.connect(256L << 20);
      pair.run(
          () -> {
            pair.tick(pumps);
            return pumps[1].received() > (8 << 20);
          },
          2_000_000);
      final long allocated =
          Allocations.leastDuring(
              () -> {
                for (int i = 0; i < 500; i++) {
                  pair.tick(pumps);
                }
              },
              20);
      assertThat(allocated).as("heap bytes per 500 duty cycles, least of 20").isZero();
      pair.run(() -> pair.tick(pumps), 20_000_000);
      pair.assertIntact(pumps, 256L << 20);
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void shouldDeliverEverythingWhenEveryFaultIsInjectedBetweenTwoStacks(final long seed) {
    try (MemoryPort.Pair wire = MemoryPort.pair("a", "b");
        FaultInjectingPort faulty =
            FaultInjectingPort.symmetric(
                wire.a(),
                new Impairments()
                    .loss(0.02)
                    .burstLoss(0.002, 3)
                    .reorder(0.1, 1_000_000)
                    .duplicate(0.02)
                    .delay(2_000_000, 500_000)
                    .corrupt(0.01)
                    .ceMark(0.05)
                    .seed(seed),
                clock)) {
      final TracingPort tracing = new TracingPort(faulty, clock);
      final Pair pair = new Pair(tracing, wire.b(), new TcpConfig().ecn(true));
      final StreamPump[] pumps = pair.connect(4L << 20);
      try {
        pair.run(() -> pair.tick(pumps), 50_000_000);
        pair.assertIntact(pumps, 4L << 20);
      } catch (final AssertionError e) {
        throw new AssertionError(
            "seed "
                + seed
                + " (-Dvstack.faults.seed): "
                + e.getMessage()
                + "\n a: "
                + describe(pair.a)
                + "\n b: "
                + describe(pair.b)
                + "\n faults to a: "
                + faulty.inboundCounters()
                + "\n faults from a: "
                + faulty.outboundCounters()
                + "\n"
                + tracing.last(),
            e);
      }
      assertThat(pair.a.sackBlocksOmitted() + pair.b.sackBlocksOmitted())
          .as("data segments that had to leave SACK blocks out to fit the MTU, seed %d", seed)
          .isPositive();
      assertThat(faulty.inboundCounters().corrupted() + faulty.outboundCounters().corrupted())
          .as("seed %d", seed)
          .isPositive();
      assertThat(
              pair.a.malformed(WireError.BAD_CHECKSUM) + pair.b.malformed(WireError.BAD_CHECKSUM))
          .as("corrupted segments caught by the TCP checksum, seed %d", seed)
          .isPositive();
      assertThat(
              pair.b.engine().counters().ecnEchoReceived
                  + pair.a.engine().counters().ecnEchoReceived)
          .as("CE marks echoed, seed %d", seed)
          .isPositive();
    }
  }

  /**
   * DCTCP (RFC 8257) through real frames: the wire CE-marks a fixed fraction of a's ECN-capable
   * data frames (b echoes each mark exactly); a's alpha must converge to that fraction, and its
   * window must settle where DCTCP's per-RTT cut {@code cwnd * alpha / 2} balances the growth of
   * one MSS per RTT, {@code cwnd ~ 2 MSS / alpha}: the more is marked, the smaller the window.
   */
  @Test
  void shouldFollowMarkedFractionWithDctcpAlphaAndWindowWhenTheWireMarksCe() {
    final double[] fractions = {0.05, 0.2, 0.5};
    final double[] meanCwnd = new double[fractions.length];
    final TcpConfig dctcp =
        new TcpConfig().ecn(true).congestionControl(CongestionControlAlgorithm.DCTCP);
    for (int i = 0; i < fractions.length; i++) {
      final Impairments toB = new Impairments().delay(500_000, 0).ceMark(fractions[i]).seed(i + 1);
      final Impairments toA = new Impairments().delay(500_000, 0).seed(~i);
      try (MemoryPort.Pair wire = MemoryPort.pair("a", "b");
          FaultInjectingPort marking = new FaultInjectingPort(wire.a(), toA, toB, clock)) {
        final Pair pair = new Pair(marking, wire.b(), dctcp);
        final long bytes = 4L << 20;
        final StreamPump[] pumps = pair.connect(bytes, 0);
        final Dctcp cc = (Dctcp) pair.a.engine().congestionControl(pair.idA);
        final int mss = pair.a.engine().sendMss(pair.idA);
        double alphaSum = 0;
        double cwndSum = 0;
        long samples = 0;
        long ticks = 0;
        while (!pair.tick(pumps)) {
          if (++ticks > 5_000_000) {
            throw new AssertionError("fraction " + fractions[i] + ": transfer did not finish");
          }
          if (pumps[1].received() > bytes / 2) {
            alphaSum += cc.alpha();
            cwndSum += pair.a.engine().cwnd(pair.idA);
            samples++;
          }
        }
        pair.assertIntact(pumps, bytes, 0);
        final FaultCounters marks = marking.outboundCounters();
        final double marked = (double) marks.ceMarked() / marks.frames();
        final double alpha = alphaSum / samples;
        meanCwnd[i] = cwndSum / samples;
        final double steadyState = 2.0 * mss / alpha;
        System.out.printf(
            "[dctcp] marking %.2f: marked %.3f of %d frames, mean alpha %.3f, mean cwnd %.0f"
                + " (2 MSS / alpha = %.0f)%n",
            fractions[i], marked, marks.frames(), alpha, meanCwnd[i], steadyState);
        assertThat(alpha)
            .as("mean alpha at marking %.2f (marked %.3f)", fractions[i], marked)
            .isCloseTo(marked, within(Math.max(0.03, marked * 0.3)));
        assertThat(meanCwnd[i] / steadyState)
            .as("mean cwnd %.0f against 2 MSS / alpha at marking %.2f", meanCwnd[i], fractions[i])
            .isBetween(0.5, 2.0);
      }
    }
    assertThat(meanCwnd[0]).as("cwnd at 5%% vs 20%% marked").isGreaterThan(meanCwnd[1] * 1.5);
    assertThat(meanCwnd[1]).as("cwnd at 20%% vs 50%% marked").isGreaterThan(meanCwnd[2] * 1.5);
  }

  @Test
  void shouldCountAndDropSegmentsWithABadChecksumOrAShortHeader() {
    try (MemoryPort.Pair wire = MemoryPort.pair("a", "b");
        FrameBatch frames = new FrameBatch()) {
      final TcpStack stack = stack(wire.a(), MAC_A, IP_A, new TcpConfig());
      final UnsafeBuffer frame = new UnsafeBuffer(new byte[54]);
      final int ip = 14;
      frame.putLong(0, MAC_A << 16, BIG_ENDIAN); // destination MAC then 2 source bytes
      frame.putShort(12, (short) 0x0800, BIG_ENDIAN);
      frame.putShort(ip, (short) 0x4500, BIG_ENDIAN);
      frame.putShort(ip + 2, (short) 40, BIG_ENDIAN);
      frame.putByte(ip + 8, (byte) 64);
      frame.putByte(ip + 9, (byte) 6);
      frame.putInt(ip + 12, IP_B, BIG_ENDIAN);
      frame.putInt(ip + 16, IP_A, BIG_ENDIAN);
      frame.putShort(
          ip + 10, (short) io.vstack.wire.InternetChecksum.compute(frame, ip, 20), BIG_ENDIAN);
      frame.putShort(ip + 20 + 12, (short) 0x5002, BIG_ENDIAN); // SYN, data offset 5, checksum 0
      frames.add(frame, 0, 54);
      // Data offset 15 (60 bytes) in a 20-byte segment.
      frame.putShort(ip + 20 + 12, (short) 0xF002, BIG_ENDIAN);
      frames.add(frame, 0, 54);
      wire.b().transmit(frames);
      stack.doWork();
      assertThat(stack.malformed(WireError.BAD_CHECKSUM)).isEqualTo(1);
      assertThat(stack.malformed(WireError.BAD_HEADER_LENGTH)).isEqualTo(1);
      assertThat(stack.segmentsReceived()).isZero();
      assertThat(stack.engine().counters().segmentsReceived).isZero();
    }
  }

  private static String describe(final TcpStack stack) {
    final io.vstack.tcp.TcpCounters c = stack.engine().counters();
    return "rx="
        + c.segmentsReceived
        + " tx="
        + c.segmentsSent
        + " rexmit="
        + c.retransmittedSegments
        + " rto="
        + c.retransmitTimeouts
        + " paws="
        + c.pawsDrops
        + " outOfWindow="
        + c.outOfWindowDrops
        + " oldAcks="
        + c.oldSegmentAcksProcessed
        + " badAck="
        + c.badAckDrops
        + " reassembly="
        + c.reassemblyDrops
        + " challengeAcks="
        + c.challengeAcksSent
        + " rstIn="
        + c.resetsReceived
        + " badChecksum="
        + stack.malformed(WireError.BAD_CHECKSUM)
        + " unsent="
        + stack.segmentsUnsent()
        + " hostTxDropped="
        + stack.host().counters().txDropped();
  }

  private TcpStack stack(
      final Port port, final long mac, final int address, final TcpConfig config) {
    final HostAgent host =
        new HostAgent(new HostContext().port(port).mac(mac).address(address).clock(clock));
    return new TcpStack(host, config, new TcpHandler() {}, clock);
  }

  /** Stack a (connecting) and stack b (listening) and their pumps. */
  private final class Pair {
    final TcpStack a;
    final TcpStack b;
    int idA = -1;

    Pair(final Port portA, final Port portB, final TcpConfig config) {
      a = stack(portA, MAC_A, IP_A, config);
      b = stack(portB, MAC_B, IP_B, config);
    }

    StreamPump[] connect(final long bytes) {
      return connect(bytes, bytes);
    }

    /** Connects a to b; a sends {@code aToB} bytes, b sends {@code bToA}. */
    StreamPump[] connect(final long aToB, final long bToA) {
      final int listener = b.engine().listen(IP_B, 80, 4);
      run(() -> a.host().resolve(IP_B), 1_000_000);
      final int ca = a.engine().connect(IP_A, 40_000, IP_B, 80, clock.nanoTime());
      final int[] cb = {-1};
      run(() -> (cb[0] = b.engine().accept(listener)) >= 0, 5_000_000);
      assertThat(a.engine().state(ca)).isEqualTo(TcpState.ESTABLISHED);
      idA = ca;
      return new StreamPump[] {
        new StreamPump(a.engine(), ca, aToB, 1, false),
        new StreamPump(b.engine(), cb[0], bToA, 2, false)
      };
    }

    boolean tick(final StreamPump[] pumps) {
      clock.advance(TICK_NANOS);
      a.doWork();
      b.doWork();
      final long now = clock.nanoTime();
      final boolean doneA = pumps[0].step(now);
      final boolean doneB = pumps[1].step(now);
      a.flush();
      b.flush();
      return doneA && doneB;
    }

    void run(final BooleanSupplier done, final int maxTicks) {
      for (int i = 0; i < maxTicks; i++) {
        clock.advance(TICK_NANOS);
        a.doWork();
        b.doWork();
        if (done.getAsBoolean()) {
          return;
        }
      }
      throw new AssertionError("not done after " + maxTicks + " ticks");
    }

    void assertIntact(final StreamPump[] pumps, final long bytes) {
      assertIntact(pumps, bytes, bytes);
    }

    void assertIntact(final StreamPump[] pumps, final long aToB, final long bToA) {
      assertThat(pumps[0].received()).isEqualTo(bToA);
      assertThat(pumps[1].received()).isEqualTo(aToB);
      assertThat(pumps[0].receivedSha256()).isEqualTo(pumps[1].sentSha256());
      assertThat(pumps[1].receivedSha256()).isEqualTo(pumps[0].sentSha256());
    }
  }
}
