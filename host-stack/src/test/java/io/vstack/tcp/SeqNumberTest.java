package io.vstack.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Seeded property tests of wrap-around sequence arithmetic; the seed is in every message. */
class SeqNumberTest {
  private static final long SEED = System.nanoTime();
  private static final int RUNS = 20_000;

  /** A base anywhere, but half the time right next to the 2^32 wrap where bugs live. */
  private static int base(final SplittableRandom random) {
    return random.nextBoolean() ? random.nextInt() : -random.nextInt(1, 4096);
  }

  @Test
  void shouldOrderNumbersAcrossTheWrapWhenLessThanHalfTheSpaceApart() {
    final SplittableRandom random = new SplittableRandom(SEED);
    for (int i = 0; i < RUNS; i++) {
      final int a = base(random);
      final int distance = random.nextInt(1, Integer.MAX_VALUE);
      final int b = SeqNumber.add(a, distance);
      final String why = "seed=" + SEED + " a=" + a + " d=" + distance;
      assertThat(SeqNumber.lt(a, b)).as(why).isTrue();
      assertThat(SeqNumber.le(a, b)).as(why).isTrue();
      assertThat(SeqNumber.gt(b, a)).as(why).isTrue();
      assertThat(SeqNumber.ge(b, a)).as(why).isTrue();
      assertThat(SeqNumber.lt(b, a)).as(why).isFalse();
      assertThat(SeqNumber.diff(b, a)).as(why).isEqualTo(distance);
      assertThat(SeqNumber.max(a, b)).as(why).isEqualTo(b);
      assertThat(SeqNumber.min(b, a)).as(why).isEqualTo(a);
    }
  }

  @Test
  void shouldTreatEqualNumbersAsNeitherBeforeNorAfterWhenCompared() {
    final SplittableRandom random = new SplittableRandom(SEED);
    for (int i = 0; i < RUNS; i++) {
      final int a = base(random);
      assertThat(SeqNumber.lt(a, a)).as("seed=" + SEED).isFalse();
      assertThat(SeqNumber.le(a, a)).as("seed=" + SEED).isTrue();
      assertThat(SeqNumber.ge(a, a)).as("seed=" + SEED).isTrue();
    }
  }

  @Test
  void shouldAgreeWithLongArithmeticWhenWindowSpansTheWrap() {
    final SplittableRandom random = new SplittableRandom(SEED);
    for (int i = 0; i < RUNS; i++) {
      final int start = base(random);
      final int length = random.nextInt(0, 1 << 30);
      final int offset = random.nextInt(-(1 << 29), (1 << 30) + (1 << 29));
      final int x = start + offset;
      final boolean expected = offset >= 0 && offset < length;
      assertThat(SeqNumber.inWindow(x, start, length))
          .as("seed=%d start=%d len=%d off=%d", SEED, start, length, offset)
          .isEqualTo(expected);
      final boolean expectedBetween = offset >= 0 && offset <= length;
      assertThat(SeqNumber.between(start, x, start + length))
          .as("seed=%d start=%d len=%d off=%d", SEED, start, length, offset)
          .isEqualTo(expectedBetween);
    }
  }

  @Test
  void shouldBeTransitiveWhenThreeNumbersLieWithinAQuarterOfTheSpace() {
    final SplittableRandom random = new SplittableRandom(SEED);
    for (int i = 0; i < RUNS; i++) {
      final int a = base(random);
      final int b = a + random.nextInt(0, 1 << 29);
      final int c = b + random.nextInt(0, 1 << 29);
      assertThat(SeqNumber.le(a, b) && SeqNumber.le(b, c) && SeqNumber.le(a, c))
          .as("seed=%d a=%d b=%d c=%d", SEED, a, b, c)
          .isTrue();
    }
  }

  @Test
  void shouldWrapExactlyAtTwoToThe32WhenAdding() {
    assertThat(SeqNumber.add(0xFFFF_FFFF, 1)).isZero();
    assertThat(SeqNumber.lt(0xFFFF_FFFF, 0)).isTrue();
    assertThat(SeqNumber.gt(0, 0xFFFF_FFFF)).isTrue();
    assertThat(SeqNumber.diff(5, 0xFFFF_FFFE)).isEqualTo(7);
  }
}
