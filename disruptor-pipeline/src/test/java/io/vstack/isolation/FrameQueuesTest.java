package io.vstack.isolation;

import static org.assertj.core.api.Assertions.assertThat;

import io.vstack.port.FrameBatch;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/** Staging: what outlives its batch is copied once, intact, into slots the tenant reuses. */
class FrameQueuesTest {
  static final int TENANT = 0;
  static final int CAPACITY = 64;
  static final int SLOT = 128;

  /** One receive batch: frames whose bytes name their sequence number. */
  private static int fill(final FrameBatch batch, final int first, final int frames) {
    batch.clear();
    final UnsafeBuffer frame = new UnsafeBuffer(new byte[SLOT]);
    for (int i = 0; i < frames; i++) {
      final int length = 16 + (first + i) % (SLOT - 16);
      for (int b = 0; b < length; b += 4) {
        frame.putInt(b, first + i);
      }
      batch.add(frame, 0, length);
    }
    return frames;
  }

  private static int sequenceAt(final long address) {
    return new UnsafeBuffer(address, 4).getInt(0);
  }

  @Test
  void shouldKeepEveryStagedFrameIntactAndReuseFewSlotsWhenTheBacklogStaysShort() {
    final FrameQueues queues = new FrameQueues(1, CAPACITY, SLOT);
    queues.addTenant(TENANT);
    final Random random = new Random(20261126L);
    final Set<Long> stagingAddresses = new HashSet<>();
    int offered = 0;
    int served = 0;
    try (FrameBatch batch = new FrameBatch(8, SLOT)) {
      for (int round = 0; round < 5_000; round++) {
        final int frames = fill(batch, offered, 1 + random.nextInt(4));
        for (int i = 0; i < frames; i++) {
          assertThat(queues.offer(TENANT, batch.address(i), batch.length(i), offered, false))
              .isTrue();
          offered++;
        }
        // serve some, oldest first, while the batch is live or from staging
        final int serve = Math.min(queues.depth(TENANT), random.nextInt(5));
        for (int i = 0; i < serve; i++) {
          assertThat(sequenceAt(queues.headAddress(TENANT))).isEqualTo(served);
          assertThat(queues.headLength(TENANT)).isEqualTo(16 + served % (SLOT - 16));
          queues.remove(TENANT);
          served++;
        }
        for (int i = 0; i < queues.unstagedCount(); i++) {
          queues.stage(queues.unstaged(i));
        }
        queues.endBatch();
        // the batch's memory is reused now: every queued frame must live in staging
        batch.clear();
        if (queues.depth(TENANT) > 0) {
          stagingAddresses.add(queues.headAddress(TENANT));
          assertThat(sequenceAt(queues.headAddress(TENANT))).isEqualTo(served);
        }
        // keep the backlog short, as a gated tenant's is
        while (queues.depth(TENANT) > 8) {
          assertThat(sequenceAt(queues.headAddress(TENANT))).isEqualTo(served);
          queues.remove(TENANT);
          served++;
        }
      }
    }
    assertThat(offered).isGreaterThan(10_000);
    assertThat(stagingAddresses)
        .as("a backlog of at most 8 + 4 frames reuses about that many slots, not all 64")
        .hasSizeLessThanOrEqualTo(12);
  }

  @Test
  void shouldStageAFullQueueWhenEveryFrameOutlivesItsBatch() {
    final FrameQueues queues = new FrameQueues(1, CAPACITY, SLOT);
    queues.addTenant(TENANT);
    int offered = 0;
    try (FrameBatch batch = new FrameBatch(8, SLOT)) {
      while (queues.depth(TENANT) < CAPACITY) {
        final int frames = fill(batch, offered, 8);
        for (int i = 0; i < frames; i++) {
          assertThat(queues.offer(TENANT, batch.address(i), batch.length(i), offered, false))
              .isTrue();
          offered++;
        }
        queues.stage(TENANT);
        queues.endBatch();
      }
      fill(batch, offered, 1);
      assertThat(queues.offer(TENANT, batch.address(0), batch.length(0), offered, false))
          .as("full")
          .isFalse();
    }
    final Set<Long> addresses = new HashSet<>();
    for (int served = 0; served < CAPACITY; served++) {
      assertThat(sequenceAt(queues.headAddress(TENANT))).isEqualTo(served);
      addresses.add(queues.headAddress(TENANT));
      queues.remove(TENANT);
    }
    assertThat(addresses).as("each queued frame in a slot of its own").hasSize(CAPACITY);
  }
}
