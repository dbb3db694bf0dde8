package io.vstack.port;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.Random;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class MemoryPortTest {
  private final UnsafeBuffer view = new UnsafeBuffer(0, 0);

  /** Measured rounds of the allocation tests; the least allocating one counts. */
  private static final int ROUNDS = 5;

  @Test
  void shouldDeliverFramesInOrderToThePeerWhenTransmitted() {
    try (MemoryPort.Pair wire = MemoryPort.pair("a", "b");
        FrameBatch out = new FrameBatch(8, 2048);
        FrameBatch in = new FrameBatch(8, 2048)) {
      for (int i = 0; i < 5; i++) {
        add(out, frame(60 + i, i));
      }

      assertThat(wire.a().transmit(out)).isEqualTo(5);
      assertThat(wire.b().receive(in)).isEqualTo(5);

      for (int i = 0; i < 5; i++) {
        assertThat(bytes(in, i)).isEqualTo(frame(60 + i, i));
      }
      assertThat(wire.a().counters().txFrames()).isEqualTo(5);
      assertThat(wire.b().counters().rxFrames()).isEqualTo(5);
      assertThat(wire.b().counters().rxBytes()).isEqualTo(60 + 61 + 62 + 63 + 64);
      assertThat(wire.a().receive(in)).as("nothing flows back").isZero();
    }
  }

  @Test
  void shouldTellAFrameIsWaitingWithoutReceivingItWhenPeeked() {
    try (MemoryPort.Pair wire = MemoryPort.pair("a", "b");
        FrameBatch out = new FrameBatch(8, 2048);
        FrameBatch in = new FrameBatch(8, 2048)) {
      assertThat(wire.b().hasReceivable()).isFalse();
      add(out, frame(60, 1));
      wire.a().transmit(out);

      assertThat(wire.b().hasReceivable()).isTrue();
      assertThat(wire.b().hasReceivable()).as("peeking takes nothing").isTrue();
      assertThat(wire.a().hasReceivable()).as("the other direction").isFalse();
      assertThat(wire.b().receive(in)).isEqualTo(1);
      assertThat(wire.b().hasReceivable()).isFalse();
    }
  }

  @Test
  void shouldCarryEachDirectionIndependentlyWhenBothEndsTransmit() {
    try (MemoryPort.Pair wire = MemoryPort.pair("a", "b");
        FrameBatch batch = new FrameBatch(4, 2048)) {
      add(batch, frame(64, 1));
      wire.a().transmit(batch);
      batch.clear();
      add(batch, frame(80, 2));
      wire.b().transmit(batch);
      batch.clear();

      assertThat(wire.a().receive(batch)).isEqualTo(1);
      assertThat(bytes(batch, 0)).isEqualTo(frame(80, 2));
      batch.clear();
      assertThat(wire.b().receive(batch)).isEqualTo(1);
      assertThat(bytes(batch, 0)).isEqualTo(frame(64, 1));
    }
  }

  @Test
  void shouldDropAndCountFramesWhenThePeerRingIsFull() {
    try (MemoryPort.Pair wire = MemoryPort.pair("a", "b", 4, 1514);
        FrameBatch out = new FrameBatch(6, 2048);
        FrameBatch in = new FrameBatch(8, 2048)) {
      for (int i = 0; i < 6; i++) {
        add(out, frame(64, i));
      }

      assertThat(wire.a().transmit(out)).as("dropped frames count as taken").isEqualTo(6);

      assertThat(wire.a().counters().txFrames()).isEqualTo(4);
      assertThat(wire.a().counters().txDropped()).isEqualTo(2);
      assertThat(wire.b().pending()).isEqualTo(4);
      assertThat(wire.b().receive(in)).isEqualTo(4);
      for (int i = 0; i < 4; i++) {
        assertThat(bytes(in, i)).as("the first four survive, in order").isEqualTo(frame(64, i));
      }
    }
  }

  @Test
  void shouldReceiveOnlyAsManyFramesAsTheBatchHasRoomWhenMoreAreWaiting() {
    try (MemoryPort.Pair wire = MemoryPort.pair("a", "b");
        FrameBatch out = new FrameBatch(10, 2048);
        FrameBatch in = new FrameBatch(3, 2048)) {
      for (int i = 0; i < 10; i++) {
        add(out, frame(64, i));
      }
      wire.a().transmit(out);

      assertThat(wire.b().receive(in)).isEqualTo(3);
      assertThat(wire.b().receive(in)).as("full batch").isZero();
      in.clear();
      assertThat(wire.b().receive(in)).isEqualTo(3);
      assertThat(bytes(in, 0)).isEqualTo(frame(64, 3));
      assertThat(wire.b().pending()).isEqualTo(4);
    }
  }

  @Test
  void shouldDropFramesLongerThanMaxFrameLengthWhenTransmitted() {
    try (MemoryPort.Pair wire = MemoryPort.pair("a", "b", 16, 100);
        FrameBatch out = new FrameBatch(4, 2048);
        FrameBatch in = new FrameBatch(4, 2048)) {
      add(out, frame(100, 1));
      add(out, frame(101, 2));
      add(out, frame(14, 3));

      assertThat(wire.a().transmit(out)).isEqualTo(3);

      assertThat(wire.a().counters().txDropped()).isEqualTo(1);
      assertThat(wire.b().receive(in)).isEqualTo(2);
      assertThat(bytes(in, 0)).isEqualTo(frame(100, 1));
      assertThat(bytes(in, 1)).isEqualTo(frame(14, 3));
    }
  }

  @Test
  void shouldDropAndCountFramesWhenTheReceiveBatchSlotsAreTooSmall() {
    try (MemoryPort.Pair wire = MemoryPort.pair("a", "b", 16, 1514);
        FrameBatch out = new FrameBatch(4, 2048);
        FrameBatch in = new FrameBatch(4, 64)) {
      add(out, frame(1000, 1));
      add(out, frame(64, 2));
      wire.a().transmit(out);

      assertThat(wire.b().receive(in)).isEqualTo(1);
      assertThat(bytes(in, 0)).isEqualTo(frame(64, 2));
      assertThat(wire.b().counters().rxDropped()).isEqualTo(1);
    }
  }

  @Test
  void shouldStopMovingFramesWhenClosed() {
    final MemoryPort.Pair wire = MemoryPort.pair("a", "b");
    try (FrameBatch batch = new FrameBatch(4, 2048)) {
      add(batch, frame(64, 1));
      wire.a().close();
      assertThat(wire.a().transmit(batch)).isZero();
      assertThat(wire.b().receive(batch)).isZero();
    } finally {
      wire.close();
    }
  }

  @Test
  void shouldMatchAQueueModelWhenFramesOfRandomSizeAreSentAndReceivedInRandomBursts() {
    final long seed = System.nanoTime();
    final Random random = new Random(seed);
    final int slots = 1 << (1 + random.nextInt(6));
    final int maxFrameLength = 60 + random.nextInt(1500);
    final ArrayDeque<byte[]> model = new ArrayDeque<>();
    long expectedDrops = 0;
    try (MemoryPort.Pair wire = MemoryPort.pair("a", "b", slots, maxFrameLength);
        FrameBatch out = new FrameBatch(32, 2048);
        FrameBatch in = new FrameBatch(32, 2048)) {
      for (int round = 0; round < 2000; round++) {
        out.clear();
        final int burst = random.nextInt(33);
        for (int i = 0; i < burst; i++) {
          final byte[] frame = new byte[14 + random.nextInt(1700)];
          random.nextBytes(frame);
          add(out, frame);
          if (frame.length > maxFrameLength || model.size() == slots) {
            expectedDrops++;
          } else {
            model.add(frame);
          }
        }
        assertThat(wire.a().transmit(out)).as("seed %d", seed).isEqualTo(burst);
        in.clear();
        final int room = random.nextInt(33);
        for (int i = 0; i < 32 - room; i++) {
          in.claim();
        }
        final int before = in.size();
        final int expected = Math.min(room, model.size());
        final int got = wire.b().receive(in);
        assertThat(got).as("seed %d", seed).isEqualTo(expected);
        for (int i = 0; i < got; i++) {
          assertThat(bytes(in, before + i))
              .as("seed %d round %d", seed, round)
              .isEqualTo(model.poll());
        }
      }
      assertThat(wire.a().counters().txDropped()).as("seed %d", seed).isEqualTo(expectedDrops);
      assertThat(wire.b().pending()).as("seed %d", seed).isEqualTo(model.size());
    }
  }

  @Test
  void shouldKeepOrderAndAccountForEveryFrameWhenProducerAndConsumerRunOnTwoThreads()
      throws Exception {
    final int total = 200_000;
    try (MemoryPort.Pair wire = MemoryPort.pair("a", "b", 64, 1514)) {
      final Thread producer =
          new Thread(
              () -> {
                try (FrameBatch out = new FrameBatch(16, 2048)) {
                  final UnsafeBuffer slot = new UnsafeBuffer(0, 0);
                  int next = 0;
                  while (next < total) {
                    out.clear();
                    for (int i = 0; i < 16 && next < total; i++, next++) {
                      final int index = out.claim();
                      out.wrapForWrite(index, slot).putInt(0, next);
                      slot.putInt(60, ~next);
                      out.length(index, 64 + (next & 511));
                    }
                    wire.a().transmit(out);
                  }
                }
              });
      producer.start();
      int last = -1;
      long received = 0;
      final long deadline = System.nanoTime() + 30_000_000_000L;
      try (FrameBatch in = new FrameBatch(16, 2048)) {
        while ((producer.isAlive() || wire.b().pending() > 0) && System.nanoTime() < deadline) {
          in.clear();
          final int n = wire.b().receive(in);
          for (int i = 0; i < n; i++) {
            in.wrap(i, view);
            final int sequence = view.getInt(0);
            assertThat(sequence).isGreaterThan(last);
            assertThat(view.getInt(60)).as("frame %d intact", sequence).isEqualTo(~sequence);
            assertThat(view.capacity()).isEqualTo(64 + (sequence & 511));
            last = sequence;
          }
          received += n;
        }
      }
      producer.join(10_000);
      assertThat(producer.isAlive()).isFalse();
      assertThat(received).isEqualTo(wire.b().counters().rxFrames());
      assertThat(received + wire.a().counters().txDropped())
          .as("every frame received or counted as dropped")
          .isEqualTo(total);
      assertThat(received).isPositive();
    }
  }

  @Test
  void shouldAllocateNothingPerFrameWhenFramesFlowInSteadyState() {
    try (MemoryPort.Pair wire = MemoryPort.pair("a", "b");
        FrameBatch out = new FrameBatch(32, 2048);
        FrameBatch in = new FrameBatch(32, 2048)) {
      for (int i = 0; i < 32; i++) {
        add(out, frame(64 + i * 40, i));
      }
      final Runnable burst =
          () -> {
            wire.a().transmit(out);
            in.clear();
            wire.b().receive(in);
          };
      for (int i = 0; i < 20_000; i++) {
        burst.run();
      }

      final long allocated =
          Allocations.leastDuring(
              () -> {
                for (int i = 0; i < 10_000; i++) {
                  burst.run();
                }
              },
              ROUNDS);

      assertThat(wire.b().counters().rxFrames()).isEqualTo((20_000L + ROUNDS * 10_000L) * 32);
      assertThat(allocated).as("bytes allocated for 320,000 frames").isLessThan(10_000);
    }
  }

  private static byte[] frame(final int length, final int tag) {
    final byte[] frame = new byte[length];
    for (int i = 0; i < length; i++) {
      frame[i] = (byte) (tag * 31 + i);
    }
    return frame;
  }

  private static void add(final FrameBatch batch, final byte[] frame) {
    assertThat(batch.add(new UnsafeBuffer(frame), 0, frame.length)).isNotNegative();
  }

  private byte[] bytes(final FrameBatch batch, final int index) {
    batch.wrap(index, view);
    final byte[] bytes = new byte[view.capacity()];
    view.getBytes(0, bytes);
    return bytes;
  }
}
