package io.vstack.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ConnectionTableTest {
  @Test
  void shouldMatchAHashMapModelWhenTuplesChurn() {
    final long seed = System.nanoTime();
    final SplittableRandom random = new SplittableRandom(seed);
    final ConnectionTable table = new ConnectionTable(256, 7, 9);
    final Map<Long, Integer> model = new HashMap<>();
    for (int step = 0; step < 50_000; step++) {
      // A small key space forces collisions, long probe runs and backward shifts.
      final int remotePort = random.nextInt(0, 400);
      final long key = remotePort;
      final String why = "seed=" + seed + " step=" + step;
      if (random.nextBoolean() && model.size() < 256) {
        final boolean added = table.put(1, 80, 2, remotePort, step);
        assertThat(added).as(why).isEqualTo(!model.containsKey(key));
        model.putIfAbsent(key, step);
      } else {
        final int removed = table.remove(1, 80, 2, remotePort);
        assertThat(removed).as(why).isEqualTo(model.getOrDefault(key, ConnectionTable.MISSING));
        model.remove(key);
      }
      final int probe = random.nextInt(0, 400);
      assertThat(table.get(1, 80, 2, probe))
          .as(why)
          .isEqualTo(model.getOrDefault((long) probe, ConnectionTable.MISSING));
      assertThat(table.size()).as(why).isEqualTo(model.size());
    }
  }

  @Test
  void shouldRefusePutWhenFull() {
    final ConnectionTable table = new ConnectionTable(2, 1, 1);
    assertThat(table.put(1, 1, 1, 1, 0)).isTrue();
    assertThat(table.put(1, 1, 1, 2, 1)).isTrue();
    assertThat(table.put(1, 1, 1, 3, 2)).isFalse();
    assertThat(table.get(1, 1, 1, 3)).isEqualTo(ConnectionTable.MISSING);
  }

  @Test
  void shouldDistinguishTuplesWhenOnlyAddressesDiffer() {
    final ConnectionTable table = new ConnectionTable(8, 3, 4);
    table.put(1, 80, 2, 1000, 5);
    table.put(2, 80, 1, 1000, 6);
    assertThat(table.get(1, 80, 2, 1000)).isEqualTo(5);
    assertThat(table.get(2, 80, 1, 1000)).isEqualTo(6);
    assertThat(table.get(1, 1000, 2, 80)).isEqualTo(ConnectionTable.MISSING);
  }
}
