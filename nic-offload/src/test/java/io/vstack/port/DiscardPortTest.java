package io.vstack.port;

import static org.assertj.core.api.Assertions.assertThat;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class DiscardPortTest {
  @Test
  void shouldTakeEveryFrameAndCountTheOnesTooLongAsDroppedWhenTransmitting() {
    try (DiscardPort port = new DiscardPort("discard", 100);
        FrameBatch batch = new FrameBatch(4, 256)) {
      final UnsafeBuffer bytes = new UnsafeBuffer(new byte[256]);
      batch.add(bytes, 0, 60);
      batch.add(bytes, 0, 101);
      batch.add(bytes, 0, 100);

      assertThat(port.transmit(batch)).isEqualTo(3);
      assertThat(port.counters().txFrames()).isEqualTo(2);
      assertThat(port.counters().txBytes()).isEqualTo(160);
      assertThat(port.counters().txDropped()).isEqualTo(1);
      assertThat(port.receive(batch)).isZero();
      assertThat(port.name()).isEqualTo("discard");
    }
  }
}
