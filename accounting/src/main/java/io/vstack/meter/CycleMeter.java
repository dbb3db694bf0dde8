package io.vstack.meter;

import java.util.Arrays;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * Measures work in cycles and charges it to a counter, without allocating.
 *
 * <pre>{@code
 * long start = meter.start();
 * ... process one tenant's group of packets ...
 * long cycles = meter.charge(ledger.counter(CounterKind.RX_CYCLES), start);
 * scheduler.charge(tenant, cycles);
 * long next = meter.lastStop(); // start of the next group: one clock read per group
 * }</pre>
 *
 * <p>Readings come from a {@link NanoClock} ({@link SystemNanoClock} in production, a hand-driven
 * clock in tests) and are scaled to cycles with a {@link CycleCalibration}. One meter belongs to
 * one thread (it remembers the last reading for chaining).
 */
public final class CycleMeter implements CycleClock {
  private final NanoClock clock;
  private final CycleCalibration calibration;
  private final double cyclesPerNano;
  // Readings are taken relative to this origin so the double product keeps full precision.
  private final long originNanos;
  private long lastStop;

  /** A meter on {@link System#nanoTime()} with the detected TSC frequency. */
  public static CycleMeter system() {
    return new CycleMeter(SystemNanoClock.INSTANCE, CycleCalibration.detect());
  }

  /** A meter on the calling thread's CPU time ({@link ThreadCpuClock}) with the TSC frequency. */
  public static CycleMeter threadCpu() {
    return new CycleMeter(ThreadCpuClock.INSTANCE, CycleCalibration.detect());
  }

  public CycleMeter(final NanoClock clock, final CycleCalibration calibration) {
    this.clock = clock;
    this.calibration = calibration;
    this.cyclesPerNano = calibration.cyclesPerNano();
    this.originNanos = clock.nanoTime();
  }

  public CycleCalibration calibration() {
    return calibration;
  }

  /** The clock reading (in cycles) to pass to {@link #charge} or {@link #elapsed}. */
  public long start() {
    return toCycles(clock.nanoTime() - originNanos);
  }

  @Override
  public long cycles() {
    return toCycles(clock.nanoTime() - originNanos);
  }

  /** Cycles since {@code start} (never negative); remembers now as {@link #lastStop()}. */
  public long elapsed(final long start) {
    final long now = toCycles(clock.nanoTime() - originNanos);
    lastStop = now;
    final long cycles = now - start;
    return cycles > 0 ? cycles : 0;
  }

  /**
   * Adds the cycles since {@code start} to {@code counter} (single writer: release add) and returns
   * them.
   */
  public long charge(final AtomicCounter counter, final long start) {
    final long cycles = elapsed(start);
    counter.getAndAddRelease(cycles);
    return cycles;
  }

  /** The reading taken by the last {@link #elapsed}/{@link #charge}: the next group's start. */
  public long lastStop() {
    return lastStop;
  }

  /** A duration in nanoseconds to cycles with this meter's calibration. */
  public long toCycles(final long nanos) {
    return (long) (nanos * cyclesPerNano);
  }

  /** A duration in cycles to nanoseconds with this meter's calibration. */
  public long toNanos(final long cycles) {
    return (long) (cycles / cyclesPerNano);
  }

  /**
   * The meter's own cost: the median, over {@code samples} pairs, of the cycles between two
   * back-to-back readings (what an empty {@code start}/{@code elapsed} pair charges). Runs for
   * {@code samples} readings; call at start-up, not on the hot path.
   */
  public long measureOverhead(final int samples) {
    final long[] deltas = new long[Math.max(1, samples)];
    // Twice: the first pass warms up (compiles) the readings, the second is kept.
    for (int i = 0; i < 2 * deltas.length; i++) {
      final long start = start();
      deltas[i % deltas.length] = elapsed(start);
    }
    Arrays.sort(deltas);
    return deltas[deltas.length / 2];
  }
}
