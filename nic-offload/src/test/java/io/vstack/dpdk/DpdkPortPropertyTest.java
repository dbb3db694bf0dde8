package io.vstack.dpdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.vstack.port.FrameBatch;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Seeded random sequences of transmit, receive, partial forward (trimmed, rewritten, mixed with
 * fresh frames) and ring overflow through net_ring's loopback, checked against a model queue: every
 * frame comes back once, in order, with its content; no mbuf leaks.
 */
class DpdkPortPropertyTest {
  private final TestEal dpdk = TestEal.get();

  static List<Long> seeds() {
    final Random random = new Random();
    return List.of(1L, 2L, random.nextLong(), random.nextLong(), random.nextLong());
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void shouldDeliverEveryTakenFrameOnceInOrderWhenOperationsAreRandom(final long seed) {
    final Random random = new Random(seed);
    final String why = "seed " + seed + " (rerun with this seed to reproduce)";
    final EthDev ring = dpdk.port("net_ring0");
    final int poolBefore = dpdk.pool().available();
    final Deque<byte[]> model = new ArrayDeque<>();
    final BurstPath path = random.nextBoolean() ? BurstPath.FP_OPS : BurstPath.SHIM;
    try (DpdkPort port = new DpdkPort(ring, 0, dpdk.pool(), path, 32);
        FrameBatch batch = new FrameBatch()) {
      final UnsafeBuffer view = new UnsafeBuffer(0, 0);
      int partial = 0;
      for (int step = 0; step < 300; step++) {
        batch.clear();
        switch (step == 150 ? 4 : random.nextInt(4)) {
          case 0 -> { // transmit fresh frames, possibly into a full ring
            addFresh(batch, random, 1 + random.nextInt(32));
            final List<byte[]> offered = contents(batch);
            final int taken = port.transmit(batch);
            assertThat(taken).as(why).isBetween(0, offered.size());
            model.addAll(offered.subList(0, taken));
          }
          case 4 -> { // flood: fill the ring until it refuses part of a burst
            for (int burst = 0; burst < 100; burst++) {
              batch.clear();
              addFresh(batch, random, 32);
              final List<byte[]> offered = contents(batch);
              final int taken = port.transmit(batch);
              model.addAll(offered.subList(0, taken));
              if (taken < offered.size()) {
                partial++;
                break;
              }
            }
          }
          case 1 -> { // receive and check
            final int n = port.receive(batch);
            assertThat(n).as(why).isEqualTo(Math.min(32, model.size()));
            for (final byte[] frame : contents(batch)) {
              assertThat(frame).as(why).isEqualTo(model.poll());
            }
          }
          default -> { // receive, drop some, rewrite/trim some, add fresh ones, forward
            port.receive(batch);
            for (int i = 0; i < batch.size(); i++) {
              assertThat(contents(batch).get(i)).as(why).isEqualTo(model.poll());
            }
            batch.discardFirst(random.nextInt(batch.size() + 1));
            for (int i = 0; i < batch.size(); i++) {
              if (random.nextInt(3) == 0) {
                batch
                    .wrap(i, view)
                    .putByte(random.nextInt(batch.length(i)), (byte) random.nextInt());
                batch.length(i, 14 + random.nextInt(batch.length(i) - 13));
              }
            }
            addFresh(batch, random, random.nextInt(batch.remaining() + 1));
            final List<byte[]> offered = contents(batch);
            final int taken = port.transmit(batch);
            model.addAll(offered.subList(0, taken));
          }
        }
      }
      // drain
      for (int polls = 0; polls < 10_000 && !model.isEmpty(); polls++) {
        batch.clear();
        port.receive(batch);
        for (final byte[] frame : contents(batch)) {
          assertThat(frame).as(why).isEqualTo(model.poll());
        }
      }
      assertThat(model).as(why).isEmpty();
      assertThat(partial).as("the ring refused part of a burst, " + why).isPositive();
      batch.clear();
      assertThat(port.receive(batch)).as(why).isZero();
    }
    assertThat(dpdk.pool().available()).as("no mbuf leaked, " + why).isEqualTo(poolBefore);
  }

  private static void addFresh(final FrameBatch batch, final Random random, final int count) {
    for (int i = 0; i < count && !batch.isFull(); i++) {
      final byte[] frame = new byte[14 + random.nextInt(1500 - 13)];
      random.nextBytes(frame);
      batch.add(new UnsafeBuffer(frame), 0, frame.length);
    }
  }

  private static List<byte[]> contents(final FrameBatch batch) {
    final List<byte[]> frames = new ArrayList<>();
    final UnsafeBuffer view = new UnsafeBuffer(0, 0);
    for (int i = 0; i < batch.size(); i++) {
      final byte[] frame = new byte[batch.length(i)];
      batch.wrap(i, view).getBytes(0, frame);
      frames.add(frame);
    }
    return frames;
  }
}
