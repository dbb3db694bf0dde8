package io.vstack.ledger;

import org.HdrHistogram.Histogram;

/**
 * One tenant's counters as read at one moment.
 *
 * @param tenantId the tenant's id
 * @param name the tenant's name
 * @param values counter values indexed by {@link CounterKind#ordinal()}
 * @param latency the last published latency histogram (nanoseconds), empty if none yet
 */
public record TenantSnapshot(int tenantId, String name, long[] values, Histogram latency) {
  public long value(final CounterKind kind) {
    return values[kind.ordinal()];
  }

  /** Rx + tx + slow-path cycles. */
  public long totalCycles() {
    return value(CounterKind.RX_CYCLES)
        + value(CounterKind.TX_CYCLES)
        + value(CounterKind.SLOW_PATH_CYCLES);
  }

  /** Sum of all drop reasons. */
  public long totalDrops() {
    long drops = 0;
    for (final CounterKind kind : CounterKind.all()) {
      if (kind.isDrop()) {
        drops += values[kind.ordinal()];
      }
    }
    return drops;
  }
}
