package io.vstack.scaling;

import static io.vstack.scaling.ScalingPolicy.Decision.HOLD;
import static io.vstack.scaling.ScalingPolicy.Decision.SCALE_DOWN;
import static io.vstack.scaling.ScalingPolicy.Decision.SCALE_UP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ScalingPolicyTest {
  private static final long MS = 1_000_000;
  private final ScalingPolicy policy = new ScalingPolicy(0.8, 0.2, 50 * MS, 200 * MS, 1);

  @Test
  void shouldScaleUpOnlyWhenLoadStaysHighForTheDwell() {
    assertThat(policy.onSample(0, 0.9, 0.95, 1, 4)).isEqualTo(HOLD);
    assertThat(policy.onSample(40 * MS, 0.9, 0.95, 1, 4)).isEqualTo(HOLD);
    assertThat(policy.onSample(50 * MS, 0.9, 0.95, 1, 4)).isEqualTo(SCALE_UP);
    // the decision restarts the dwell
    assertThat(policy.onSample(60 * MS, 0.9, 0.95, 2, 4)).isEqualTo(HOLD);
    assertThat(policy.onSample(109 * MS, 0.9, 0.95, 2, 4)).isEqualTo(HOLD);
    assertThat(policy.onSample(110 * MS, 0.9, 0.95, 2, 4)).isEqualTo(SCALE_UP);
  }

  @Test
  void shouldRestartTheDwellWhenOneSampleBreaksTheStreak() {
    assertThat(policy.onSample(0, 0.9, 0.9, 1, 2)).isEqualTo(HOLD);
    assertThat(policy.onSample(30 * MS, 0.5, 0.5, 1, 2)).isEqualTo(HOLD);
    assertThat(policy.onSample(60 * MS, 0.9, 0.9, 1, 2)).isEqualTo(HOLD);
    assertThat(policy.onSample(100 * MS, 0.9, 0.9, 1, 2)).isEqualTo(HOLD);
    assertThat(policy.onSample(110 * MS, 0.9, 0.9, 1, 2)).isEqualTo(SCALE_UP);
  }

  @Test
  void shouldNotScaleUpWhenEveryLaneIsAlreadyActive() {
    for (long t = 0; t < 1000 * MS; t += 10 * MS) {
      assertThat(policy.onSample(t, 1.0, 1.0, 4, 4)).isEqualTo(HOLD);
    }
  }

  @Test
  void shouldScaleDownOnlyWhenTheBusiestLaneStaysLowForTheDwell() {
    assertThat(policy.onSample(0, 0.05, 0.1, 3, 4)).isEqualTo(HOLD);
    assertThat(policy.onSample(199 * MS, 0.05, 0.1, 3, 4)).isEqualTo(HOLD);
    assertThat(policy.onSample(200 * MS, 0.05, 0.1, 3, 4)).isEqualTo(SCALE_DOWN);
    assertThat(policy.onSample(210 * MS, 0.05, 0.1, 2, 4)).isEqualTo(HOLD);
  }

  @Test
  void shouldHoldWhenOneLaneIsBusyEvenIfTheMeanIsLow() {
    for (long t = 0; t < 1000 * MS; t += 10 * MS) {
      assertThat(policy.onSample(t, 0.1, 0.5, 3, 4)).isEqualTo(HOLD);
    }
  }

  @Test
  void shouldKeepTheMinimumActiveLanesWhenIdle() {
    for (long t = 0; t < 1000 * MS; t += 10 * MS) {
      assertThat(policy.onSample(t, 0, 0, 1, 4)).isEqualTo(HOLD);
    }
  }

  @Test
  void shouldHoldInTheDeadBandBetweenThresholds() {
    for (long t = 0; t < 1000 * MS; t += 10 * MS) {
      assertThat(policy.onSample(t, 0.5, 0.6, 2, 4)).isEqualTo(HOLD);
    }
  }

  @Test
  void shouldForgetAStreakWhenReset() {
    assertThat(policy.onSample(0, 0.9, 0.9, 1, 2)).isEqualTo(HOLD);
    policy.reset();
    assertThat(policy.onSample(50 * MS, 0.9, 0.9, 1, 2)).isEqualTo(HOLD);
    assertThat(policy.onSample(100 * MS, 0.9, 0.9, 1, 2)).isEqualTo(SCALE_UP);
  }

  @Test
  void shouldRejectThresholdsWithoutADeadBand() {
    assertThatThrownBy(() -> new ScalingPolicy(0.5, 0.5, 0, 0, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lowBusy < highBusy");
  }
}
