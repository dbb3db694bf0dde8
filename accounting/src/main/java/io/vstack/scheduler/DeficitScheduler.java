package io.vstack.scheduler;

import io.vstack.meter.CycleClock;

/**
 * Weighted deficit round robin in cycles over tenants, with optional hard caps.
 *
 * <p>Three numbers per tenant, all signed cycles with saturating arithmetic (a deep deficit stays
 * deep instead of wrapping into a full budget, unlike Virtuoso's unsigned clamp):
 *
 * <ul>
 *   <li><b>budget</b>: every refill period (~1 ms of measured elapsed cycles) each tenant gains
 *       {@code elapsed * weight / sum(weights)}, clamped to {@code burstPeriods} periods of its
 *       share; every charge (scheduled work, received packets, slow-path work) subtracts. Received
 *       packets are never refused: they drive the budget negative and the tenant's scheduled turns
 *       wait until refills pay the debt back.
 *   <li><b>credit</b>: the round-robin turn. A tenant's turn starts with {@code quantum * weight /
 *       maxWeight} cycles of credit (plus any debt carried from its last turn) and lasts while the
 *       credit is positive, so weights hold even when budgets are all full.
 *   <li><b>cap tokens</b> (capped tenants only): refilled at {@code cap} cycles per second up to
 *       {@link #CAP_BURST_PERIODS} periods' worth; a tenant with no tokens does not run even if the
 *       lane would idle (caps are not work-conserving).
 * </ul>
 *
 * <p>A decision: a tenant whose queue was empty at the last decision or after its last {@link
 * #onWorkDone}, that has work again and is in budget (an interactive tenant below its share) is
 * served first, starting a turn of its own: it waits for at most the group in progress, not for
 * another tenant's quantum (as in start-time fair queueing, where a newly active flow's virtual
 * start is the current virtual time). Its budget bounds how often it can do so: a tenant that goes
 * idle and returns all the time still gets no more than its share plus the banked burst. Otherwise
 * tenants with work, budget &gt; 0 and cap tokens are served in weighted round robin; when none is
 * left the scheduler is work-conserving and serves the uncapped-or-in-cap tenant with work that is
 * least over its share (highest budget per weight).
 *
 * <p>The lane thread calls {@link #nextTenant}, {@link #onWorkDone} and {@link #charge}; none
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
   * @param quantumCycles turn length of the heaviest tenant
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
    final int woken = woken();
    if (woken >= 0) {
      if (woken != current) {
        startTurn(woken);
        current = woken;
      }
      return ids[woken];
    }
    if (current >= 0 && credits[current] > 0 && inBudget(current)) {
      return ids[current];
    }
    for (int k = 1; k <= count; k++) {
      final int slot = (current + k) % count;
      if (inBudget(slot)) {
        startTurn(slot);
        if (credits[slot] > 0) {
          current = slot;
          return ids[slot];
        }
      }
    }
    return overBudget();
  }

  // A new turn: this turn's quantum on top of whatever debt the last one left.
  private void startTurn(final int slot) {
    credits[slot] = TenantTable.saturatingAdd(Math.min(credits[slot], 0), quantum(slot));
  }

  /*
   * Marks the tenants without work idle and returns the first one that was idle, has work again
   * and is in budget (its idle mark is cleared when it is served), or -1. A tenant that woke up
   * over budget loses its mark and waits for its turn like a backlogged one.
   */
  private int woken() {
    int woken = -1;
    for (int slot = 0; slot < count; slot++) {
      if (!work.hasWork(ids[slot])) {
        idle[slot] = true;
      } else if (idle[slot]) {
        if (budgets[slot] <= 0 || !capAllows(slot)) {
          idle[slot] = false;
        } else if (woken < 0) {
          woken = slot;
        }
      }
    }
    if (woken >= 0) {
      idle[woken] = false;
    }
    return woken;
  }

  // Work-conserving: nobody in budget has work, so serve whoever is least over its share.
  private int overBudget() {
    int best = -1;
    double bestScore = Double.NEGATIVE_INFINITY;
    for (int k = 1; k <= count; k++) {
      final int slot = (Math.max(current, 0) + k) % count;
      if (capAllows(slot) && work.hasWork(ids[slot])) {
        final double score = (double) budgets[slot] / weights[slot];
        if (score > bestScore) {
          bestScore = score;
          best = slot;
        }
      }
    }
    if (best < 0) {
      return NO_TENANT;
    }
    current = best;
    credits[best] = 0;
    return ids[best];
  }

  private boolean inBudget(final int slot) {
    return budgets[slot] > 0 && capAllows(slot) && work.hasWork(ids[slot]);
  }

  private boolean capAllows(final int slot) {
    return caps[slot] == 0 || capTokens[slot] > 0;
  }

  private long quantum(final int slot) {
    return Math.max(1, quantumCycles * weights[slot] / maxWeight);
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
      credits[slot] = TenantTable.saturatingSubtract(credits[slot], cycles);
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
