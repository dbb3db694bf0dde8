package io.vstack.lane;

import static org.assertj.core.api.Assertions.assertThat;

import io.vstack.port.FrameBatch;
import io.vstack.port.Port;
import io.vstack.port.PortCounters;
import io.vstack.port.ReceivedBuffers;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/** {@link FrameSource#of}: frames outlive the source's next poll, whatever the port gives. */
class PortFrameSourceTest {
  /**
   * Lends frames (numbered) from one buffer that every receive overwrites, like a zero-copy NIC
   * reusing its rx buffers, and marks each frame with 500 + its number. With {@code handsOver} it
   * hands its buffer slots over instead (handles: frame numbers) and counts what comes back.
   */
  private static final class LendingPort implements Port {
    private final Arena arena = Arena.ofConfined();
    private final MemorySegment buffer = arena.allocate(4 * 64L);
    private final PortCounters counters = new PortCounters();
    private final boolean handsOver;
    private int nextFrame;
    private int lastFirstFrame;
    private int lastBase;
    int freed;

    LendingPort(final boolean handsOver) {
      this.handsOver = handsOver;
    }

    @Override
    public int receive(final FrameBatch batch) {
      final int n = Math.min(batch.remaining(), 4);
      lastFirstFrame = nextFrame;
      lastBase = batch.size();
      for (int i = 0; i < n; i++) {
        buffer.set(ValueLayout.JAVA_INT, i * 64L, nextFrame++);
        batch.addExternal(buffer.address() + i * 64L, 60);
      }
      return n;
    }

    @Override
    public boolean canHandOverReceived() {
      return handsOver;
    }

    @Override
    public int receive(final FrameBatch batch, final ReceivedBuffers received) {
      final int n = receive(batch);
      for (int i = 0; i < n; i++) {
        received.add(lastFirstFrame + i);
      }
      return n;
    }

    @Override
    public void freeReceived(final ReceivedBuffers received) {
      freed += received.count();
      received.clear();
    }

    @Override
    public long mark(final int frameIndex) {
      return 500 + lastFirstFrame + frameIndex - lastBase;
    }

    @Override
    public String name() {
      return "lending";
    }

    @Override
    public int maxFrameLength() {
      return 60;
    }

    @Override
    public int transmit(final FrameBatch batch) {
      return 0;
    }

    @Override
    public PortCounters counters() {
      return counters;
    }

    @Override
    public void close() {
      arena.close();
    }
  }

  @Test
  void shouldCopyFramesIntoTheBatchWhenThePortReusesItsBuffersAtTheNextReceive() {
    try (LendingPort port = new LendingPort(false);
        FrameBatch first = new FrameBatch(4, 64);
        FrameBatch second = new FrameBatch(4, 64);
        ReceivedBuffers received = new ReceivedBuffers(4)) {
      final FrameSource source = FrameSource.of(port);
      first.claim(); // a frame already there: the port may append only 3
      assertThat(source.poll(first, received)).isEqualTo(3);
      assertThat(source.mark(1)).as("MARK by the caller's index").isEqualTo(500);
      assertThat(source.mark(3)).isEqualTo(502);
      assertThat(source.mark(0)).isEqualTo(Port.NO_MARK);
      assertThat(source.poll(second, received)).isEqualTo(4);
      assertThat(received.isEmpty()).as("nothing handed over").isTrue();

      final UnsafeBuffer view = new UnsafeBuffer(0, 0);
      for (int i = 1; i < 4; i++) {
        assertThat(first.wrap(i, view).getInt(0))
            .as("frame %d after the next receive", i)
            .isEqualTo(i - 1);
      }
      assertThat(second.wrap(0, view).getInt(0)).isEqualTo(3);
    }
  }

  @Test
  void shouldHandTheBuffersOverWithoutCopyAndBackWhenThePortCan() {
    try (LendingPort port = new LendingPort(true);
        FrameBatch batch = new FrameBatch(4, 64);
        FrameBatch next = new FrameBatch(4, 64);
        ReceivedBuffers received = new ReceivedBuffers(4)) {
      final FrameSource source = FrameSource.of(port);
      assertThat(source.poll(batch, received)).isEqualTo(4);
      assertThat(received.count()).isEqualTo(4);
      assertThat(batch.address(0))
          .as("the port's memory, not a copy")
          .isEqualTo(port.buffer.address());
      assertThat(source.mark(2)).isEqualTo(502);
      source.release(received);
      assertThat(port.freed).isEqualTo(4);
      assertThat(received.isEmpty()).isTrue();

      // without a buffer set (a wrapper that forwards only poll(batch)) the frames are copied
      batch.clear();
      assertThat(source.poll(batch)).isEqualTo(4);
      assertThat(batch.address(0)).isNotEqualTo(port.buffer.address());
      assertThat(source.poll(next)).isEqualTo(4);
      assertThat(batch.wrap(0, new UnsafeBuffer(0, 0)).getInt(0)).isEqualTo(4);
      assertThat(source.mark(1)).isEqualTo(509);
    }
  }
}
