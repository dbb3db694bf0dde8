package io.vstack.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayDeque;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WorkQueuesTest {
  private final WorkQueues queues = new WorkQueues(4);

  @Test
  void shouldRefuseWhenFullAndAcceptAgainAfterPoll() {
    queues.addTenant(1);
    for (int i = 0; i < 4; i++) {
      assertThat(queues.offer(1, 100 + i)).isTrue();
    }
    assertThat(queues.offer(1, 999)).isFalse();
    assertThat(queues.depth(1)).isEqualTo(4);
    assertThat(queues.poll(1)).isEqualTo(100);
    assertThat(queues.offer(1, 104)).isTrue();
    assertThat(queues.offer(7, 1)).as("unknown tenant").isFalse();
  }

  @Test
  void shouldLetFifoServeItemsInArrivalOrderAcrossTenants() {
    final FifoScheduler fifo = new FifoScheduler(queues);
    queues.addTenant(1);
    queues.addTenant(2);
    fifo.addTenant(1, 1, 0);
    fifo.addTenant(2, 50, 0);
    queues.offer(2, 20);
    queues.offer(1, 10);
    queues.offer(2, 21);
    queues.offer(1, 11);
    final StringBuilder order = new StringBuilder();
    int tenant;
    while ((tenant = fifo.nextTenant()) != TenantScheduler.NO_TENANT) {
      order.append(queues.poll(tenant)).append(' ');
    }
    assertThat(order.toString()).isEqualTo("20 10 21 11 ");
    assertThat(queues.hasWork(1)).isFalse();
    assertThat(queues.headArrival(1)).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void shouldBehaveLikeADequePerTenantUnderRandomOperations() {
    final long seed = System.nanoTime();
    final Random random = new Random(seed);
    final ArrayDeque<Long>[] model = new ArrayDeque[3];
    for (int t = 0; t < 3; t++) {
      model[t] = new ArrayDeque<>();
      queues.addTenant(t);
    }
    for (int step = 0; step < 10_000; step++) {
      final int t = random.nextInt(3);
      if (random.nextBoolean()) {
        final long item = random.nextLong();
        final boolean accepted = queues.offer(t, item);
        assertThat(accepted).as("seed %d step %d", seed, step).isEqualTo(model[t].size() < 4);
        if (accepted) {
          model[t].add(item);
        }
      } else {
        assertThat(queues.hasWork(t))
            .as("seed %d step %d", seed, step)
            .isEqualTo(!model[t].isEmpty());
        if (!model[t].isEmpty()) {
          assertThat(queues.poll(t)).as("seed %d step %d", seed, step).isEqualTo(model[t].poll());
        }
      }
      assertThat(queues.depth(t)).as("seed %d step %d", seed, step).isEqualTo(model[t].size());
    }
  }

  @Test
  void shouldRejectACapacityThatIsNotAPowerOfTwo() {
    assertThatThrownBy(() -> new WorkQueues(6)).hasMessage("capacity must be a power of two: 6");
  }
}
