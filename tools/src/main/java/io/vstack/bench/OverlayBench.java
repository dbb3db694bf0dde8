package io.vstack.bench;

import io.vstack.mode.StackMode;
import io.vstack.mode.StreamWorkload;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.agrona.concurrent.SystemNanoClock;

/**
 * The experiment behind {@code vstack bench overlay}: for each {@link StackMode}, two hosts of that
 * mode on a memory wire ({@link StreamWorkload}) stream on this one thread, and every frame that
 * crosses the wire (data and ACKs) counts as a packet. The modes run in interleaved rounds (mode 1,
 * mode 2, mode 3, mode 1, ...) so drift and noise from other processes hit them alike. Cost per
 * packet = this thread's CPU time / packets (CPU time, so time slices lost to other processes on a
 * loaded machine do not count); wall time is kept too.
 */
public final class OverlayBench {
  /** One mode's totals over all measured rounds. */
  public record ModeResult(
      StackMode mode, long packets, long cpuNanos, long wallNanos, long bytes, double[] roundNs) {
    /** CPU nanoseconds per packet. */
    public double nsPerPacket() {
      return (double) cpuNanos / packets;
    }

    /** Wall nanoseconds per packet. */
    public double wallNsPerPacket() {
      return (double) wallNanos / packets;
    }

    /** Million packets per second of one core's CPU time. */
    public double mppsPerCore() {
      return packets * 1e3 / cpuNanos;
    }
  }

  /** Results of every mode of one run, in the order given. */
  public record Result(StreamWorkload.Shape shape, int rounds, List<ModeResult> modes) {
    /** The result of {@code mode}, or null when it was not measured. */
    public ModeResult of(final StackMode mode) {
      for (final ModeResult r : modes) {
        if (r.mode() == mode) {
          return r;
        }
      }
      return null;
    }

    /**
     * Cost of {@code numerator} over {@code denominator} per packet, or NaN when one is missing.
     */
    public double costRatio(final StackMode numerator, final StackMode denominator) {
      final ModeResult n = of(numerator);
      final ModeResult d = of(denominator);
      return n == null || d == null ? Double.NaN : n.nsPerPacket() / d.nsPerPacket();
    }

    /** The median over rounds of the per-round cost ratio (robust against one disturbed round). */
    public double medianRoundRatio(final StackMode numerator, final StackMode denominator) {
      final ModeResult n = of(numerator);
      final ModeResult d = of(denominator);
      if (n == null || d == null) {
        return Double.NaN;
      }
      final double[] ratios = new double[rounds];
      for (int i = 0; i < rounds; i++) {
        ratios[i] = n.roundNs()[i] / d.roundNs()[i];
      }
      return median(ratios);
    }
  }

  /** The median of {@code values} (not changed), the mean of the middle two for an even count. */
  static double median(final double[] values) {
    final double[] sorted = values.clone();
    Arrays.sort(sorted);
    final int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private OverlayBench() {}

  /**
   * Measures {@code modes}, each moving about {@code packets} frames in {@code rounds} interleaved
   * rounds after two unmeasured warm-up rounds.
   */
  public static Result run(
      final List<StackMode> modes,
      final StreamWorkload.Shape shape,
      final long packets,
      final int rounds) {
    if (rounds < 1 || packets < rounds) {
      throw new IllegalArgumentException("need rounds >= 1 and packets >= rounds");
    }
    if (!THREADS.isCurrentThreadCpuTimeSupported()) {
      throw new IllegalStateException("this JVM cannot read a thread's CPU time");
    }
    final long perRound = packets / rounds;
    final List<StreamWorkload> workloads = new ArrayList<>(modes.size());
    try {
      for (final StackMode mode : modes) {
        workloads.add(new StreamWorkload(mode, shape, SystemNanoClock.INSTANCE, false).establish());
      }
      for (int warmup = 0; warmup < 2; warmup++) {
        for (final StreamWorkload w : workloads) {
          w.run(perRound);
        }
      }
      final int n = workloads.size();
      final long[] frames = new long[n];
      final long[] cpu = new long[n];
      final long[] wall = new long[n];
      final long[] bytesBefore = new long[n];
      final double[][] roundNs = new double[n][rounds];
      for (int m = 0; m < n; m++) {
        bytesBefore[m] = workloads.get(m).bytesDelivered();
      }
      for (int round = 0; round < rounds; round++) {
        for (int m = 0; m < n; m++) {
          final long cpuStart = THREADS.getCurrentThreadCpuTime();
          final long wallStart = System.nanoTime();
          final long moved = workloads.get(m).run(perRound);
          final long wallTime = System.nanoTime() - wallStart;
          final long cpuTime = THREADS.getCurrentThreadCpuTime() - cpuStart;
          frames[m] += moved;
          cpu[m] += cpuTime;
          wall[m] += wallTime;
          roundNs[m][round] = (double) cpuTime / moved;
        }
      }
      final List<ModeResult> results = new ArrayList<>(n);
      for (int m = 0; m < n; m++) {
        results.add(
            new ModeResult(
                modes.get(m),
                frames[m],
                cpu[m],
                wall[m],
                workloads.get(m).bytesDelivered() - bytesBefore[m],
                roundNs[m]));
      }
      return new Result(shape, rounds, results);
    } finally {
      for (final StreamWorkload w : workloads) {
        w.close();
      }
    }
  }
}
