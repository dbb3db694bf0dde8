package io.vstack.meter;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CycleCalibrationTest {
  @Test
  void shouldReadTheFirstCpuMhzLineWhenCpuinfoHasOne() {
    final String cpuinfo =
        "processor\t: 0\nmodel name\t: Intel(R) Xeon(R) Processor\ncpu MHz\t\t: 2600.000\n"
            + "processor\t: 1\ncpu MHz\t\t: 1200.000\n";
    final CycleCalibration calibration = CycleCalibration.fromCpuInfo(cpuinfo);
    assertThat(calibration.cyclesPerSecond()).isEqualTo(2_600_000_000L);
    assertThat(calibration.cyclesPerNano()).isEqualTo(2.6);
    assertThat(calibration.source()).isEqualTo("/proc/cpuinfo cpu MHz 2600.0");
  }

  @Test
  void shouldFallBackToNanosecondsWhenCpuMhzIsMissingOrGarbage() {
    assertThat(CycleCalibration.fromCpuInfo("processor : 0\n"))
        .isEqualTo(CycleCalibration.NANOSECONDS);
    assertThat(CycleCalibration.fromCpuInfo("cpu MHz : fast\n"))
        .isEqualTo(CycleCalibration.NANOSECONDS);
    assertThat(CycleCalibration.fromCpuInfo("cpu MHz : -5\n"))
        .isEqualTo(CycleCalibration.NANOSECONDS);
  }

  @Test
  void shouldDetectAPositiveFrequencyOnThisMachine() {
    // Linux always has /proc/cpuinfo; the x86 test machines report cpu MHz.
    assertThat(CycleCalibration.detect().cyclesPerSecond()).isPositive();
  }
}
