package io.vstack.cli;

import io.vstack.ledger.CounterKind;
import io.vstack.ledger.LedgerSnapshot;
import io.vstack.ledger.LedgerStatus;
import io.vstack.ledger.TenantSnapshot;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.HdrHistogram.Histogram;

/** Renders counters-file snapshots for {@code vstack stats} and {@code vstack top}. */
final class LedgerView {
  private LedgerView() {}

  /** One line about the writer: pid, liveness, uptime, calibration. */
  static String headline(final String file, final LedgerSnapshot s) {
    final String state =
        switch (s.status()) {
          case ALIVE -> "alive";
          case STALE ->
              "STALE (alive but no heartbeat for "
                  + seconds(s.readEpochMs() - s.heartbeatEpochMs())
                  + ")";
          case DEAD -> "DEAD (process gone; these are its last numbers)";
        };
    return String.format(
        "%s: stack pid %d %s, up %s, %d tenants, %.0f MHz (%s), meter overhead %d cycles",
        file,
        s.pid(),
        state,
        seconds(s.heartbeatEpochMs() - s.startEpochMs()),
        s.tenants().size(),
        s.cyclesPerSecond() / 1e6,
        s.calibrationSource(),
        s.meterOverheadCycles());
  }

  private static String seconds(final long millis) {
    return String.format("%.1f s", millis / 1000.0);
  }

  private static String micros(final Histogram latency, final double percentile) {
    return latency.getTotalCount() == 0
        ? "-"
        : String.format("%.1f", latency.getValueAtPercentile(percentile) / 1000.0);
  }

  /** The cumulative table of {@code vstack stats}, tenants in id order. */
  static void printTable(final PrintWriter out, final LedgerSnapshot s) {
    final long total = s.totalCycles();
    out.printf(
        "%-8s %-16s %7s %14s %14s %12s %11s %13s %11s %13s %8s %7s %7s %9s %9s%n",
        "TENANT",
        "NAME",
        "CYCLES%",
        "RX-CYCLES",
        "TX-CYCLES",
        "SLOW-CYCLES",
        "RX-PKTS",
        "RX-BYTES",
        "TX-PKTS",
        "TX-BYTES",
        "DROPS",
        "QUEUE",
        "CONNS",
        "P50-US",
        "P99-US");
    for (final TenantSnapshot t : s.tenants()) {
      out.printf(
          "%-8d %-16s %7.2f %14d %14d %12d %11d %13d %11d %13d %8d %7d %7d %9s %9s%n",
          t.tenantId(),
          clip(t.name(), 16),
          total == 0 ? 0.0 : 100.0 * t.totalCycles() / total,
          t.value(CounterKind.RX_CYCLES),
          t.value(CounterKind.TX_CYCLES),
          t.value(CounterKind.SLOW_PATH_CYCLES),
          t.value(CounterKind.RX_PACKETS),
          t.value(CounterKind.RX_BYTES),
          t.value(CounterKind.TX_PACKETS),
          t.value(CounterKind.TX_BYTES),
          t.totalDrops(),
          t.value(CounterKind.QUEUE_DEPTH),
          t.value(CounterKind.CONNECTIONS),
          micros(t.latency(), 50),
          micros(t.latency(), 99));
    }
    out.flush();
  }

  /**
   * The rates table of {@code vstack top}: what changed between two snapshots, busiest tenant
   * first. %CORE is cycles used per cycle of wall time (100 = one core).
   */
  static void printRates(
      final PrintWriter out, final LedgerSnapshot before, final LedgerSnapshot after) {
    final double seconds = Math.max(1, after.readEpochMs() - before.readEpochMs()) / 1000.0;
    final List<long[]> rows = new ArrayList<>();
    final List<TenantSnapshot> tenants = new ArrayList<>();
    for (final TenantSnapshot t : after.tenants()) {
      final TenantSnapshot old = before.tenant(t.tenantId());
      final long cycles = t.totalCycles() - (old == null ? 0 : old.totalCycles());
      final long rx =
          t.value(CounterKind.RX_PACKETS) - (old == null ? 0 : old.value(CounterKind.RX_PACKETS));
      final long tx =
          t.value(CounterKind.TX_PACKETS) - (old == null ? 0 : old.value(CounterKind.TX_PACKETS));
      final long drops = t.totalDrops() - (old == null ? 0 : old.totalDrops());
      rows.add(new long[] {cycles, rx, tx, drops, tenants.size()});
      tenants.add(t);
    }
    rows.sort(Comparator.comparingLong((long[] r) -> r[0]).reversed());
    out.printf(
        "%-8s %-16s %7s %14s %12s %12s %9s %7s %7s %9s%n",
        "TENANT",
        "NAME",
        "%CORE",
        "CYCLES/S",
        "RX-PPS",
        "TX-PPS",
        "DROPS/S",
        "QUEUE",
        "CONNS",
        "P99-US");
    for (final long[] row : rows) {
      final TenantSnapshot t = tenants.get((int) row[4]);
      out.printf(
          "%-8d %-16s %7.1f %14.0f %12.0f %12.0f %9.0f %7d %7d %9s%n",
          t.tenantId(),
          clip(t.name(), 16),
          100.0 * row[0] / seconds / after.cyclesPerSecond(),
          row[0] / seconds,
          row[1] / seconds,
          row[2] / seconds,
          row[3] / seconds,
          t.value(CounterKind.QUEUE_DEPTH),
          t.value(CounterKind.CONNECTIONS),
          micros(t.latency(), 99));
    }
    out.flush();
  }

  private static String clip(final String text, final int width) {
    return text.length() <= width ? text : text.substring(0, width - 1) + "~";
  }

  /** The machine-readable form of {@code vstack stats --json}. */
  static String json(final String file, final LedgerSnapshot s) {
    final StringBuilder b = new StringBuilder(1024);
    b.append("{\"file\":").append(quote(file));
    b.append(",\"status\":").append(quote(s.status().label()));
    b.append(",\"pid\":").append(s.pid());
    b.append(",\"startEpochMs\":").append(s.startEpochMs());
    b.append(",\"heartbeatEpochMs\":").append(s.heartbeatEpochMs());
    b.append(",\"readEpochMs\":").append(s.readEpochMs());
    b.append(",\"cyclesPerSecond\":").append(s.cyclesPerSecond());
    b.append(",\"meterOverheadCycles\":").append(s.meterOverheadCycles());
    b.append(",\"calibrationSource\":").append(quote(s.calibrationSource()));
    b.append(",\"totalCycles\":").append(s.totalCycles());
    b.append(",\"tenants\":[");
    for (int i = 0; i < s.tenants().size(); i++) {
      final TenantSnapshot t = s.tenants().get(i);
      if (i > 0) {
        b.append(',');
      }
      b.append("{\"id\":").append(t.tenantId());
      b.append(",\"name\":").append(quote(t.name()));
      b.append(",\"totalCycles\":").append(t.totalCycles());
      b.append(",\"drops\":").append(t.totalDrops());
      b.append(",\"counters\":{");
      final CounterKind[] kinds = CounterKind.values();
      for (int k = 0; k < kinds.length; k++) {
        if (k > 0) {
          b.append(',');
        }
        b.append(quote(kinds[k].label())).append(':').append(t.value(kinds[k]));
      }
      final Histogram h = t.latency();
      b.append("},\"latencyNanos\":{\"count\":").append(h.getTotalCount());
      if (h.getTotalCount() > 0) {
        b.append(",\"min\":").append(h.getMinValue());
        b.append(",\"p50\":").append(h.getValueAtPercentile(50));
        b.append(",\"p99\":").append(h.getValueAtPercentile(99));
        b.append(",\"p999\":").append(h.getValueAtPercentile(99.9));
        b.append(",\"max\":").append(h.getMaxValue());
      }
      b.append("}}");
    }
    return b.append("]}").toString();
  }

  static String quote(final String text) {
    final StringBuilder b = new StringBuilder(text.length() + 2).append('"');
    for (int i = 0; i < text.length(); i++) {
      final char c = text.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }

  /** True when the writer is gone or stuck (for exit-code and warning decisions). */
  static boolean unhealthy(final LedgerSnapshot s) {
    return s.status() != LedgerStatus.ALIVE;
  }
}
