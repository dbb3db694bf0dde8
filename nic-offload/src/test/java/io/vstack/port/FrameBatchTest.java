package io.vstack.port;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FrameBatchTest {
  @Test
  void shouldGiveTheSameSlotAgainWhenAClaimIsTakenBack() {
    try (FrameBatch batch = new FrameBatch(2, 64)) {
      final int first = batch.claim();
      final long address = batch.address(first);
      batch.removeLast();

      assertThat(batch.isEmpty()).isTrue();
      assertThat(batch.claim()).isEqualTo(first);
      assertThat(batch.address(first)).isEqualTo(address);
      batch.removeLast();
      assertThatThrownBy(batch::removeLast).isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void shouldAppendNoMoreThanTheLimitUntilClearedWhenLimited() {
    try (FrameBatch batch = new FrameBatch(8, 64);
        MemoryPort.Pair wire = MemoryPort.pair("a", "b", 16, 64)) {
      final org.agrona.concurrent.UnsafeBuffer frame =
          new org.agrona.concurrent.UnsafeBuffer(new byte[60]);
      for (int i = 0; i < 8; i++) {
        batch.add(frame, 0, 60);
      }
      assertThat(wire.a().transmit(batch)).isEqualTo(8);
      batch.clear();

      batch.limit(3);
      assertThat(batch.remaining()).isEqualTo(3);
      assertThat(wire.b().receive(batch)).as("a receive stops at the limit").isEqualTo(3);
      assertThat(batch.isFull()).isTrue();
      assertThat(batch.claim()).isEqualTo(-1);
      assertThat(batch.add(frame, 0, 60)).isEqualTo(-1);

      batch.clear();
      assertThat(batch.remaining()).as("clear lifts the limit").isEqualTo(8);
      batch.limit(100);
      assertThat(batch.remaining()).as("never beyond the capacity").isEqualTo(8);
      batch.limit(-1);
      assertThat(batch.remaining()).isZero();
      batch.clear();
      assertThat(wire.b().receive(batch)).as("the rest is still queued").isEqualTo(5);
    }
  }
}
