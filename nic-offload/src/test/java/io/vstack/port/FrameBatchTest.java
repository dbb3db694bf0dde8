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
}
