package io.vstack.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ScheduleTest {
  private static final long T0 = 1_700_000_000_000_000_000L;

  @Test
  void shouldKeepTheCapturesGapsWhenPacingByOriginalTiming() {
    final Schedule s = new Schedule(Pacing.original(1));
    assertThat(s.due(T0, 60)).isZero();
    assertThat(s.due(T0 + 1_000_000, 60)).isEqualTo(1_000_000);
    assertThat(s.due(T0 + 6_000_000, 60)).isEqualTo(6_000_000);
    assertThat(s.due(T0 + 26_000_000, 60)).isEqualTo(26_000_000);
  }

  @Test
  void shouldDivideGapsBySpeedWhenSpedUp() {
    final Schedule s = new Schedule(Pacing.original(4));
    s.due(T0, 60);
    assertThat(s.due(T0 + 1_000_000, 60)).isEqualTo(250_000);
    final Schedule half = new Schedule(Pacing.original(0.5));
    half.due(T0, 60);
    assertThat(half.due(T0 + 1_000_000, 60)).isEqualTo(2_000_000);
  }

  @Test
  void shouldTreatATimestampGoingBackwardsAsNoGapWhenInterfacesWereMergedUnsorted() {
    final Schedule s = new Schedule(Pacing.original(1));
    s.due(T0, 60);
    assertThat(s.due(T0 + 5_000, 60)).isEqualTo(5_000);
    assertThat(s.due(T0 + 2_000, 60)).isEqualTo(5_000);
    assertThat(s.due(T0 + 7_000, 60)).isEqualTo(7_000);
  }

  @Test
  void shouldStartTheNextPassWhereTheLastOneEndedWhenLooping() {
    final Schedule s = new Schedule(Pacing.original(1));
    s.due(T0, 60);
    s.due(T0 + 3_000, 60);
    s.nextPass();
    assertThat(s.due(T0, 60)).isEqualTo(3_000);
    assertThat(s.due(T0 + 3_000, 60)).isEqualTo(6_000);
  }

  @Test
  void shouldSpaceFramesEvenlyWhenPacingByPacketsPerSecond() {
    final Schedule s = new Schedule(Pacing.packetsPerSecond(2000));
    assertThat(s.due(T0 + 99, 60)).isZero();
    assertThat(s.due(T0, 1500)).isEqualTo(500_000);
    s.nextPass();
    assertThat(s.due(T0, 60)).as("rates continue across passes").isEqualTo(1_000_000);
  }

  @Test
  void shouldDueEachFrameAfterThePreviousBitsWhenPacingByMegabits() {
    final Schedule s = new Schedule(Pacing.megabitsPerSecond(8));
    assertThat(s.due(T0, 1000)).isZero();
    // 8000 bits at 8 Mbit/s = 1 ms
    assertThat(s.due(T0, 500)).isEqualTo(1_000_000);
    assertThat(s.due(T0, 60)).isEqualTo(1_500_000);
  }

  @Test
  void shouldMakeEveryFrameDueAtOnceWhenAtTopSpeed() {
    final Schedule s = new Schedule(Pacing.topSpeed());
    assertThat(s.due(T0, 60)).isZero();
    assertThat(s.due(T0 + 1_000_000_000, 60)).isZero();
  }

  @Test
  void shouldRejectARateThatIsNotPositive() {
    assertThatThrownBy(() -> Pacing.packetsPerSecond(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Pacing.original(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
