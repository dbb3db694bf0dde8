package io.vstack.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.BitSet;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The sender scoreboard against a bit-per-byte model, across the sequence wrap. */
class SackScoreboardTest {
  private static final long SEED = System.nanoTime();

  @Test
  void shouldAgreeWithBitsetModelWhenBlocksArriveAndAcksAdvance() {
    final SplittableRandom random = new SplittableRandom(SEED);
    for (int run = 0; run < 300; run++) {
      final int base = random.nextBoolean() ? -random.nextInt(1, 5000) : random.nextInt();
      final int span = 4000;
      final SackScoreboard board = new SackScoreboard(64);
      final BitSet model = new BitSet(span);
      int una = 0;
      for (int step = 0; step < 30; step++) {
        final int start = random.nextInt(una, span - 1);
        final int end = random.nextInt(start + 1, span + 1);
        board.add(base + start, base + end, base + una, base + span);
        model.set(start, end);
        if (random.nextInt(4) == 0) {
          una = Math.min(span - 100, una + random.nextInt(0, 600));
          board.ackedUpTo(base + una);
          model.clear(0, una);
        }
        final String why = "seed=" + SEED + " run=" + run + " step=" + step;
        assertThat(board.sackedBytes()).as(why).isEqualTo(model.cardinality());
        final int probe = random.nextInt(una, span);
        assertThat(board.isSacked(base + probe)).as(why).isEqualTo(model.get(probe));
        final int hole = board.nextHole(base + una) - base;
        assertThat(hole).as(why).isEqualTo(model.nextClearBit(una));
        final int highest = model.length();
        long holes = 0;
        for (int i = una; i < highest; i++) {
          holes += model.get(i) ? 0 : 1;
        }
        assertThat(board.holeBytesFrom(base + una)).as(why).isEqualTo(holes);
      }
    }
  }

  @Test
  void shouldIgnoreBlocksOutsideUnackedDataWhenForged() {
    final SackScoreboard board = new SackScoreboard(4);
    board.add(50, 80, 100, 200);
    board.add(150, 250, 100, 200);
    board.add(120, 110, 100, 200);
    assertThat(board.blocks()).isZero();
  }

  @Test
  void shouldForgetHighestBlockWhenTableOverflows() {
    final SackScoreboard board = new SackScoreboard(2);
    board.add(110, 120, 100, 1000);
    board.add(130, 140, 100, 1000);
    board.add(150, 160, 100, 1000);
    assertThat(board.blocks()).isEqualTo(2);
    board.add(102, 104, 100, 1000);
    assertThat(board.isSacked(102)).isTrue();
    assertThat(board.isSacked(130)).as("highest dropped to make room").isFalse();
    assertThat(board.sackedBytes()).isEqualTo(12);
  }
}
