package io.vstack.lane;

import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.SleepingWaitStrategy;
import com.lmax.disruptor.WaitStrategy;
import com.lmax.disruptor.YieldingWaitStrategy;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;

/**
 * What a lane's thread does when a duty cycle found no work. Lanes poll their ring with an {@code
 * EventPoller} inside an Agent, so they never wait inside the Disruptor: the Agrona idle strategy
 * is what idles. The matching Disruptor wait strategy is still given to the ring, so a consumer
 * attached later with a blocking barrier behaves the same way.
 */
public enum IdleMode {
  /** Spin: lowest latency, burns the core. For dedicated cores. */
  BUSY_SPIN,
  /** {@code Thread.yield()} between empty cycles. */
  YIELD,
  /** Spin, then yield, then park with growing sleeps up to 1 ms: gives the core back when idle. */
  BACKOFF_PARK;

  /** A new Agrona idle strategy (they hold state: one per thread). */
  public IdleStrategy newIdleStrategy() {
    return switch (this) {
      case BUSY_SPIN -> new BusySpinIdleStrategy();
      case YIELD -> new YieldingIdleStrategy();
      case BACKOFF_PARK -> new BackoffIdleStrategy(64, 64, 1_000, 1_000_000);
    };
  }

  /** The Disruptor wait strategy of the same character. */
  public WaitStrategy newWaitStrategy() {
    return switch (this) {
      case BUSY_SPIN -> new BusySpinWaitStrategy();
      case YIELD -> new YieldingWaitStrategy();
      case BACKOFF_PARK -> new SleepingWaitStrategy();
    };
  }
}
