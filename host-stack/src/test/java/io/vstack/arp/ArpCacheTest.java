package io.vstack.arp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArpCacheTest {
  private static final long SECOND = 1_000_000_000L;
  private final List<String> events = new ArrayList<>();
  private final ArpCache.ResolutionListener listener =
      new ArpCache.ResolutionListener() {
        @Override
        public void onRetry(final int address) {
          events.add("retry " + address);
        }

        @Override
        public void onResolutionFailed(final int address) {
          events.add("failed " + address);
        }
      };

  @Test
  void shouldReturnLearnedMacUntilItExpires() {
    final ArpCache cache = new ArpCache(4, 30 * SECOND, SECOND, 3);
    cache.update(7, 0x0200_0000_0007L, 0);
    assertThat(cache.lookup(7, 29 * SECOND)).isEqualTo(0x0200_0000_0007L);
    assertThat(cache.lookup(7, 30 * SECOND)).isEqualTo(ArpCache.NO_MAC);
    assertThat(cache.size()).isZero();
  }

  @Test
  void shouldRetryThenFailWhenNoReplyComes() {
    final ArpCache cache = new ArpCache(4, 30 * SECOND, SECOND, 3);
    assertThat(cache.startResolution(9, 0)).isTrue();
    assertThat(cache.startResolution(9, 10)).as("already resolving").isFalse();
    assertThat(cache.poll(SECOND / 2, listener)).isZero();
    cache.poll(SECOND, listener);
    cache.poll(2 * SECOND, listener);
    cache.poll(3 * SECOND, listener);
    assertThat(events).containsExactly("retry 9", "retry 9", "failed 9");
    assertThat(cache.contains(9)).isFalse();
  }

  @Test
  void shouldStopRetryingWhenReplyArrives() {
    final ArpCache cache = new ArpCache(4, 30 * SECOND, SECOND, 3);
    cache.startResolution(9, 0);
    cache.update(9, 0x0200_0000_0009L, SECOND / 2);
    cache.poll(5 * SECOND, listener);
    assertThat(events).isEmpty();
    assertThat(cache.lookup(9, 5 * SECOND)).isEqualTo(0x0200_0000_0009L);
  }

  @Test
  void shouldEvictEntryThatExpiresFirstWhenFull() {
    final ArpCache cache = new ArpCache(2, 30 * SECOND, SECOND, 3);
    cache.update(1, 0x01L, 0);
    cache.update(2, 0x02L, 5 * SECOND);
    cache.update(3, 0x03L, 6 * SECOND);
    assertThat(cache.size()).isEqualTo(2);
    assertThat(cache.lookup(1, 7 * SECOND)).isEqualTo(ArpCache.NO_MAC);
    assertThat(cache.lookup(2, 7 * SECOND)).isEqualTo(0x02L);
    assertThat(cache.lookup(3, 7 * SECOND)).isEqualTo(0x03L);
  }

  @Test
  void shouldHoldCapacityUnderRandomChurn() {
    final long seed = System.nanoTime();
    final java.util.Random random = new java.util.Random(seed);
    final ArpCache cache = new ArpCache(16, 30 * SECOND, SECOND, 3);
    final java.util.Map<Integer, Long> truth = new java.util.HashMap<>();
    for (int i = 0; i < 10_000; i++) {
      final int address = random.nextInt(64);
      final long mac = random.nextLong() & 0xFFFF_FFFF_FFFFL;
      cache.update(address, mac, i);
      truth.put(address, mac);
      assertThat(cache.size()).as("seed %d", seed).isLessThanOrEqualTo(16);
      assertThat(cache.lookup(address, i)).as("seed %d", seed).isEqualTo(mac);
    }
    int found = 0;
    for (final var entry : truth.entrySet()) {
      final long mac = cache.lookup(entry.getKey(), 10_000);
      if (mac != ArpCache.NO_MAC) {
        assertThat(mac).as("seed %d", seed).isEqualTo(entry.getValue());
        found++;
      }
    }
    assertThat(found).as("seed %d", seed).isEqualTo(16);
  }
}
