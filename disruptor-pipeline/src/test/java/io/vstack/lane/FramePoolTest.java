package io.vstack.lane;

import static org.assertj.core.api.Assertions.assertThat;

import io.vstack.port.FrameBatch;
import io.vstack.port.ReceivedBuffers;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Buffers a source handed over move with the pool batch and are given back exactly once. */
class FramePoolTest {
  /** Hands over one buffer per frame (handles 1000 + n) and records what it gets back. */
  private static final class HandingOverSource implements FrameSource {
    final List<Long> released = new ArrayList<>();
    int frames;
    private long next = 1000;

    @Override
    public int poll(final FrameBatch batch) {
      throw new AssertionError("the pool's user must poll with ReceivedBuffers");
    }

    @Override
    public int poll(final FrameBatch batch, final ReceivedBuffers received) {
      for (int i = 0; i < frames; i++) {
        batch.claim();
        received.add(next++);
      }
      return frames;
    }

    @Override
    public void release(final ReceivedBuffers received) {
      for (int i = 0; i < received.count(); i++) {
        released.add(received.handles().getAtIndex(java.lang.foreign.ValueLayout.JAVA_LONG, i));
      }
      received.clear();
    }
  }

  @Test
  void shouldGiveTheBuffersBackOnceWhenTheLastLaneReleasesTheBatchsFrames() {
    final HandingOverSource source = new HandingOverSource();
    source.frames = 3;
    try (FramePool pool = new FramePool(2, 4, 64)) {
      final int id = pool.acquire();
      assertThat(source.poll(pool.batch(id), pool.received(id))).isEqualTo(3);
      pool.hold(id, 3, source);

      pool.release(id, 2); // one lane
      assertThat(source.released).as("a frame is still with a lane").isEmpty();
      assertThat(pool.acquire()).isNotEqualTo(id);
      assertThat(pool.acquire()).as("the held batch is not reused").isNotEqualTo(id);

      pool.release(id, 1); // the other lane
      assertThat(source.released).containsExactly(1000L, 1001L, 1002L);
      assertThat(pool.received(id).isEmpty()).isTrue();
      assertThat(pool.outstandingFrames()).isZero();
      assertThat(pool.acquire() == id || pool.acquire() == id).as("reusable again").isTrue();
    }
    assertThat(source.released).as("closing frees nothing twice").hasSize(3);
  }

  @Test
  void shouldHandOutTheLowestFreeBatchSoTheLastReleasedIsReusedWhileWarm() {
    try (FramePool pool = new FramePool(8, 4, 64)) {
      final HandingOverSource source = new HandingOverSource();
      final int first = pool.acquire();
      pool.hold(first, 2, source);
      final int second = pool.acquire();
      assertThat(second).as("the first is held").isNotEqualTo(first);
      pool.hold(second, 1, source);
      pool.release(first, 2);
      for (int cycle = 0; cycle < 20; cycle++) {
        final int id = pool.acquire();
        assertThat(id).as("the same released batch, every duty cycle").isEqualTo(first);
        pool.hold(id, 1, source);
        pool.release(id, 1);
      }
    }
  }

  @Test
  void shouldGiveTheBuffersBackAtOnceWhenThePollAppendedNoFrame() {
    final HandingOverSource source = new HandingOverSource();
    source.frames = 2;
    try (FramePool pool = new FramePool(1, 4, 64)) {
      final int id = pool.acquire();
      source.poll(pool.batch(id), pool.received(id));
      pool.discard(id, source);
      assertThat(source.released).containsExactly(1000L, 1001L);
      assertThat(pool.acquire()).isEqualTo(id);
    }
  }

  @Test
  void shouldGiveBackTheBuffersOfBatchesLanesNeverFinishedWhenClosed() {
    final HandingOverSource source = new HandingOverSource();
    source.frames = 2;
    final FramePool pool = new FramePool(1, 4, 64);
    final int id = pool.acquire();
    source.poll(pool.batch(id), pool.received(id));
    pool.hold(id, 2, source);
    pool.release(id, 1);
    pool.close();
    assertThat(source.released).containsExactly(1000L, 1001L);
  }
}
