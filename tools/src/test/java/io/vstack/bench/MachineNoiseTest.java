package io.vstack.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class MachineNoiseTest {
  @Test
  void shouldCountNestedPauseClassesOverTheSpinWhenMeasured() {
    final MachineNoise noise = MachineNoise.measure(50_000_000L);
    assertThat(noise.seconds()).isBetween(0.05, 5.0);
    assertThat(noise.over1us()).isGreaterThanOrEqualTo(noise.over2us());
    assertThat(noise.over2us()).isGreaterThanOrEqualTo(noise.over4us());
    assertThat(noise.over4us()).isGreaterThanOrEqualTo(noise.over16us());
    assertThat(noise.over16us()).isGreaterThanOrEqualTo(0);
    assertThat(noise.stolen()).isBetween(0.0, 1.0);
  }

  @Test
  void shouldSortEachPauseIntoEveryClassItExceedsWhenTheClockJumps() {
    // reads 100 ns apart, with pauses of 1.5, 3, 5 and 20 µs between them; 1 µs is no pause
    final long[] gaps = {100, 1_000, 100, 1_500, 100, 3_000, 100, 5_000, 100, 20_000, 100};
    final long[] time = {0};
    final int[] read = {0};
    final MachineNoise noise =
        MachineNoise.measure(
            () -> {
              final long now = time[0];
              time[0] += read[0] < gaps.length ? gaps[read[0]] : 100;
              read[0]++;
              return now;
            },
            31_000);

    final double seconds = noise.seconds();
    assertThat(seconds * 1e9).isCloseTo(31_000, within(200.0));
    assertThat(noise.over1us() * seconds).isCloseTo(4, within(1e-6));
    assertThat(noise.over2us() * seconds).isCloseTo(3, within(1e-6));
    assertThat(noise.over4us() * seconds).isCloseTo(2, within(1e-6));
    assertThat(noise.over16us() * seconds).isCloseTo(1, within(1e-6));
    assertThat(noise.stolen() * seconds * 1e9).isCloseTo(29_500, within(1e-3));
  }
}
