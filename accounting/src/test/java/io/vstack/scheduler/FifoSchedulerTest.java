package io.vstack.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import org.junit.jupiter.api.Test;

class FifoSchedulerTest {
  private final VirtualLane lane = new VirtualLane();
  private final FifoScheduler scheduler = new FifoScheduler(lane);

  @Test
  void shouldServeTheOldestWorkFirstWhateverTheWeights() {
    lane.tenant(1, 1_000, 3).tenant(2, 1_000, 3);
    lane.firstArrival[1] = 50;
    lane.firstArrival[2] = 10;
    scheduler.addTenant(1, 100, 0);
    scheduler.addTenant(2, 1, 0);
    assertThat(scheduler.nextTenant()).isEqualTo(2);
    lane.firstArrival[2] = 90;
    assertThat(scheduler.nextTenant()).isEqualTo(1);
  }

  @Test
  void shouldGiveCyclesInProportionToOfferedWorkWhenBacklogged() {
    // One shared queue: the flooding tenant takes what it offers, weights do not matter.
    lane.tenant(1, 1_000, VirtualLane.UNLIMITED).tenant(2, 9_000, VirtualLane.UNLIMITED);
    scheduler.addTenant(1, 9, 0);
    scheduler.addTenant(2, 1, 0);
    long stamp = 0;
    for (int i = 0; i < 10_000; i++) {
      // Items alternate arrivals: tenant 1, tenant 2, tenant 1, ...
      lane.firstArrival[1] = stamp + (lane.served[1] / 1_000) * 2;
      lane.firstArrival[2] = stamp + (lane.served[2] / 9_000) * 2 + 1;
      lane.step(scheduler);
    }
    assertThat(VirtualLane.share(new long[64], lane.served, 2, 1, 2)).isCloseTo(0.9, offset(0.01));
    assertThat(scheduler.nextTenant()).isNotEqualTo(TenantScheduler.NO_TENANT);
  }

  @Test
  void shouldReturnNoTenantWhenNobodyHasWork() {
    lane.tenant(1, 1_000, 0);
    scheduler.addTenant(1, 1, 0);
    assertThat(scheduler.nextTenant()).isEqualTo(TenantScheduler.NO_TENANT);
  }
}
