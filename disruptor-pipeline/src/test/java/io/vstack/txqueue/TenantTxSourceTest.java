package io.vstack.txqueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vstack.port.FrameBatch;
import io.vstack.rss.FlowKey;
import io.vstack.rss.InnerFlowKeys;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TenantTxSourceTest {
  private static final int TENANT = 7;
  private final UnsafeBuffer scratch = new UnsafeBuffer(new byte[2048]);
  private final UnsafeBuffer view = new UnsafeBuffer(0, 0);
  private TenantTxQueue queue;
  private FrameBatch batch;
  private TenantTxSource source;
  private OneToOneRingBuffer producer;

  /** A fresh queue of {@code capacity} bytes, its reader and producer, and a batch to read into. */
  private void open(
      final int capacity, final int maxFrameLength, final int batchFrames, final int slotBytes) {
    queue = TenantTxQueue.allocate(capacity);
    batch = new FrameBatch(batchFrames, slotBytes);
    source = queue.source(TENANT, maxFrameLength);
    producer = queue.producer();
  }

  @AfterEach
  void close() {
    if (queue != null) {
      queue.close();
      batch.close();
    }
  }

  private boolean send(final OneToOneRingBuffer producer, final int flow, final int sequence) {
    TxFrames.write(scratch, 0, TENANT, flow, sequence);
    return producer.write(TenantTxQueue.FRAME_MSG_TYPE_ID, scratch, 0, TxFrames.LENGTH);
  }

  @Test
  void shouldDeliverEveryFrameInOrderWhenAProducerThreadLapsTheRingManyTimes() throws Exception {
    final int frames = 200_000;
    final int flows = 37;
    open(4096, 1514, 32, 256);
    final AtomicReference<Throwable> failure = new AtomicReference<>();
    final Thread tenant =
        new Thread(
            () -> {
              try {
                final int[] next = new int[flows];
                for (int i = 0; i < frames; i++) {
                  final int flow = i % flows;
                  while (!send(producer, flow, next[flow])) {
                    Thread.onSpinWait();
                  }
                  next[flow]++;
                }
              } catch (final Throwable t) {
                failure.set(t);
              }
            },
            "tenant-producer");
    tenant.start();
    final int[] expected = new int[flows];
    int received = 0;
    final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (received < frames && System.nanoTime() < deadline && failure.get() == null) {
      batch.clear();
      source.poll(batch);
      for (int i = 0; i < batch.size(); i++) {
        batch.wrap(i, view);
        assertThat(batch.length(i)).isEqualTo(TxFrames.LENGTH);
        final int flow = TxFrames.flow(view);
        assertThat(TxFrames.sequence(view)).as("flow %d", flow).isEqualTo(expected[flow]);
        expected[flow]++;
        received++;
      }
    }
    tenant.join(10_000);
    assertThat(failure.get()).isNull();
    assertThat(received).isEqualTo(frames);
    assertThat(source.frames()).isEqualTo(frames);
    assertThat(source.bytes()).isEqualTo((long) frames * TxFrames.LENGTH);
    assertThat(source.drops()).isZero();
    assertThat(source.position()).isGreaterThan(10L * queue.capacity());
  }

  @Test
  void shouldFreeSpaceForTheProducerWhenFramesAreTaken() {
    open(1024, 1514, 64, 256);
    int written = 0;
    while (send(producer, 0, written)) {
      written++;
    }
    assertThat(written).as("a 1 KiB queue holds a dozen 72-byte records").isBetween(10, 14);
    assertThat(source.poll(batch)).isEqualTo(written);
    assertThat(send(producer, 0, written)).as("room again after the reader moved on").isTrue();
  }

  @Test
  void shouldCountAndSkipBadRecordsAndKeepTheGoodOnesInOrder() {
    open(4096, 100, 32, 256);
    send(producer, 1, 0);
    producer.write(99, scratch, 0, TxFrames.LENGTH);
    send(producer, 1, 1);
    producer.write(TenantTxQueue.FRAME_MSG_TYPE_ID, scratch, 0, 13);
    send(producer, 1, 2);
    producer.write(TenantTxQueue.FRAME_MSG_TYPE_ID, new UnsafeBuffer(new byte[101]), 0, 101);
    producer.write(TenantTxQueue.FRAME_MSG_TYPE_ID, new UnsafeBuffer(new byte[100]), 0, 100);
    final int claimed = producer.tryClaim(TenantTxQueue.FRAME_MSG_TYPE_ID, 40);
    producer.abort(claimed);
    send(producer, 1, 3);

    assertThat(source.poll(batch)).isEqualTo(5);
    for (int i = 0; i < 3; i++) {
      assertThat(TxFrames.sequence(batch.wrap(i, view))).isEqualTo(i);
    }
    assertThat(batch.length(3)).isEqualTo(100);
    assertThat(TxFrames.sequence(batch.wrap(4, view))).isEqualTo(3);
    assertThat(source.drops(TxQueueDrop.UNKNOWN_TYPE)).isEqualTo(1);
    assertThat(source.drops(TxQueueDrop.FRAME_TOO_SHORT)).isEqualTo(1);
    assertThat(source.drops(TxQueueDrop.FRAME_TOO_LONG)).isEqualTo(1);
    assertThat(source.drops(TxQueueDrop.CORRUPT_HEADER)).isZero();
  }

  @Test
  void shouldSkipFramesLongerThanABatchSlotWhenTheQueueAllowsMore() {
    open(4096, 1514, 32, 128);
    queue
        .producer()
        .write(TenantTxQueue.FRAME_MSG_TYPE_ID, new UnsafeBuffer(new byte[300]), 0, 129);
    assertThat(source.poll(batch)).isZero();
    assertThat(source.drops(TxQueueDrop.FRAME_TOO_LONG)).isEqualTo(1);
  }

  @Test
  void shouldSkipToTheNextLapWhenARecordLengthRunsPastTheRing() {
    open(1024, 1514, 32, 256);
    send(producer, 0, 0);
    send(producer, 0, 1);
    final int second = 72;
    queue.buffer().putInt(second, Integer.MAX_VALUE);

    assertThat(source.poll(batch)).isEqualTo(1);
    assertThat(source.drops(TxQueueDrop.CORRUPT_HEADER)).isEqualTo(1);
    assertThat(source.position()).isEqualTo(queue.capacity());
    assertThat(queue.buffer().getLong(queue.capacity() + RingBufferDescriptor.HEAD_POSITION_OFFSET))
        .as("published for the producer")
        .isEqualTo(queue.capacity());
  }

  @Test
  void shouldReadFromItsOwnPositionWhenTheTenantOverwritesTheHead() {
    open(4096, 1514, 32, 256);
    send(producer, 0, 0);
    assertThat(source.poll(batch)).isEqualTo(1);
    queue.buffer().putLong(queue.capacity() + RingBufferDescriptor.HEAD_POSITION_OFFSET, -12345L);
    send(producer, 0, 1);
    batch.clear();
    assertThat(source.poll(batch)).isEqualTo(1);
    assertThat(TxFrames.sequence(batch.wrap(0, view))).isEqualTo(1);
  }

  @Test
  void shouldHandOverAStableCopyWhenTheTenantRewritesTheRecordAfterThePoll() {
    open(4096, 1514, 32, 256);
    send(queue.producer(), 3, 42);
    source.poll(batch);
    queue.buffer().setMemory(0, 128, (byte) 0xEE);
    assertThat(TxFrames.sequence(batch.wrap(0, view))).isEqualTo(42);
    assertThat(TxFrames.flow(view)).isEqualTo(3);
  }

  @Test
  void shouldReadFramesATenantWroteThroughItsOwnMappingOfTheFile(@TempDir final Path dir)
      throws Exception {
    final Path file = dir.resolve("tenant7.txq");
    try (TenantTxQueue queue = TenantTxQueue.map(file, 8192);
        FrameBatch batch = new FrameBatch(32, 256);
        Arena tenantArena = Arena.ofShared();
        FileChannel channel =
            FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      assertThat(Files.size(file)).isEqualTo(TenantTxQueue.totalLength(8192));
      final MemorySegment tenantMemory =
          channel.map(FileChannel.MapMode.READ_WRITE, 0, Files.size(file), tenantArena);
      final OneToOneRingBuffer tenantSide =
          new OneToOneRingBuffer(
              new UnsafeBuffer(tenantMemory.address(), (int) tenantMemory.byteSize()));
      for (int i = 0; i < 20; i++) {
        send(tenantSide, 5, i);
      }
      final TenantTxSource source = queue.source(TENANT, 1514);
      assertThat(source.poll(batch)).isEqualTo(20);
      for (int i = 0; i < 20; i++) {
        assertThat(TxFrames.sequence(batch.wrap(i, view))).isEqualTo(i);
      }
    }
  }

  @Test
  void shouldKeyTheTenantsFramesByTheQueuesTenantInBothDirections() {
    try (TenantTxQueue queue = TenantTxQueue.allocate(4096)) {
      final TenantTxSource source = queue.source(TENANT, 1514);
      TxFrames.write(scratch, 0, 99, 4, 0);
      final FlowKey fromQueue = new FlowKey();
      assertThat(source.flowKeys().extract(scratch, TxFrames.LENGTH, fromQueue)).isTrue();
      assertThat(fromQueue.tenant()).as("the queue's tenant, not the frame's").isEqualTo(TENANT);
      final FlowKey answer =
          InnerFlowKeys.setEitherDirection(
              new FlowKey(), TENANT, 0x0A63_0005, 0x0A63_0001, 80, 1028);
      assertThat(answer.toString()).isEqualTo(fromQueue.toString());
    }
  }

  @Test
  void shouldRefuseCapacitiesThatAreNotAPowerOfTwo() {
    assertThatThrownBy(() -> TenantTxQueue.allocate(3000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("power of two");
  }

  @Test
  void shouldNeverDeliverAFrameOutsideItsLimitsWhenTheTenantScribblesWhileProducing() {
    final long seed = new SplittableRandom().nextLong();
    final SplittableRandom random = new SplittableRandom(seed);
    open(2048, 200, 16, 256);
    for (int round = 0; round < 5_000; round++) {
      if (random.nextInt(4) == 0) {
        final int at = random.nextInt(queue.buffer().capacity() - 8);
        queue.buffer().putLong(at, random.nextLong());
      } else {
        try {
          send(producer, random.nextInt(8), round);
        } catch (final RuntimeException e) {
          // the scribbles broke the tenant's own producer state: its problem
        }
      }
      batch.clear();
      source.poll(batch);
      for (int i = 0; i < batch.size(); i++) {
        assertThat(batch.length(i)).as("seed %d", seed).isBetween(14, 200);
      }
    }
  }
}
