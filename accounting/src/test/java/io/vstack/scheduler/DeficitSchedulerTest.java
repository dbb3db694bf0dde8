package io.vstack.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import java.lang.management.ManagementFactory;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class DeficitSchedulerTest {
  // 2.6 GHz like the test machines; everything here runs on the virtual clock.
  private static final long HZ = 2_600_000_000L;
  private static final long SECOND = HZ;

  private final VirtualLane lane = new VirtualLane();
  private final DeficitScheduler scheduler = new DeficitScheduler(lane, HZ, lane);

  /** A tenant that always has work items of {@code cost} cycles, scheduled at {@code weight}. */
  private void backlogged(final int tenant, final long cost, final int weight) {
    lane.tenant(tenant, cost, VirtualLane.UNLIMITED);
    scheduler.addTenant(tenant, weight, 0);
  }

  /**
   * A weight-1 tenant without work yet whose items cost {@code cost}; the lane then runs 10 ms, so
   * its budget is full when it first gets work.
   */
  private void interactiveAfterTenMillis(final int tenant, final long cost) {
    lane.tenant(tenant, cost, 0);
    scheduler.addTenant(tenant, 1, 0);
    lane.run(scheduler, SECOND / 100);
  }

  /**
   * Gives {@code tenant} a new item before every decision for a second of lane time; returns the
   * snapshot taken after the first 0.1 s.
   */
  private long[] wakeBeforeEveryDecisionForASecond(final int tenant) {
    long[] before = null;
    final long end = lane.now + SECOND;
    while (lane.now - end < 0) {
      if (before == null && lane.now - end > -SECOND * 9 / 10) {
        before = lane.snapshot();
      }
      lane.backlog[tenant] = 1;
      lane.step(scheduler);
    }
    return before;
  }

  private void assertShares(
      final long[] before, final long[] after, final int[] tenants, final double[] expected) {
    for (int i = 0; i < tenants.length; i++) {
      final double share = VirtualLane.share(before, after, tenants[i], tenants);
      assertThat(share)
          .as("share of tenant %d (expected %.4f)", tenants[i], expected[i])
          .isCloseTo(expected[i], offset(expected[i] * 0.05));
    }
  }

  @Test
  void shouldSplitCyclesOneToTwoToFourWhenThreeTenantsAreBacklogged() {
    // Unequal item costs so equal turn counts would not give the right answer by luck.
    backlogged(1, 1_300, 1);
    backlogged(2, 2_100, 2);
    backlogged(3, 700, 4);
    lane.run(scheduler, SECOND / 10);
    final long[] before = lane.snapshot();
    lane.run(scheduler, 2 * SECOND);
    assertShares(
        before, lane.snapshot(), new int[] {1, 2, 3}, new double[] {1 / 7.0, 2 / 7.0, 4 / 7.0});
    assertThat(scheduler.chargedCycles(3)).isEqualTo(lane.served[3]);
  }

  @Test
  void shouldKeepWeightsWhenUnchargedOverheadLeavesBudgetsFull() {
    // 30 % of every decision is lane overhead charged to nobody: refills exceed charges, budgets
    // sit at their ceiling, and the turn credits alone must keep the weights.
    lane.overheadPerDecision = 600;
    backlogged(1, 2_000, 1);
    backlogged(2, 2_000, 2);
    backlogged(3, 2_000, 4);
    lane.run(scheduler, SECOND / 10);
    final long[] before = lane.snapshot();
    lane.run(scheduler, SECOND);
    assertShares(
        before, lane.snapshot(), new int[] {1, 2, 3}, new double[] {1 / 7.0, 2 / 7.0, 4 / 7.0});
  }

  @Test
  void shouldGiveAllCyclesToTheOnlyBusyTenantWhenOthersAreIdle() {
    lane.tenant(1, 1_000, VirtualLane.UNLIMITED).tenant(2, 1_000, 0);
    scheduler.addTenant(1, 1, 0);
    scheduler.addTenant(2, 100, 0);
    lane.run(scheduler, SECOND / 2);
    assertThat(lane.idleCycles).isZero();
    assertThat(lane.served[1]).isGreaterThan(SECOND / 2 - 2_000);
  }

  @Test
  void shouldNeverExceedCapByFivePercentInAnyOneSecondWindowWhenCapped() {
    final long cap = HZ / 10;
    lane.tenant(1, 3_000, VirtualLane.UNLIMITED).tenant(2, 1_000, VirtualLane.UNLIMITED);
    scheduler.addTenant(1, 8, cap);
    scheduler.addTenant(2, 1, 0);
    // Sliding windows: the capped tenant's cumulative cycles every 10 ms over 5 s; every 1 s span
    // between two samples must stay within 5 % of the cap (and the cap must be used, not starved).
    final int samplesPerSecond = 100;
    final long[] cumulative = new long[5 * samplesPerSecond + 1];
    for (int i = 1; i < cumulative.length; i++) {
      lane.run(scheduler, SECOND / samplesPerSecond);
      cumulative[i] = lane.served[1];
    }
    for (int i = 0; i + samplesPerSecond < cumulative.length; i++) {
      final long used = cumulative[i + samplesPerSecond] - cumulative[i];
      assertThat(used).as("window from %d ms", i * 10).isLessThanOrEqualTo((long) (cap * 1.05));
      if (i > 0) {
        assertThat(used).as("window from %d ms", i * 10).isGreaterThan((long) (cap * 0.95));
      }
    }
  }

  @Test
  void shouldIdleRatherThanExceedTheCapWhenTheCappedTenantIsAlone() {
    final long cap = HZ / 4;
    lane.tenant(1, 5_000, VirtualLane.UNLIMITED);
    scheduler.addTenant(1, 1, cap);
    lane.run(scheduler, SECOND / 10);
    for (int window = 0; window < 3; window++) {
      final long before = lane.served[1];
      lane.run(scheduler, SECOND);
      assertThat(lane.served[1] - before).isBetween((long) (cap * 0.95), (long) (cap * 1.05));
    }
    assertThat(lane.idleCycles).isGreaterThan(SECOND);
  }

  @Test
  void shouldChargeReceivedPacketsAndMakeTheTenantsLaterTurnsWait() {
    backlogged(1, 1_000, 1);
    backlogged(2, 1_000, 1);
    lane.run(scheduler, SECOND / 10);
    // Tenant 1 receives a flood that costs 50 ms of cycles: processed (charged), never refused.
    scheduler.charge(1, SECOND / 20);
    lane.now += SECOND / 20;
    final long[] before = lane.snapshot();
    lane.run(scheduler, SECOND / 50);
    // Tenant 1's debt (~65 M cycles after the refill for the flood's own time) is repaid at 1.3 M
    // cycles per ms, and tenant 2 is less in debt throughout: 20 ms later tenant 2 still gets
    // (nearly) all scheduled turns.
    assertThat(VirtualLane.share(before, lane.snapshot(), 2, 1, 2)).isGreaterThan(0.95);
    assertThat(scheduler.budget(1)).isNegative();
  }

  @Test
  void shouldServeAWokenInBudgetTenantAtTheNextDecisionWhenAnotherHoldsTheTurn() {
    // Tenant 1's turn (20 µs quantum) covers ~52 of its items; the interactive tenant 2 must not
    // wait for the rest of it.
    backlogged(1, 1_000, 1);
    interactiveAfterTenMillis(2, 1_000);
    final long seed = System.nanoTime();
    final Random random = new Random(seed);
    for (int request = 0; request < 2_000; request++) {
      final int between = random.nextInt(60);
      for (int i = 0; i < between; i++) {
        assertThat(lane.step(scheduler)).as("seed %d: no request pending", seed).isEqualTo(1);
      }
      lane.backlog[2] = 1;
      assertThat(lane.step(scheduler))
          .as("seed %d: request %d after %d of tenant 1's items", seed, request, between)
          .isEqualTo(2);
    }
  }

  @Test
  void shouldKeepWeightsWhenATenantWakesUpBeforeEveryDecision() {
    // Tenant 2 is served dry every time and gets a new item before the next decision: it wakes up
    // all the time, and only its budget may hold it to its share (1 of 4).
    backlogged(1, 1_000, 3);
    interactiveAfterTenMillis(2, 1_500);
    final long[] before = wakeBeforeEveryDecisionForASecond(2);
    assertShares(before, lane.snapshot(), new int[] {1, 2}, new double[] {0.75, 0.25});
  }

  @Test
  void shouldGiveABackloggedTenantItsShareWhenAHeavierTenantWakesBeforeEveryDecision() {
    // The isolation bench's case: a weight-4 tenant with a new item before every decision, a
    // backlogged weight-1 tenant, and lane overhead charged to nobody (so clock-time budgets stay
    // full). The woken tenant's jumps are paid in virtual time: the backlogged one keeps 1 of 5.
    lane.overheadPerDecision = 600;
    backlogged(1, 1_000, 1);
    lane.tenant(2, 1_200, 0);
    scheduler.addTenant(2, 4, 0);
    lane.run(scheduler, SECOND / 100);
    final long[] before = wakeBeforeEveryDecisionForASecond(2);
    assertShares(before, lane.snapshot(), new int[] {1, 2}, new double[] {0.2, 0.8});
  }

  @Test
  void shouldApplyWeightChangedLiveFromAnotherThread() throws InterruptedException {
    backlogged(1, 1_000, 1);
    backlogged(2, 1_500, 1);
    lane.run(scheduler, SECOND / 2);
    final Thread control = new Thread(() -> scheduler.setWeight(2, 3));
    control.start();
    control.join();
    lane.run(scheduler, SECOND / 10);
    final long[] before = lane.snapshot();
    lane.run(scheduler, SECOND);
    assertShares(before, lane.snapshot(), new int[] {1, 2}, new double[] {0.25, 0.75});
  }

  @Test
  void shouldShareWithAddedTenantAndNeverServeRemovedTenantUnderLoad() {
    backlogged(1, 1_000, 1);
    backlogged(2, 1_000, 1);
    lane.run(scheduler, SECOND / 2);
    backlogged(3, 1_000, 2);
    lane.run(scheduler, SECOND / 10);
    long[] before = lane.snapshot();
    lane.run(scheduler, SECOND);
    assertShares(before, lane.snapshot(), new int[] {1, 2, 3}, new double[] {0.25, 0.25, 0.5});

    scheduler.removeTenant(2);
    final long servedBefore = lane.served[2];
    lane.run(scheduler, SECOND / 10);
    before = lane.snapshot();
    lane.run(scheduler, SECOND);
    assertThat(lane.served[2]).isEqualTo(servedBefore);
    assertShares(before, lane.snapshot(), new int[] {1, 3}, new double[] {1 / 3.0, 2 / 3.0});
    assertThat(scheduler.tenantCount()).isEqualTo(2);
  }

  @Test
  void shouldStayConsistentWhenAnotherThreadAddsRemovesAndReweightsDuringDecisions()
      throws InterruptedException {
    final long seed = System.nanoTime();
    for (int t = 0; t < 8; t++) {
      lane.tenant(t, 500 + 100 * t, VirtualLane.UNLIMITED);
    }
    scheduler.addTenant(0, 1, 0);
    final CountDownLatch done = new CountDownLatch(1);
    final AtomicReference<Throwable> failure = new AtomicReference<>();
    final Thread control =
        new Thread(
            () -> {
              final Random random = new Random(seed);
              try {
                // Fewer commands than the queue holds: the lane may be descheduled the whole time.
                for (int i = 0; i < TenantTable.COMMAND_CAPACITY - 1; i++) {
                  final int tenant = 1 + random.nextInt(7);
                  switch (random.nextInt(4)) {
                    case 0 -> scheduler.addTenant(tenant, 1 + random.nextInt(9), 0);
                    case 1 -> scheduler.removeTenant(tenant);
                    case 2 -> scheduler.setWeight(tenant, 1 + random.nextInt(9));
                    default -> scheduler.setCap(tenant, random.nextBoolean() ? 0 : HZ / 8);
                  }
                  if (i % 64 == 0) {
                    Thread.yield();
                  }
                }
              } catch (final Throwable e) {
                failure.set(e);
              } finally {
                done.countDown();
              }
            });
    control.start();
    long decisions = 0;
    while (done.getCount() > 0 || decisions < 10_000) {
      lane.step(scheduler);
      decisions++;
    }
    control.join();
    assertThat(failure.get()).as("control thread (seed %d)", seed).isNull();
    // Tenant 0 was never touched by the control thread and always had work: never starved.
    assertThat(lane.served[0]).as("seed %d", seed).isPositive();
  }

  @Test
  void shouldNotWrapWhenTheDeficitIsExtreme() {
    lane.tenant(1, 1_000, VirtualLane.UNLIMITED).tenant(2, 1_000, VirtualLane.UNLIMITED);
    scheduler.addTenant(1, 1, HZ);
    scheduler.addTenant(2, 1, 0);
    lane.step(scheduler);
    scheduler.charge(1, Long.MAX_VALUE);
    scheduler.charge(1, Long.MAX_VALUE);
    scheduler.onWorkDone(1, Long.MAX_VALUE);
    assertThat(scheduler.budget(1)).isEqualTo(Long.MIN_VALUE);
    assertThat(scheduler.chargedCycles(1)).isEqualTo(Long.MAX_VALUE);
    // A huge clock jump (a lane stalled for years) refills at most one second: still deep.
    lane.now += Long.MAX_VALUE / 2;
    lane.run(scheduler, SECOND);
    assertThat(scheduler.budget(1)).isLessThan(Long.MIN_VALUE / 2);
    // Deep in debt and out of cap tokens, tenant 1 does not run; tenant 2 gets everything.
    final long before = lane.served[1];
    lane.run(scheduler, SECOND);
    assertThat(lane.served[1]).isEqualTo(before);
    assertThat(scheduler.budget(2)).isGreaterThan(Long.MIN_VALUE / 2);
  }

  @Test
  void shouldServeADeeplyIndebtedUncappedTenantWhenNobodyElseHasWork() {
    lane.tenant(1, 1_000, VirtualLane.UNLIMITED).tenant(2, 1_000, 0);
    scheduler.addTenant(1, 1, 0);
    scheduler.addTenant(2, 1, 0);
    lane.step(scheduler);
    scheduler.charge(1, Long.MAX_VALUE);
    lane.run(scheduler, SECOND / 10);
    assertThat(lane.idleCycles).isZero();
    assertThat(scheduler.budget(1)).isNegative();
  }

  @Test
  void shouldNotAllocatePerDecision() {
    final com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    for (int t = 0; t < 16; t++) {
      lane.tenant(t, 400 + 37 * t, VirtualLane.UNLIMITED);
      scheduler.addTenant(t, 1 + t % 5, t % 4 == 0 ? HZ / 20 : 0);
    }
    lane.run(scheduler, SECOND / 5);
    final long thread = Thread.currentThread().threadId();
    final long before = threads.getThreadAllocatedBytes(thread);
    for (int i = 0; i < 200_000; i++) {
      lane.step(scheduler);
    }
    final long allocated = threads.getThreadAllocatedBytes(thread) - before;
    assertThat(allocated).isLessThan(1_024);
  }

  @Test
  void shouldFailTheControlCallWhenTheLaneDoesNotDrainCommands() {
    for (int i = 0; i < TenantTable.COMMAND_CAPACITY; i++) {
      scheduler.setWeight(1, 1);
    }
    assertThatThrownBy(() -> scheduler.setWeight(1, 2))
        .hasMessage("scheduler command queue full (4096); is the lane running?");
    scheduler.nextTenant();
    scheduler.setWeight(1, 2);
  }

  @Test
  void shouldRejectBadWeightsCapsAndIdsOnTheCallingThread() {
    assertThatThrownBy(() -> scheduler.addTenant(1, 0, 0))
        .hasMessage("weight must be at least 1: 0");
    assertThatThrownBy(() -> scheduler.setCap(1, -1))
        .hasMessage("cap must be 0 (none) or positive: -1");
    assertThatThrownBy(() -> scheduler.removeTenant(-3))
        .hasMessage("tenant id must be non-negative: -3");
  }
}
