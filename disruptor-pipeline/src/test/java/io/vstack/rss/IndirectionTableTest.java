package io.vstack.rss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

class IndirectionTableTest {
  @Test
  void shouldSpreadEntriesRoundRobinOverActiveLanesWhenCreated() {
    final IndirectionTable table = new IndirectionTable(128, 3);
    assertThat(table.lane(0)).isZero();
    assertThat(table.lane(4)).isEqualTo(1);
    assertThat(table.entriesOf(0)).isEqualTo(43);
    assertThat(table.entriesOf(1)).isEqualTo(43);
    assertThat(table.entriesOf(2)).isEqualTo(42);
    table.assign(0, 2);
    assertThat(table.entriesOf(2)).isEqualTo(43);
    assertThat(table.snapshot()[0]).isEqualTo(2);
  }

  @Test
  void shouldRejectSizesThatAreNotPowersOfTwo() {
    assertThatThrownBy(() -> new IndirectionTable(100, 1)).hasMessageContaining("power of two");
  }

  @Test
  void shouldHashTheSameKeyToTheSameEntryAndSpreadKeysEvenlyWhenSeeded() {
    final long seed = ThreadLocalRandom.current().nextLong();
    final SplittableRandom random = new SplittableRandom(seed);
    final IndirectionTable table = new IndirectionTable(128, 1);
    final int[] hits = new int[128];
    final FlowKey key = new FlowKey();
    final int keys = 128 * 200;
    for (int i = 0; i < keys; i++) {
      key.set(random.nextInt(16), random.nextInt(), random.nextInt(), random.nextInt(), 443);
      final int hash = FlowHash.hash(seed, key);
      assertThat(FlowHash.hash(seed, key)).isEqualTo(hash);
      hits[table.entry(hash)]++;
    }
    // chi-square over 127 degrees of freedom: the 99.99th percentile is about 200
    double chiSquare = 0;
    for (final int hit : hits) {
      chiSquare += (hit - 200.0) * (hit - 200.0) / 200.0;
    }
    assertThat(chiSquare).as("seed %d", seed).isLessThan(220);
  }

  @Test
  void shouldChangeTheMappingWhenTheSeedChanges() {
    final FlowKey key = new FlowKey();
    int differ = 0;
    for (int port = 0; port < 1000; port++) {
      key.set(1, 0x0A000001, 0x0A000002, port, 80);
      if (FlowHash.hash(1, key) != FlowHash.hash(2, key)) {
        differ++;
      }
    }
    assertThat(differ).isGreaterThan(990);
  }

  @Test
  void shouldTellTenantsApartWhenTheirFourTuplesAreEqual() {
    final FlowKey a = new FlowKey().set(1, 0x0A000001, 0x0A000002, 1000, 80);
    final FlowKey b = new FlowKey().set(2, 0x0A000001, 0x0A000002, 1000, 80);
    assertThat(FlowHash.hash(42, a)).isNotEqualTo(FlowHash.hash(42, b));
  }
}
