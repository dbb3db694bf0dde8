package io.vstack.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.SplittableRandom;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/** Send and receive rings against simple models, with wrap-around and random arrival order. */
class RingBuffersTest {
  private static final long SEED = System.nanoTime();

  @Test
  void shouldDescribeWrittenBytesInPlaceWhenRingWraps() {
    final SplittableRandom random = new SplittableRandom(SEED);
    final SendBuffer ring = new SendBuffer(256);
    final SegmentInfo segment = new SegmentInfo();
    final UnsafeBuffer out = new UnsafeBuffer(new byte[256]);
    long written = 0;
    long acked = 0;
    for (int step = 0; step < 10_000; step++) {
      final byte[] chunk = new byte[random.nextInt(1, 100)];
      for (int i = 0; i < chunk.length; i++) {
        chunk[i] = (byte) (written + i);
      }
      written += ring.write(new UnsafeBuffer(chunk), 0, chunk.length);
      assertThat(ring.used()).isEqualTo((int) (written - acked));
      final int from = random.nextInt(0, ring.used() + 1);
      final int length = random.nextInt(0, ring.used() - from + 1);
      ring.describe(segment, from, length);
      assertThat(segment.payloadLength()).isEqualTo(length);
      segment.copyPayloadTo(out, 0);
      for (int i = 0; i < length; i++) {
        assertThat(out.getByte(i))
            .as("seed=%d step=%d", SEED, step)
            .isEqualTo((byte) (acked + from + i));
      }
      final int release = random.nextInt(0, ring.used() + 1);
      ring.release(release);
      acked += release;
    }
  }

  @Test
  void shouldReassembleShuffledSegmentsIntoTheOriginalStreamWhenRangesSuffice() {
    final SplittableRandom random = new SplittableRandom(SEED);
    for (int run = 0; run < 200; run++) {
      final ReceiveBuffer buffer = new ReceiveBuffer(4096, 64);
      final int segmentSize = 100;
      final int count = 30;
      final byte[] stream = new byte[segmentSize * count];
      random.nextBytes(stream);
      final int[] order = shuffled(random, count);
      final int rcvNxtBase = random.nextInt();
      int rcvNxt = rcvNxtBase;
      final SegmentInfo segment = new SegmentInfo();
      final UnsafeBuffer source = new UnsafeBuffer(stream);
      for (final int index : order) {
        final int seq = rcvNxtBase + index * segmentSize;
        segment.payload(source, index * segmentSize, segmentSize);
        final int offset = seq - rcvNxt;
        if (offset + segmentSize <= 0) {
          continue; // already covered by an earlier absorb
        }
        final int from = Math.max(0, -offset);
        final int advanced = buffer.store(Math.max(0, offset), segment, from, segmentSize - from);
        assertThat(advanced).as("seed=%d", SEED).isNotNegative();
        rcvNxt += advanced;
      }
      assertThat(rcvNxt - rcvNxtBase).as("seed=%d run=%d", SEED, run).isEqualTo(stream.length);
      final byte[] read = new byte[stream.length];
      assertThat(buffer.read(new UnsafeBuffer(read), 0, read.length)).isEqualTo(read.length);
      assertThat(read).as("seed=%d run=%d", SEED, run).isEqualTo(stream);
      assertThat(buffer.outOfOrderRanges()).isZero();
    }
  }

  @Test
  void shouldDropSegmentWhenItWouldNeedMoreRangesThanAllowed() {
    final ReceiveBuffer buffer = new ReceiveBuffer(4096, 2);
    final SegmentInfo segment = new SegmentInfo().payload(new UnsafeBuffer(new byte[10]), 0, 10);
    assertThat(buffer.store(100, segment, 0, 10)).isZero();
    assertThat(buffer.store(200, segment, 0, 10)).isZero();
    assertThat(buffer.store(300, segment, 0, 10)).as("third disjoint range").isEqualTo(-1);
    assertThat(buffer.store(110, segment, 0, 10)).as("merging still works").isZero();
    assertThat(buffer.outOfOrderRanges()).isEqualTo(2);
  }

  @Test
  void shouldReadAcrossTheWrapWhenDataStraddlesTheEnd() {
    final ReceiveBuffer buffer = new ReceiveBuffer(64, 4);
    final byte[] data = new byte[50];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) i;
    }
    final SegmentInfo segment = new SegmentInfo().payload(new UnsafeBuffer(data), 0, 50);
    final UnsafeBuffer out = new UnsafeBuffer(new byte[64]);
    assertThat(buffer.store(0, segment, 0, 50)).isEqualTo(50);
    assertThat(buffer.read(out, 0, 64)).isEqualTo(50);
    assertThat(buffer.store(0, segment, 0, 50)).isEqualTo(50);
    final ByteArrayOutputStream collected = new ByteArrayOutputStream();
    final int n = buffer.read(out, 0, 64);
    for (int i = 0; i < n; i++) {
      collected.write(out.getByte(i));
    }
    assertThat(collected.toByteArray()).isEqualTo(data);
    assertThat(buffer.window()).isEqualTo(64);
  }

  private static int[] shuffled(final SplittableRandom random, final int count) {
    final int[] order = new int[count];
    for (int i = 0; i < count; i++) {
      order[i] = i;
    }
    for (int i = count - 1; i > 0; i--) {
      final int j = random.nextInt(i + 1);
      final int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return order;
  }
}
