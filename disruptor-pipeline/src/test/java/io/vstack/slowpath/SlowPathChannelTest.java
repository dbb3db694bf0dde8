package io.vstack.slowpath;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;
import org.junit.jupiter.api.Test;

class SlowPathChannelTest {
  private final CountersManager counters =
      new CountersManager(
          new UnsafeBuffer(ByteBuffer.allocateDirect(64 * 1024)),
          new UnsafeBuffer(ByteBuffer.allocateDirect(16 * 1024)));

  private static UnsafeBuffer ring(final int bytes) {
    return new UnsafeBuffer(ByteBuffer.allocateDirect(bytes + RingBufferDescriptor.TRAILER_LENGTH));
  }

  @Test
  void shouldCountDropsInsteadOfBlockingWhenTheQueueIsFull() {
    final ManyToOneRingBuffer queue = new ManyToOneRingBuffer(ring(1024));
    final AtomicCounter sent = counters.newCounter("sent");
    final AtomicCounter dropped = counters.newCounter("dropped");
    final SlowPathChannel channel = new SlowPathChannel(queue, 3, sent, dropped);
    final UnsafeBuffer message = new UnsafeBuffer(new byte[56]);
    int accepted = 0;
    for (int i = 0; i < 100; i++) {
      if (channel.offer(1, message, 0, message.capacity())) {
        accepted++;
      }
    }
    // 8 header + 4 lane + 56 payload = 68, aligned to 72: 14 records fit in 1024 bytes
    assertThat(accepted).isEqualTo(14);
    assertThat(sent.get()).isEqualTo(14);
    assertThat(dropped.get()).isEqualTo(86);
    assertThat(channel.offer(1, message, 0, 2000)).isFalse();
    assertThat(dropped.get()).isEqualTo(87);
  }

  @Test
  void shouldDeliverTheLaneAndPayloadAndCarryRepliesBackWhenTheAgentRuns() {
    final ManyToOneRingBuffer queue = new ManyToOneRingBuffer(ring(4096));
    final OneToOneRingBuffer[] back = {
      new OneToOneRingBuffer(ring(1024)), new OneToOneRingBuffer(ring(1024))
    };
    final SlowPathChannel lane1 =
        new SlowPathChannel(queue, 1, counters.newCounter("s"), counters.newCounter("d"));
    final AtomicCounter replyDrops = counters.newCounter("reply drops");
    final SlowPathAgent agent =
        new SlowPathAgent(
            queue,
            back,
            (lane, type, buffer, offset, length, replies) -> {
              assertThat(lane).isEqualTo(1);
              assertThat(type).isEqualTo(7);
              assertThat(length).isEqualTo(4);
              assertThat(replies.offer(lane, 8, buffer, offset, length)).isTrue();
              assertThat(replies.offer(5, 8, buffer, offset, length)).isFalse();
            },
            System::nanoTime,
            counters.newCounter("messages"),
            replyDrops);
    final UnsafeBuffer payload = new UnsafeBuffer(new byte[4]);
    payload.putInt(0, 0xCAFE);
    assertThat(lane1.offer(7, payload, 0, 4)).isTrue();
    assertThat(agent.doWork()).isEqualTo(1);
    final int[] seen = new int[2];
    assertThat(
            back[1].read(
                (type, buffer, index, length) -> {
                  seen[0] = type;
                  seen[1] = buffer.getInt(index);
                }))
        .isEqualTo(1);
    assertThat(seen).containsExactly(8, 0xCAFE);
    assertThat(replyDrops.get()).isEqualTo(1);
  }
}
