package io.vstack.lane;

import java.util.concurrent.locks.LockSupport;
import org.agrona.concurrent.IdleStrategy;

/**
 * The idle strategy of a {@link ThreadingMode#DEDICATED} lane thread: the configured one while the
 * lane is active; a real sleep ({@code LockSupport.parkNanos}, ended early by {@link Lane#wake()})
 * while it is parked, so a parked lane costs no CPU.
 */
final class LaneIdleStrategy implements IdleStrategy {
  private final Lane lane;
  private final IdleStrategy active;
  private final long parkedSleepNs;

  LaneIdleStrategy(final Lane lane, final IdleStrategy active, final long parkedSleepNs) {
    this.lane = lane;
    this.active = active;
    this.parkedSleepNs = parkedSleepNs;
  }

  @Override
  public void idle(final int workCount) {
    if (workCount > 0) {
      active.reset();
    } else {
      idle();
    }
  }

  @Override
  public void idle() {
    if (lane.isParked()) {
      LockSupport.parkNanos(this, parkedSleepNs);
    } else {
      active.idle();
    }
  }

  @Override
  public void reset() {
    active.reset();
  }

  @Override
  public String alias() {
    return "lane-" + active.alias();
  }
}
