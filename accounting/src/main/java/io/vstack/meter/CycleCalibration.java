package io.vstack.meter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How many cycles one second has, and where that number came from.
 *
 * <p>Java cannot execute {@code rdtsc} (no intrinsic is exposed), so the meter reads {@link
 * System#nanoTime()} (CLOCK_MONOTONIC through the vDSO, which on these machines is itself the TSC
 * scaled by the kernel) and multiplies by the TSC frequency. The frequency comes from the first
 * {@code cpu MHz} line of {@code /proc/cpuinfo}; with {@code constant_tsc}/{@code tsc_known_freq}
 * (checked on our machines) that is the invariant TSC rate, so "cycles" here means TSC cycles, the
 * unit a C stack would charge with {@code rdtsc}. When the line is missing the meter falls back to
 * 1 cycle per nanosecond and says so in {@link #source()}.
 *
 * @param cyclesPerSecond cycles per second, positive
 * @param source human-readable origin of the number
 */
public record CycleCalibration(long cyclesPerSecond, String source) {
  /** The file the frequency is read from. */
  public static final Path CPUINFO = Path.of("/proc/cpuinfo");

  /** One cycle per nanosecond: used when no frequency is known. */
  public static final CycleCalibration NANOSECONDS =
      new CycleCalibration(1_000_000_000L, "1 cycle = 1 ns (no cpu MHz in /proc/cpuinfo)");

  public CycleCalibration {
    if (cyclesPerSecond <= 0) {
      throw new IllegalArgumentException("cyclesPerSecond must be positive: " + cyclesPerSecond);
    }
  }

  /** Reads {@link #CPUINFO}; falls back to {@link #NANOSECONDS}. */
  public static CycleCalibration detect() {
    try {
      return fromCpuInfo(Files.readString(CPUINFO));
    } catch (final IOException | SecurityException e) {
      return NANOSECONDS;
    }
  }

  /** Parses the first {@code cpu MHz : 2600.000} line of a cpuinfo text. */
  public static CycleCalibration fromCpuInfo(final String cpuinfo) {
    for (final String line : cpuinfo.split("\n")) {
      if (line.startsWith("cpu MHz")) {
        final int colon = line.indexOf(':');
        if (colon < 0) {
          break;
        }
        try {
          final double mhz = Double.parseDouble(line.substring(colon + 1).strip());
          if (mhz > 0 && mhz < 1_000_000) {
            return new CycleCalibration(
                Math.round(mhz * 1_000_000.0), "/proc/cpuinfo cpu MHz " + mhz);
          }
        } catch (final NumberFormatException e) {
          break;
        }
      }
    }
    return NANOSECONDS;
  }

  /** Cycles per nanosecond, e.g. 2.6 for a 2.6 GHz TSC. */
  public double cyclesPerNano() {
    return cyclesPerSecond / 1e9;
  }
}
