package io.vstack.scheduler;

import io.vstack.meter.CycleClock;

/**
 * A lane on a virtual clock: each tenant has a queue of identical work items of a known cost in
 * cycles; running an item advances the clock by its cost (plus an optional uncharged overhead).
 * What the lane really ran is tallied here, independently of the scheduler's own bookkeeping.
 */
final class VirtualLane implements WorkSource, CycleClock {
  static final int MAX_TENANTS = 64;
  static final long UNLIMITED = Long.MAX_VALUE;

  final long[] cost = new long[MAX_TENANTS];
  final long[] backlog = new long[MAX_TENANTS];
  final long[] served = new long[MAX_TENANTS];
  final long[] firstArrival = new long[MAX_TENANTS];
  long now;
  long overheadPerDecision;
  long idleStep = 1_000;
  long idleCycles;

  @Override
  public long cycles() {
    return now;
  }

  @Override
  public boolean hasWork(final int tenantId) {
    return backlog[tenantId] > 0;
  }

  @Override
  public long headArrival(final int tenantId) {
    return firstArrival[tenantId];
  }

  VirtualLane tenant(final int tenantId, final long itemCost, final long items) {
    cost[tenantId] = itemCost;
    backlog[tenantId] = items;
    return this;
  }

  /** Runs decisions until the clock has advanced {@code duration} cycles. */
  void run(final TenantScheduler scheduler, final long duration) {
    final long end = now + duration;
    while (now - end < 0) {
      step(scheduler);
    }
  }

  /** One decision; returns the tenant served or NO_TENANT. */
  int step(final TenantScheduler scheduler) {
    final int tenant = scheduler.nextTenant();
    if (tenant == TenantScheduler.NO_TENANT) {
      now += idleStep;
      idleCycles += idleStep;
      return tenant;
    }
    if (backlog[tenant] <= 0) {
      throw new AssertionError("scheduler chose tenant " + tenant + " which has no work");
    }
    if (backlog[tenant] != UNLIMITED) {
      backlog[tenant]--;
    }
    now += cost[tenant] + overheadPerDecision;
    served[tenant] += cost[tenant];
    scheduler.onWorkDone(tenant, cost[tenant]);
    return tenant;
  }

  long[] snapshot() {
    return served.clone();
  }

  static double share(final long[] before, final long[] after, final int tenant, final int... all) {
    long total = 0;
    for (final int t : all) {
      total += after[t] - before[t];
    }
    return total == 0 ? 0 : (double) (after[tenant] - before[tenant]) / total;
  }
}
