package io.vstack.meter;

import static org.assertj.core.api.Assertions.assertThat;

import org.agrona.concurrent.CachedNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;
import org.junit.jupiter.api.Test;

class CycleMeterTest {
  private final CachedNanoClock clock = new CachedNanoClock();
  private final CycleMeter meter =
      new CycleMeter(clock, new CycleCalibration(2_500_000_000L, "test 2.5 GHz"));
  private final CountersManager counters =
      new CountersManager(
          new UnsafeBuffer(new byte[64 * 1024]), new UnsafeBuffer(new byte[16 * 1024]));
  private final AtomicCounter counter = counters.newCounter("rx-cycles");

  @Test
  void shouldChargeElapsedNanosAsCyclesWhenWorkIsDone() {
    clock.update(1_000_000);
    final long start = meter.start();
    clock.update(1_000_400);
    assertThat(meter.charge(counter, start)).isEqualTo(1_000);
    clock.update(1_002_400);
    assertThat(meter.charge(counter, meter.lastStop())).isEqualTo(5_000);
    assertThat(counter.get()).isEqualTo(6_000);
  }

  @Test
  void shouldNeverChargeNegativeCyclesWhenTheClockGoesBackwards() {
    clock.update(5_000);
    final long start = meter.start();
    clock.update(4_000);
    assertThat(meter.charge(counter, start)).isZero();
    assertThat(counter.get()).isZero();
  }

  @Test
  void shouldConvertBetweenNanosAndCyclesWithTheCalibration() {
    assertThat(meter.toCycles(1_000_000_000L)).isEqualTo(2_500_000_000L);
    assertThat(meter.toNanos(2_500L)).isEqualTo(1_000L);
  }

  @Test
  void shouldReportTheMedianBackToBackCostAsOverhead() {
    // A clock that moves 8 ns per reading: each start/elapsed pair costs 8 ns = 20 cycles.
    final long[] now = {0};
    final CycleMeter stepping =
        new CycleMeter(() -> now[0] += 8, new CycleCalibration(2_500_000_000L, "test"));
    assertThat(stepping.measureOverhead(101)).isEqualTo(20);
  }
}
