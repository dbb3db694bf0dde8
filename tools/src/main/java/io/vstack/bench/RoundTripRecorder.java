package io.vstack.bench;

import org.HdrHistogram.Histogram;

/**
 * Times a request/response loop: a warm-up that is not recorded, then a measured interval whose
 * round trips go into a histogram. The same code times vstack and the Linux peer.
 *
 * <pre>
 *   for (long t0; recorder.running(t0 = System.nanoTime()); ) {
 *     ...request, response...
 *     recorder.record(t0, System.nanoTime());
 *   }
 * </pre>
 */
final class RoundTripRecorder {
  private final Histogram histogram = new Histogram(3_600_000_000_000L, 3);
  private final long measureFrom;
  private final long end;
  private final long measureNanos;
  private long transactions;
  private long total;

  RoundTripRecorder(final long warmUpNanos, final long measureNanos) {
    this.measureNanos = measureNanos;
    this.measureFrom = System.nanoTime() + warmUpNanos;
    this.end = measureFrom + measureNanos;
  }

  /** True while the loop should go on. */
  boolean running(final long now) {
    return now < end;
  }

  /** A round trip that started at {@code t0} and ended at {@code t1}; warm-up ones are ignored. */
  void record(final long t0, final long t1) {
    if (t0 >= measureFrom) {
      histogram.recordValue(t1 - t0);
      total += t1 - t0;
      transactions++;
    }
  }

  RpcResult result() {
    return RpcResult.of(transactions, measureNanos / 1e9, total, histogram);
  }
}
