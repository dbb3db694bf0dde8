package io.vstack.lane;

import static org.assertj.core.api.Assertions.assertThat;

import io.vstack.dpdk.DpdkPort;
import io.vstack.dpdk.EthDev;
import io.vstack.dpdk.LaneVdevs;
import io.vstack.dpdk.Mempool;
import io.vstack.port.FrameBatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.CRC32;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * Lanes over a zero-copy {@link DpdkPort} (DPDK's net_ring0 loopback, no hardware): a lane that
 * still holds frames of a received burst while the dispatcher receives the next ones must find them
 * intact. The handler waits, at the end of each of its batches, until the dispatcher has received
 * past the frames it holds, then overwrites every mbuf that is free in the pool at that moment with
 * poison, and only then checks each held frame (sequence number, length, CRC32 of the payload): a
 * burst whose mbufs went back to the pool before its lane was done with it reads poison. Afterwards
 * every mbuf is back in the pool.
 */
class DpdkLanesTest {
  private static final int FRAMES = 512;
  private static final int BURST = 32;
  private static final int RING = 1024;
  private static final int SEQ_OFFSET = 14;
  private static final byte POISON = (byte) 0xA5;
  private static final long WAIT_NS = TimeUnit.SECONDS.toNanos(5);

  @Test
  void shouldKeepEveryFrameIntactUntilItsLaneIsDoneWhenLanesReceiveFromADpdkPort() {
    final EthDev ring = LaneVdevs.ringPort();
    try (Mempool pool = Mempool.create("vdl-lanes", 1023, 0, Mempool.DEFAULT_DATA_ROOM)) {
      final int freeAtStart = pool.available();
      final DpdkPort rx = new DpdkPort(ring, 0, pool);
      try (DpdkPort injector = new DpdkPort(ring, 0, pool)) {
        inject(injector);
      }
      final HoldingHandler handler = new HoldingHandler(rx, pool);
      try (Lanes lanes =
          Lanes.launch(
              new LanesContext()
                  .threadingMode(ThreadingMode.DEDICATED)
                  .laneCount(1)
                  .elastic(false)
                  .ringSize(RING)
                  .framesPerBatch(BURST)
                  .source(FrameSource.of(rx))
                  .flowKeyExtractor((frame, length, key) -> false)
                  .handlerFactory((lane, slowPath) -> handler))) {
        final long deadline = System.nanoTime() + WAIT_NS * 4;
        while (handler.checked.get() + handler.corrupted.get() < FRAMES
            && handler.problem.get() == null
            && System.nanoTime() - deadline < 0) {
          Thread.onSpinWait();
        }
        assertThat(lanes.undrainedOnClose()).isZero();
      }
      rx.close();
      assertThat(handler.problem.get()).as("first problem a lane saw").isNull();
      assertThat(handler.poisoned.get())
          .as("free mbufs poisoned while frames were held")
          .isPositive();
      assertThat(handler.corrupted.get())
          .as("frames overwritten before their lane was done")
          .isZero();
      assertThat(handler.checked.get()).as("frames checked intact, in order").isEqualTo(FRAMES);
      assertThat(pool.available()).as("mbufs back in the pool").isEqualTo(freeAtStart);
    }
  }

  /** Sends {@link #FRAMES} numbered frames into the loopback; net_ring0 keeps up to 1023. */
  private static void inject(final DpdkPort injector) {
    try (FrameBatch out = new FrameBatch(BURST, FrameBatch.DEFAULT_FRAME_CAPACITY)) {
      final UnsafeBuffer view = new UnsafeBuffer(0, 0);
      int seq = 0;
      while (seq < FRAMES) {
        while (!out.isFull() && seq + out.size() < FRAMES) {
          final int index = out.claim();
          final int length = length(seq + index);
          out.wrapForWrite(index, view);
          write(view, seq + index, length);
          out.length(index, length);
        }
        final int taken = injector.transmit(out);
        assertThat(taken).as("net_ring0 takes the burst").isEqualTo(out.size());
        seq += taken;
        out.clear();
      }
    }
  }

  private static int length(final int seq) {
    return 64 + seq * 97 % 1451;
  }

  private static void write(final UnsafeBuffer frame, final int seq, final int length) {
    frame.putLong(0, 0x0200_0000_0001_0200L);
    frame.putInt(8, 0x0000_0002);
    frame.putShort(12, (short) 0xB588); // EtherType 0x88B5 (local experimental), network order
    frame.putInt(SEQ_OFFSET, seq);
    for (int i = SEQ_OFFSET + 4; i < length - 4; i++) {
      frame.putByte(i, (byte) (i * 31 + seq * 7));
    }
    frame.putInt(length - 4, crc(frame, length));
  }

  private static int crc(final UnsafeBuffer frame, final int length) {
    final CRC32 crc = new CRC32();
    for (int i = SEQ_OFFSET; i < length - 4; i++) {
      crc.update(frame.getByte(i));
    }
    return (int) crc.getValue();
  }

  /** Checks its frames at the end of each batch, after the dispatcher received past them. */
  private static final class HoldingHandler implements LaneHandler {
    final AtomicInteger checked = new AtomicInteger();
    final AtomicInteger corrupted = new AtomicInteger();
    final AtomicInteger poisoned = new AtomicInteger();
    final AtomicReference<String> problem = new AtomicReference<>();
    private final DpdkPort rx;
    private final Mempool pool;
    private final long[] addresses = new long[RING];
    private final int[] lengths = new int[RING];
    private final UnsafeBuffer view = new UnsafeBuffer(0, 0);
    private int held;
    private int seen;
    private int nextSeq;

    HoldingHandler(final DpdkPort rx, final Mempool pool) {
      this.rx = rx;
      this.pool = pool;
    }

    @Override
    public void onFrame(
        final long address,
        final int length,
        final int tenant,
        final int markedSlot,
        final int flowHash,
        final int source) {
      addresses[held] = address;
      lengths[held++] = length;
    }

    @Override
    public void onEndOfBatch() {
      seen += held;
      final long deadline = System.nanoTime() + WAIT_NS;
      while (rx.counters().rxFrames() <= seen && rx.counters().rxFrames() < FRAMES) {
        if (System.nanoTime() - deadline > 0) {
          problem.compareAndSet(null, "the dispatcher received nothing past frame " + seen);
          break;
        }
        Thread.onSpinWait();
      }
      poisoned.addAndGet(LaneVdevs.poisonFreeMbufs(pool, POISON));
      for (int i = 0; i < held; i++) {
        view.wrap(addresses[i], lengths[i]);
        final int seq = view.getInt(SEQ_OFFSET);
        if (seq == nextSeq
            && lengths[i] == length(seq)
            && view.getInt(lengths[i] - 4) == crc(view, lengths[i])) {
          checked.incrementAndGet();
        } else {
          corrupted.incrementAndGet();
          problem.compareAndSet(
              null,
              "frame "
                  + nextSeq
                  + " reads sequence 0x"
                  + Integer.toHexString(seq)
                  + ", length "
                  + lengths[i]
                  + (view.getByte(SEQ_OFFSET) == POISON ? " (poison)" : ""));
        }
        nextSeq++;
      }
      held = 0;
    }
  }
}
