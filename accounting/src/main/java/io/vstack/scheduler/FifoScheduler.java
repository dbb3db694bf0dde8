package io.vstack.scheduler;

/**
 * The baseline: serves whichever tenant's oldest waiting item arrived first, as one shared queue
 * would, ignoring weights, budgets and caps. Charges are only recorded.
 */
public final class FifoScheduler extends TenantTable {
  private final WorkSource work;

  public FifoScheduler(final WorkSource work) {
    this.work = work;
  }

  @Override
  public int nextTenant() {
    applyCommands();
    int best = -1;
    long oldest = 0;
    for (int slot = 0; slot < count; slot++) {
      final int tenantId = ids[slot];
      if (work.hasWork(tenantId)) {
        final long arrival = work.headArrival(tenantId);
        if (best < 0 || arrival - oldest < 0) {
          best = slot;
          oldest = arrival;
        }
      }
    }
    return best < 0 ? NO_TENANT : ids[best];
  }

  @Override
  public void onWorkDone(final int tenantId, final long cycles) {
    charge(tenantId, cycles);
  }

  @Override
  void onRemoved(final int removed, final int last) {
    // No per-decision state to fix.
  }
}
