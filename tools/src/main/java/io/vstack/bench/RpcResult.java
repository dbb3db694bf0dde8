package io.vstack.bench;

import org.HdrHistogram.Histogram;

/**
 * A request/response run with one request outstanding: {@value #MESSAGE}-byte requests answered by
 * {@value #MESSAGE}-byte responses.
 *
 * @param transactions completed request/response pairs in the measured interval
 * @param seconds length of the measured interval
 * @param meanNanos mean round trip
 * @param p50Nanos median round trip
 * @param p99Nanos 99th percentile round trip
 */
public record RpcResult(
    long transactions, double seconds, double meanNanos, long p50Nanos, long p99Nanos) {
  /** Request and response size in bytes. */
  public static final int MESSAGE = 64;

  /** From a run's totals and its histogram of round trips in nanoseconds. */
  public static RpcResult of(
      final long transactions,
      final double seconds,
      final long totalNanos,
      final Histogram histogram) {
    if (transactions == 0) {
      throw new IllegalStateException("no request/response completed in the measured interval");
    }
    return new RpcResult(
        transactions,
        seconds,
        (double) totalNanos / transactions,
        histogram.getValueAtPercentile(50),
        histogram.getValueAtPercentile(99));
  }

  public double transactionsPerSecond() {
    return transactions / seconds;
  }

  /**
   * Parses the line {@link LinuxRpcPeer} prints: {@code transactions T seconds S mean_ns M p50_ns H
   * p99_ns P}.
   */
  public static RpcResult parse(final String line) {
    final String[] f = line.strip().split(" ");
    if (f.length != 10
        || !f[0].equals("transactions")
        || !f[2].equals("seconds")
        || !f[4].equals("mean_ns")
        || !f[6].equals("p50_ns")
        || !f[8].equals("p99_ns")) {
      throw new IllegalStateException("unexpected RPC peer output: " + line.strip());
    }
    return new RpcResult(
        Long.parseLong(f[1]),
        Double.parseDouble(f[3]),
        Double.parseDouble(f[5]),
        Long.parseLong(f[7]),
        Long.parseLong(f[9]));
  }

  /** The line {@link #parse} reads. */
  public String line() {
    return "transactions "
        + transactions
        + " seconds "
        + seconds
        + " mean_ns "
        + meanNanos
        + " p50_ns "
        + p50Nanos
        + " p99_ns "
        + p99Nanos;
  }
}
