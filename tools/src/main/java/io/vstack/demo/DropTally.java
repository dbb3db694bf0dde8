package io.vstack.demo;

import io.vstack.fastpath.FastPathCounters;
import io.vstack.fastpath.FastPathDrop;
import io.vstack.overlay.DecapDrop;
import io.vstack.overlay.EncapDrop;
import io.vstack.tenant.TenantDrop;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * Splits the fast path's global drop counters by who caused them: after each piece of work, {@link
 * #charge} adds what every drop counter gained since the previous call to that piece's row (a
 * tenant, or the stack itself). Reasons are named in lower case; tenant checks carry their
 * direction ({@code rx_spoofed_source_ip}, {@code tx_isolated}).
 */
final class DropTally {
  private final List<String> reasons = new ArrayList<>();
  private final List<ToLongFunction<FastPathCounters>> readers = new ArrayList<>();
  private final FastPathCounters counters;
  private final long[] last;
  private final long[][] byRow;

  DropTally(final FastPathCounters counters, final int rows) {
    this.counters = counters;
    for (final DecapDrop reason : DecapDrop.values()) {
      if (reason != DecapDrop.PASS && reason != DecapDrop.NOT_OVERLAY) {
        add(reason.name(), c -> c.decap(reason));
      }
    }
    for (final TenantDrop reason : TenantDrop.values()) {
      if (reason != TenantDrop.PASS) {
        add("rx_" + reason.name(), c -> c.rxTenant(reason));
        add("tx_" + reason.name(), c -> c.txTenant(reason));
      }
    }
    for (final EncapDrop reason : EncapDrop.values()) {
      if (reason != EncapDrop.PASS) {
        add(reason.name(), c -> c.encap(reason));
      }
    }
    for (final FastPathDrop reason : FastPathDrop.values()) {
      add(reason.name(), c -> c.drops(reason));
    }
    this.last = new long[reasons.size()];
    this.byRow = new long[rows][reasons.size()];
  }

  private void add(final String reason, final ToLongFunction<FastPathCounters> reader) {
    reasons.add(reason.toLowerCase(Locale.ROOT));
    readers.add(reader);
  }

  /** Charges the drops counted since the last call to {@code row}. */
  void charge(final int row) {
    for (int i = 0; i < last.length; i++) {
      final long now = readers.get(i).applyAsLong(counters);
      byRow[row][i] += now - last[i];
      last[i] = now;
    }
  }

  /** The non-zero drops charged to {@code row}, by reason. */
  Map<String, Long> drops(final int row) {
    final Map<String, Long> drops = new LinkedHashMap<>();
    for (int i = 0; i < last.length; i++) {
      if (byRow[row][i] != 0) {
        drops.put(reasons.get(i), byRow[row][i]);
      }
    }
    return drops;
  }

  /** Drops of one reason charged to {@code row}. */
  long count(final int row, final String reason) {
    return drops(row).getOrDefault(reason, 0L);
  }
}
