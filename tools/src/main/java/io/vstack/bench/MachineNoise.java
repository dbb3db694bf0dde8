package io.vstack.bench;

import java.util.function.LongSupplier;

/**
 * How often this machine takes the CPU away from a spinning thread, and for how long: the pauses
 * between consecutive clock reads of a tight loop (interrupts, the hypervisor, other work). A
 * latency percentile that is rarer than these pauses are frequent measures the machine, not the
 * code, so benches report this next to their tail latencies.
 *
 * @param seconds how long the loop spun
 * @param over1us pauses longer than 1 µs, per second
 * @param over2us pauses longer than 2 µs, per second
 * @param over4us pauses longer than 4 µs, per second
 * @param over16us pauses longer than 16 µs, per second
 * @param stolen fraction of the time spent in pauses longer than 1 µs
 */
public record MachineNoise(
    double seconds,
    double over1us,
    double over2us,
    double over4us,
    double over16us,
    double stolen) {

  /** Spins on the calling thread for {@code nanos} and counts the pauses. */
  public static MachineNoise measure(final long nanos) {
    return measure(System::nanoTime, nanos);
  }

  /** Reads {@code clock} (ns) in a tight loop for {@code nanos} and counts the pauses. */
  static MachineNoise measure(final LongSupplier clock, final long nanos) {
    final long start = clock.getAsLong();
    final long end = start + nanos;
    long previous = start;
    long over1 = 0;
    long over2 = 0;
    long over4 = 0;
    long over16 = 0;
    long paused = 0;
    while (previous - end < 0) {
      final long now = clock.getAsLong();
      final long gap = now - previous;
      previous = now;
      if (gap > 1_000) {
        over1++;
        paused += gap;
        if (gap > 2_000) {
          over2++;
          if (gap > 4_000) {
            over4++;
            if (gap > 16_000) {
              over16++;
            }
          }
        }
      }
    }
    final double seconds = (previous - start) / 1e9;
    return new MachineNoise(
        seconds,
        over1 / seconds,
        over2 / seconds,
        over4 / seconds,
        over16 / seconds,
        paused / 1e9 / seconds);
  }
}
