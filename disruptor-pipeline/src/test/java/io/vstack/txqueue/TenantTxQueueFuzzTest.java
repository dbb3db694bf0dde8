package io.vstack.txqueue;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.vstack.port.FrameBatch;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;

/**
 * Jazzer target for the stack's side of a tenant's transmit queue, whose memory the tenant can
 * write at will: the input decides the ring's bytes, the trailer, and writes between polls (some by
 * an honest producer, most raw). Whatever it holds, a poll must return, append only frames within
 * the limits, keep the batch consistent and only ever move forward.
 */
class TenantTxQueueFuzzTest {
  private static final int CAPACITY = 1024;
  private static final int MAX_FRAME = 300;

  @FuzzTest(maxDuration = "30s")
  void fuzzTenantTxSource(final FuzzedDataProvider data) {
    try (TenantTxQueue queue = TenantTxQueue.allocate(CAPACITY);
        FrameBatch batch = new FrameBatch(8, 256)) {
      final byte[] initial = data.consumeBytes(queue.buffer().capacity());
      queue.buffer().putBytes(0, initial);
      final TenantTxSource source = queue.source(1, MAX_FRAME);
      final OneToOneRingBuffer producer = queue.producer();
      long position = 0;
      for (int round = 0; round < 32 && data.remainingBytes() > 0; round++) {
        switch (data.consumeInt(0, 3)) {
          case 0 -> {
            final int at = data.consumeInt(0, queue.buffer().capacity() - 4);
            queue.buffer().putInt(at, data.consumeInt());
          }
          case 1 -> {
            final byte[] bytes = data.consumeBytes(data.consumeInt(0, 64));
            queue.buffer().putBytes(data.consumeInt(0, queue.buffer().capacity() - 64), bytes);
          }
          case 2 -> {
            final byte[] frame = data.consumeBytes(data.consumeInt(0, 400));
            try {
              producer.write(
                  data.consumeInt(1, 3),
                  new org.agrona.concurrent.UnsafeBuffer(frame),
                  0,
                  frame.length);
            } catch (final RuntimeException e) {
              // Agrona's producer over a scribbled trailer: the tenant's own problem
            }
          }
          default -> {
            batch.clear();
            final int appended = source.poll(batch);
            assertThat(appended).isEqualTo(batch.size()).isBetween(0, batch.capacity());
            for (int i = 0; i < batch.size(); i++) {
              assertThat(batch.length(i)).isBetween(14, MAX_FRAME);
            }
            assertThat(source.position()).isGreaterThanOrEqualTo(position);
            assertThat(source.position() % 8).isZero();
            position = source.position();
          }
        }
      }
      batch.clear();
      source.poll(batch);
      assertThat(source.frames() * 14).isLessThanOrEqualTo(source.bytes());
    }
  }
}
