package io.vstack.txqueue;

import static org.assertj.core.api.Assertions.assertThat;

import io.vstack.lane.FrameSource;
import io.vstack.lane.LaneHandler;
import io.vstack.lane.Lanes;
import io.vstack.lane.LanesContext;
import io.vstack.lane.ThreadingMode;
import io.vstack.port.FrameBatch;
import io.vstack.port.MemoryPort;
import io.vstack.rss.InnerFlowKeys;
import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Tenants' transmit queues as lane sources next to a port: every frame two honest tenants queue
 * reaches a lane handler, in order per flow, on the same lane as the flow's frames arriving from
 * the port in the other direction; a third tenant that scribbles over its own queue only loses its
 * own frames.
 */
class TenantTxLanesTest {
  private static final int FLOWS = 40;
  private static final int FRAMES_PER_TENANT = 40_000;
  private static final int PORT_FRAMES = 4_000;
  private static final int EVIL = 3;

  /** Per (source kind, tenant, flow): next sequence expected and the lanes that saw it. */
  private final AtomicIntegerArray expected = new AtomicIntegerArray(2 * 4 * FLOWS);

  private final AtomicLongArray lanesOf = new AtomicLongArray(4 * FLOWS);
  private final AtomicLong honestFrames = new AtomicLong();
  private final AtomicLong outOfOrder = new AtomicLong();
  private final AtomicLong badFrames = new AtomicLong();

  private final class Recorder implements LaneHandler {
    private final int lane;
    private final UnsafeBuffer view = new UnsafeBuffer(0, 0);

    Recorder(final int lane) {
      this.lane = lane;
    }

    @Override
    public void onFrame(
        final long address,
        final int length,
        final int tenant,
        final int markedSlot,
        final int hash,
        final int source) {
      if (length < 14 || length > 1514) {
        badFrames.incrementAndGet();
        return;
      }
      if (tenant == EVIL || source == EVIL) {
        return;
      }
      view.wrap(address, length);
      final int flow = TxFrames.flow(view);
      final int fromPort = source == 0 ? 1 : 0;
      final int slot = (fromPort * 4 + tenant) * FLOWS + flow;
      if (TxFrames.sequence(view) != expected.get(slot)) {
        outOfOrder.incrementAndGet();
      }
      expected.set(slot, TxFrames.sequence(view) + 1);
      lanesOf.getAndAccumulate(tenant * FLOWS + flow, 1L << lane, (a, b) -> a | b);
      honestFrames.incrementAndGet();
    }

    @Override
    public void onEndOfBatch() {}
  }

  @ParameterizedTest
  @EnumSource(ThreadingMode.class)
  void shouldDeliverEveryHonestTenantFrameInOrderOnItsFlowsLaneWhenAnotherTenantScribbles(
      final ThreadingMode mode) throws Exception {
    final long seed = ThreadLocalRandom.current().nextLong();
    final MemoryPort.Pair wire = MemoryPort.pair("peer", "host", 8192, 256);
    try (TenantTxQueue one = TenantTxQueue.allocate(1 << 14);
        TenantTxQueue two = TenantTxQueue.allocate(1 << 14);
        TenantTxQueue evil = TenantTxQueue.allocate(1 << 12);
        FrameBatch out = new FrameBatch(32, 256)) {
      final TenantTxSource evilSource = evil.source(EVIL, 1514);
      final LanesContext context =
          new LanesContext()
              .threadingMode(mode)
              .laneCount(2)
              .source(FrameSource.of(wire.b()))
              .source(one.source(1, 1514))
              .source(two.source(2, 1514))
              .source(evilSource)
              // frames from the port: the test puts the tenant in the first byte of the frame
              .flowKeyExtractor(
                  (frame, length, key) ->
                      InnerFlowKeys.extract(frame, 0, length, frame.getByte(0), key))
              .handlerFactory((lane, slowPath) -> new Recorder(lane));
      final AtomicReference<Throwable> failure = new AtomicReference<>();
      final Thread[] tenants = {
        producer(one.producer(), 1, failure), producer(two.producer(), 2, failure)
      };
      final Thread scribbler = scribbler(evil, seed, failure);
      try (Lanes lanes = Lanes.launch(context)) {
        for (final Thread t : tenants) {
          t.start();
        }
        scribbler.start();
        // the answering direction of tenant 1 and 2's flows arrives from the port
        final UnsafeBuffer frame = new UnsafeBuffer(new byte[TxFrames.LENGTH]);
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        for (int i = 0; i < PORT_FRAMES && System.nanoTime() < deadline; ) {
          out.clear();
          while (!out.isFull() && i + out.size() < PORT_FRAMES) {
            final int n = i + out.size();
            final int tenant = 1 + n % 2;
            final int flow = n / 2 % FLOWS;
            TxFrames.write(frame, 0, tenant, flow, n / (2 * FLOWS));
            answer(frame, tenant);
            out.add(frame, 0, TxFrames.LENGTH);
          }
          final int sent = out.size();
          while (!out.isEmpty() && System.nanoTime() < deadline) {
            out.discardFirst(wire.a().transmit(out));
          }
          i += sent;
        }
        final long total = 2L * FRAMES_PER_TENANT + PORT_FRAMES;
        while (honestFrames.get() < total
            && System.nanoTime() < deadline
            && failure.get() == null) {
          Thread.sleep(5);
        }
        scribbler.interrupt();
        for (final Thread t : tenants) {
          t.join(10_000);
        }
        scribbler.join(10_000);
        assertThat(failure.get()).as("seed %d", seed).isNull();
        assertThat(honestFrames.get()).as("seed %d", seed).isEqualTo(total);
        assertThat(outOfOrder.get()).as("seed %d", seed).isZero();
        assertThat(badFrames.get()).as("seed %d", seed).isZero();
        for (int tenant = 1; tenant <= 2; tenant++) {
          for (int flow = 0; flow < FLOWS; flow++) {
            assertThat(Long.bitCount(lanesOf.get(tenant * FLOWS + flow)))
                .as("seed %d: lanes of tenant %d flow %d, both directions", seed, tenant, flow)
                .isEqualTo(1);
          }
        }
        assertThat(lanes.lane(0).framesHandled()).isPositive();
        assertThat(lanes.lane(1).framesHandled()).isPositive();
        assertThat(evilSource.drops())
            .as("seed %d: the scribbler's bad records", seed)
            .isPositive();
        assertThat(lanes.distinctErrors()).isZero();
      }
    }
  }

  /** Turns tenant {@code tenant}'s frame around (swaps addresses and ports) and tags the tenant. */
  private static void answer(final UnsafeBuffer frame, final int tenant) {
    final int src = frame.getInt(26);
    frame.putInt(26, frame.getInt(30));
    frame.putInt(30, src);
    final short port = frame.getShort(34);
    frame.putShort(34, frame.getShort(36));
    frame.putShort(36, port);
    frame.putByte(0, (byte) tenant);
  }

  private static Thread producer(
      final OneToOneRingBuffer queue, final int tenant, final AtomicReference<Throwable> failure) {
    return new Thread(
        () -> {
          try {
            final UnsafeBuffer frame = new UnsafeBuffer(new byte[TxFrames.LENGTH]);
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            for (int i = 0; i < FRAMES_PER_TENANT && System.nanoTime() < deadline; i++) {
              TxFrames.write(frame, 0, tenant, i % FLOWS, i / FLOWS);
              while (!queue.write(TenantTxQueue.FRAME_MSG_TYPE_ID, frame, 0, TxFrames.LENGTH)
                  && System.nanoTime() < deadline) {
                Thread.yield();
              }
            }
          } catch (final Throwable t) {
            failure.set(t);
          }
        },
        "tenant-" + tenant);
  }

  private static Thread scribbler(
      final TenantTxQueue queue, final long seed, final AtomicReference<Throwable> failure) {
    return new Thread(
        () -> {
          final SplittableRandom random = new SplittableRandom(seed);
          final OneToOneRingBuffer producer = queue.producer();
          final UnsafeBuffer frame = new UnsafeBuffer(new byte[TxFrames.LENGTH]);
          try {
            producer.write(99, frame, 0, TxFrames.LENGTH);
            while (!Thread.currentThread().isInterrupted()) {
              for (int i = 0; i < 64; i++) {
                if (random.nextBoolean()) {
                  queue
                      .buffer()
                      .putLong(random.nextInt(queue.capacity() / 8) * 8, random.nextLong());
                } else {
                  TxFrames.write(frame, 0, EVIL, 0, i);
                  producer.write(TenantTxQueue.FRAME_MSG_TYPE_ID, frame, 0, TxFrames.LENGTH);
                }
              }
              Thread.sleep(1);
            }
          } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
          } catch (final Throwable t) {
            failure.set(t);
          }
        },
        "tenant-evil");
  }
}
