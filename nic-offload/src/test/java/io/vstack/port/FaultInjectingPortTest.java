package io.vstack.port;

import static java.nio.ByteOrder.BIG_ENDIAN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.agrona.concurrent.CachedNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * The fault injector between two {@link MemoryPort} ends, with an injected clock: each fault does
 * what it says, in both directions, reproducibly for a seed, and without allocating per frame.
 */
class FaultInjectingPortTest {
  private static final int FRAMES = 4000;
  private static final int LENGTH = 60;
  private static final long MS = 1_000_000L;

  private final CachedNanoClock clock = new CachedNanoClock();
  private final FrameBatch batch = new FrameBatch();
  private final UnsafeBuffer frame = new UnsafeBuffer(new byte[LENGTH]);

  @Test
  void shouldDeliverEveryFrameInOrderBothWaysWhenNothingIsImpaired() {
    try (MemoryPort.Pair wire = MemoryPort.pair("a", "b");
        FaultInjectingPort port =
            FaultInjectingPort.symmetric(wire.a(), new Impairments(), clock)) {
      assertThat(sendInbound(wire.b(), port, FRAMES)).containsExactlyElementsOf(range(FRAMES));
      assertThat(sendOutbound(port, wire.b(), FRAMES)).containsExactlyElementsOf(range(FRAMES));
    }
  }

  @Test
  void shouldDropAboutTheLossRateAndCountEveryDropWhenLossIsSet() {
    try (MemoryPort.Pair wire = MemoryPort.pair("a", "b");
        FaultInjectingPort port =
            FaultInjectingPort.symmetric(wire.a(), new Impairments().loss(0.1).seed(3), clock)) {
      final List<Integer> in = sendInbound(wire.b(), port, FRAMES);
      final List<Integer> out = sendOutbound(port, wire.b(), FRAMES);
      assertThat(in.size()).isBetween(FRAMES * 85 / 100, FRAMES * 95 / 100);
      assertThat(FRAMES - in.size()).isEqualTo(port.inboundCounters().lost());
      assertThat(FRAMES - out.size()).isEqualTo(port.outboundCounters().lost());
      assertThat(in).isSorted();
      assertThat(in).isNotEqualTo(out);
    }
  }

  @Test
  void shouldDropWholeBurstsWhenBurstLossIsSet() {
    try (MemoryPort.Pair wire = MemoryPort.pair("a", "b");
        FaultInjectingPort port =
            FaultInjectingPort.symmetric(
                wire.a(), new Impairments().burstLoss(0.02, 5).seed(5), clock)) {
      final List<Integer> in = sendInbound(wire.b(), port, FRAMES);
      final long lost = port.inboundCounters().burstLost();
      assertThat(lost).isPositive().isEqualTo(FRAMES - in.size());
      for (int i = 1; i < in.size(); i++) {
        final int gap = in.get(i) - in.get(i - 1) - 1;
        assertThat(gap % 5).as("gap of %d before frame %d", gap, in.get(i)).isZero();
      }
    }
  }

  @Test
  void shouldGiveTheSameFaultsWhenTheSeedIsTheSame() {
    final List<List<Integer>> runs = new ArrayList<>();
    for (int run = 0; run < 2; run++) {
      try (MemoryPort.Pair wire = MemoryPort.pair("a", "b");
          FaultInjectingPort port =
              FaultInjectingPort.symmetric(
                  wire.a(), new Impairments().loss(0.05).duplicate(0.05).seed(99), clock)) {
        runs.add(sendInbound(wire.b(), port, FRAMES));
      }
    }
    assertThat(runs.get(0)).isEqualTo(runs.get(1));
  }

  @Test
  void shouldDeliverACopyRightAfterTheFrameWhenDuplicating() {
    try (MemoryPort.Pair wire = MemoryPort.pair("a", "b");
        FaultInjectingPort port =
            FaultInjectingPort.symmetric(
                wire.a(), new Impairments().duplicate(0.05).seed(7), clock)) {
      final List<Integer> out = sendOutbound(port, wire.b(), FRAMES);
      assertThat(out.size()).isEqualTo(FRAMES + port.outboundCounters().duplicated());
      assertThat(port.outboundCounters().duplicated()).isBetween(100L, 300L);
      assertThat(out).isSorted();
    }
  }

  @Test
  void shouldHoldFramesForTheDelayAndKeepTheirOrderWhenDelayedWithJitter() {
    try (MemoryPort.Pair wire = MemoryPort.pair("a", "b");
        FaultInjectingPort port =
            FaultInjectingPort.symmetric(
                wire.a(), new Impairments().delay(10 * MS, 3 * MS).seed(11), clock)) {
      for (int i = 0; i < 100; i++) {
        wire.b().transmit(one(i));
      }
      batch.clear();
      assertThat(port.receive(batch)).as("nothing before 7 ms").isZero();
      clock.advance(7 * MS - 1);
      assertThat(drain(port)).isEmpty();
      clock.advance(7 * MS);
      final List<Integer> delivered = drain(port);
      assertThat(delivered).containsExactlyElementsOf(range(100));
      assertThat(port.inboundCounters().delayed()).isEqualTo(100);
    }
  }

  @Test
  void shouldLetLaterFramesPassAHeldFrameWhenReordering() {
    try (MemoryPort.Pair wire = MemoryPort.pair("a", "b");
        FaultInjectingPort port =
            FaultInjectingPort.symmetric(
                wire.a(), new Impairments().reorder(0.25, 2 * MS).seed(13), clock)) {
      for (int i = 0; i < 400; i++) {
        wire.b().transmit(one(i));
      }
      final List<Integer> now = drain(port);
      clock.advance(2 * MS);
      final List<Integer> later = drain(port);
      assertThat(later).hasSize((int) port.inboundCounters().reordered());
      assertThat(later.size()).isBetween(60, 140);
      final List<Integer> all = new ArrayList<>(now);
      all.addAll(later);
      assertThat(all).containsExactlyInAnyOrderElementsOf(range(400)).isNotEqualTo(range(400));
    }
  }

  @Test
  void shouldFlipExactlyOneBitAfterTheEthernetHeaderWhenCorrupting() {
    try (MemoryPort.Pair wire = MemoryPort.pair("a", "b");
        FaultInjectingPort port =
            FaultInjectingPort.symmetric(wire.a(), new Impairments().corrupt(1).seed(17), clock)) {
      wire.b().transmit(one(5));
      batch.clear();
      assertThat(port.receive(batch)).isEqualTo(1);
      final byte[] got = Frames.copy(batch, 0);
      final byte[] sent = new byte[LENGTH];
      frame.getBytes(0, sent);
      int flipped = 0;
      for (int i = 0; i < LENGTH; i++) {
        flipped += Integer.bitCount((got[i] ^ sent[i]) & 0xFF);
        if (i < 14) {
          assertThat(got[i]).isEqualTo(sent[i]);
        }
      }
      assertThat(flipped).isEqualTo(1);
      assertThat(port.inboundCounters().corrupted()).isEqualTo(1);
    }
  }

  @Test
  void shouldMarkCeWithAValidHeaderChecksumOnlyWhenThePacketIsEcnCapable() {
    try (MemoryPort.Pair wire = MemoryPort.pair("a", "b");
        FaultInjectingPort port =
            FaultInjectingPort.symmetric(wire.a(), new Impairments().ceMark(1).seed(19), clock)) {
      final FrameBatch ect = ipv4(2);
      port.transmit(ect);
      final FrameBatch notEct = ipv4(0);
      port.transmit(notEct);
      batch.clear();
      assertThat(wire.b().receive(batch)).isEqualTo(2);
      final UnsafeBuffer marked = batch.wrap(0, new UnsafeBuffer(0, 0));
      assertThat(marked.getByte(15) & 3).isEqualTo(3);
      assertThat(ipv4HeaderSum(marked)).as("header checksum still verifies").isEqualTo(0xFFFF);
      assertThat(batch.wrap(1, new UnsafeBuffer(0, 0)).getByte(15) & 3).isZero();
      assertThat(port.outboundCounters().ceMarked()).isEqualTo(1);
    }
  }

  @Test
  void shouldRejectAProbabilityOutsideZeroToOneWithItsName() {
    assertThatThrownBy(() -> new Impairments().loss(1.5).conclude())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("impairments.loss");
    assertThatThrownBy(() -> new Impairments().delay(MS, 2 * MS).conclude())
        .hasMessageContaining("jitter");
  }

  @Test
  void shouldNotAllocatePerFrameWhenEveryFaultIsOn() {
    try (MemoryPort.Pair wire = MemoryPort.pair("a", "b");
        FaultInjectingPort port =
            FaultInjectingPort.symmetric(
                wire.a(),
                new Impairments()
                    .loss(0.05)
                    .burstLoss(0.01, 3)
                    .reorder(0.2, MS)
                    .duplicate(0.05)
                    .delay(MS, MS / 2)
                    .corrupt(0.05)
                    .ceMark(0.05)
                    .seed(23),
                clock)) {
      final FrameBatch burst = new FrameBatch();
      for (int i = 0; i < burst.capacity(); i++) {
        burst.add(frame, 0, LENGTH);
      }
      final Runnable rounds =
          () -> {
            for (int r = 0; r < 200; r++) {
              port.transmit(burst);
              wire.b().transmit(burst);
              clock.advance(MS);
              batch.clear();
              port.receive(batch);
              batch.clear();
              wire.b().receive(batch);
            }
          };
      assertThat(Allocations.leastDuring(rounds, 20)).isZero();
    }
  }

  private FrameBatch one(final int sequence) {
    frame.putInt(20, sequence, BIG_ENDIAN);
    batch.clear();
    batch.add(frame, 0, LENGTH);
    return batch;
  }

  private List<Integer> sendInbound(final Port peer, final FaultInjectingPort port, final int n) {
    final List<Integer> got = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      peer.transmit(one(i));
      got.addAll(drain(port));
    }
    return got;
  }

  private List<Integer> sendOutbound(final FaultInjectingPort port, final Port peer, final int n) {
    final List<Integer> got = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      port.transmit(one(i));
      got.addAll(drain(peer));
    }
    return got;
  }

  private List<Integer> drain(final Port port) {
    final List<Integer> got = new ArrayList<>();
    do {
      batch.clear();
      port.receive(batch);
      for (int i = 0; i < batch.size(); i++) {
        got.add(batch.wrap(i, new UnsafeBuffer(0, 0)).getInt(20, BIG_ENDIAN));
      }
    } while (batch.size() > 0);
    return got;
  }

  private static List<Integer> range(final int n) {
    final List<Integer> list = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      list.add(i);
    }
    return list;
  }

  /** An Ethernet + IPv4 frame with the given ECN codepoint and a valid header checksum. */
  private static FrameBatch ipv4(final int ecn) {
    final UnsafeBuffer f = new UnsafeBuffer(new byte[LENGTH]);
    f.putShort(12, (short) 0x0800, BIG_ENDIAN);
    f.putShort(14, (short) (0x4500 | ecn), BIG_ENDIAN);
    f.putShort(16, (short) 46, BIG_ENDIAN);
    f.putByte(22, (byte) 64);
    f.putByte(23, (byte) 6);
    f.putInt(26, 0xC6336401, BIG_ENDIAN);
    f.putInt(30, 0xC6336402, BIG_ENDIAN);
    f.putShort(24, (short) (~ipv4HeaderSum(f) & 0xFFFF), BIG_ENDIAN);
    final FrameBatch b = new FrameBatch(1, 2048);
    b.add(f, 0, LENGTH);
    return b;
  }

  private static int ipv4HeaderSum(final UnsafeBuffer f) {
    long sum = 0;
    for (int i = 14; i < 34; i += 2) {
      sum += f.getShort(i, BIG_ENDIAN) & 0xFFFF;
    }
    while ((sum >>> 16) != 0) {
      sum = (sum & 0xFFFF) + (sum >>> 16);
    }
    return (int) sum;
  }
}
