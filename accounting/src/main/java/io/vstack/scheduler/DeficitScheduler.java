package io.vstack.scheduler;

import io.vstack.meter.CycleClock;

/**
 * Weighted fair scheduling in cycles over tenants (start-time fair queueing in virtual time), with
 * optional hard caps.
 *
 * <p>Per tenant, a <b>virtual finish</b>: every charge, scheduled work ({@link #onWorkDone}) and
 * unscheduled work ({@link #charge}: received packets, classification, timers, slow path) alike,
 * adds {@code cycles / weight}. A decision serves the tenant with work (and cap tokens) whose
 * virtual start is smallest: for a backlogged tenant its finish; for a tenant that had no work at
 * the last decision or after its last group (a <b>woken</b> tenant) {@code max(its finish, V -
 * quantum / maxWeight)}, fixed when it is first seen with work, where V is the system virtual time
 * (the start of the latest decision). So a woken tenant below its share goes ahead of a backlogged
 * one at the next decision (it waits for the group in progress, not for another tenant's quantum),
 * while a tenant that jumps ahead pays for it in virtual time: over any window a backlogged tenant
 * still gets its weight's share of the charged cycles, and a tenant that wakes before every
 * decision gets no more than its share plus one quantum. Ties go to the woken tenant, then round
 * robin.
 *
 * <p>Two more numbers per tenant, signed cycles with saturating arithmetic (a deep deficit stays
 * deep instead of wrapping, unlike Virtuoso's unsigned clamp):
 *
 * <ul>
 *   <li><b>budget</b> (for stats, {@link #budget}): every refill period (~1 ms of measured elapsed
 *       cycles) each tenant gains {@code elapsed * weight / sum(weights)}, clamped to {@code
 *       burstPeriods} periods of its share; every charge subtracts. Negative: the tenant used more
 *       than its share of the clock.
 *   <li><b>cap tokens</b> (capped tenants only): refilled at {@code cap} cycles per second up to
 *       {@link #CAP_BURST_PERIODS} periods' worth; a tenant with no tokens does not run even if the
 *       lane would idle (caps are not work-conserving).
 * </ul>
 *
 * <p>Received packets are never refused: they move the tenant's virtual finish, and its later turns
 * wait. The lane thread calls {@link #nextTenant}, {@link #onWorkDone} and {@link #charge}; none
 * allocates. Commands from other threads are applied at the next {@link #nextTenant}.
 */
public final class DeficitScheduler extends TenantTable {
  /** Budgets may bank this many refill periods of a tenant's share. */
  public static final int DEFAULT_BURST_PERIODS = 2;

  /**
   * Cap tokens may bank this many periods: a lane that was away a few ms (preempted, busy with a
   * long batch) can still give the tenant its cap, while a 1 s window sees at most 0.5 % extra.
   */
  public static final int CAP_BURST_PERIODS = 5;

  private final CycleClock clock;
  private final WorkSource work;
  private final long cyclesPerSecond;
  private final long periodCycles;
  private final long quantumCycles;
  private final int burstPeriods;
  private long lastRefill;
  private int current = -1;
  private int maxWeight = 1;

  /** A scheduler with a 1 ms refill period and a 20 µs turn quantum. */
  public DeficitScheduler(
      final CycleClock clock, final long cyclesPerSecond, final WorkSource work) {
    this(
        clock,
        cyclesPerSecond,
        cyclesPerSecond / 1000,
        cyclesPerSecond / 50_000,
        DEFAULT_BURST_PERIODS,
        work);
  }

  /**
   * @param clock measured (or virtual) cycles
   * @param cyclesPerSecond the clock's rate, for caps
   * @param periodCycles refill period
   * @param quantumCycles how far (in the heaviest tenant's cycles) a woken tenant may start behind
   *     the system's virtual time
   * @param burstPeriods refill periods a budget may bank
   * @param work the lane's queues
   */
  public DeficitScheduler(
      final CycleClock clock,
      final long cyclesPerSecond,
      final long periodCycles,
      final long quantumCycles,
      final int burstPeriods,
      final WorkSource work) {
    if (cyclesPerSecond <= 0 || periodCycles <= 0 || quantumCycles <= 0 || burstPeriods < 1) {
      throw new IllegalArgumentException(
          "cyclesPerSecond, periodCycles, quantumCycles and burstPeriods must be positive");
    }
    this.clock = clock;
    this.work = work;
    this.cyclesPerSecond = cyclesPerSecond;
    this.periodCycles = periodCycles;
    this.quantumCycles = quantumCycles;
    this.burstPeriods = burstPeriods;
    this.lastRefill = clock.cycles();
  }

  @Override
  public int nextTenant() {
    applyCommands();
    if (count == 0) {
      return NO_TENANT;
    }
    final long now = clock.cycles();
    final long elapsed = now - lastRefill;
    if (elapsed >= periodCycles || elapsed < 0) {
      refill(Math.max(0, elapsed));
      lastRefill = now;
    }
    // Start-time fair queueing over cycles: serve the tenant with work (and cap tokens) whose
    // virtual start is smallest; ties go to a woken tenant, then round robin from the last one.
    int best = -1;
    boolean bestWoken = false;
    double bestStart = Double.POSITIVE_INFINITY;
    final double wakeFloor = virtualTime - (double) quantumCycles / maxWeight;
    int slot = Math.max(current, 0);
    for (int k = 1; k <= count; k++) {
      // round robin from the last one served, without a division per tenant
      slot = slot + 1 == count ? 0 : slot + 1;
      if (!work.hasWork(ids[slot])) {
        idle[slot] = true;
        continue;
      }
      final boolean woken = idle[slot];
      if (woken) {
        // Its virtual start is fixed now: no earlier than its own finish, and at most one quantum
        // behind the system's virtual time (no credit banked while it was idle).
        finishes[slot] = Math.max(finishes[slot], wakeFloor);
        idle[slot] = false;
      }
      if (!capAllows(slot)) {
        continue;
      }
      final double start = finishes[slot];
      if (start < bestStart || (start == bestStart && woken && !bestWoken)) {
        best = slot;
        bestStart = start;
        bestWoken = woken;
      }
    }
    if (best < 0) {
      return NO_TENANT;
    }
    current = best;
    virtualTime = Math.max(virtualTime, bestStart);
    return ids[best];
  }

  private boolean capAllows(final int slot) {
    return caps[slot] == 0 || capTokens[slot] > 0;
  }

  private void refill(final long measuredElapsed) {
    // Beyond a second nothing changes (budgets and tokens are clamped far lower) and the products
    // below stay exact in a double.
    final long elapsed = Math.min(measuredElapsed, cyclesPerSecond);
    long weightSum = 0;
    int heaviest = 1;
    for (int slot = 0; slot < count; slot++) {
      weightSum += weights[slot];
      heaviest = Math.max(heaviest, weights[slot]);
    }
    maxWeight = heaviest;
    final double burst = (double) burstPeriods * periodCycles;
    for (int slot = 0; slot < count; slot++) {
      final double share = (double) weights[slot] / weightSum;
      final long ceiling = Math.max(1, (long) (burst * share));
      budgets[slot] =
          Math.min(TenantTable.saturatingAdd(budgets[slot], (long) (elapsed * share)), ceiling);
      if (caps[slot] > 0) {
        final double perCycle = (double) caps[slot] / cyclesPerSecond;
        final long tokenCeiling = Math.max(1, (long) (CAP_BURST_PERIODS * periodCycles * perCycle));
        capTokens[slot] =
            Math.min(
                TenantTable.saturatingAdd(capTokens[slot], (long) (elapsed * perCycle)),
                tokenCeiling);
      }
    }
  }

  @Override
  public void onWorkDone(final int tenantId, final long cycles) {
    final int slot =
        current >= 0 && current < count && ids[current] == tenantId ? current : slotOf(tenantId);
    if (slot >= 0 && cycles > 0) {
      chargeSlot(slot, cycles);
    }
    if (slot >= 0 && !work.hasWork(tenantId)) {
      // Served dry: its next item is a wake-up, even if it arrives before the next decision.
      idle[slot] = true;
    }
  }

  @Override
  void onRemoved(final int removed, final int last) {
    if (current == removed) {
      current = removed - 1;
    } else if (current == last) {
      current = removed;
    }
    if (current >= count) {
      current = count - 1;
    }
  }

  /** A tenant's budget in cycles (lane thread; for stats and tests), 0 if unknown. */
  public long budget(final int tenantId) {
    final int slot = slotOf(tenantId);
    return slot >= 0 ? budgets[slot] : 0;
  }
}
