package io.vstack.scaling;

import org.agrona.concurrent.Agent;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * Samples every lane's busy fraction each {@code sampleIntervalNs} and applies the {@link
 * ScalingPolicy}: wakes the lowest-numbered parked lane or parks the highest-numbered active one.
 * While a change is still being carried out (entries moving, a lane draining) it only samples.
 *
 * <p>Busy fraction = growth of the lane's busy nanoseconds / elapsed nanoseconds: time spent in
 * duty cycles that did work, over wall time. Idle polling counts as idle.
 */
public final class ScalingController implements Agent {
  private final ScalableLanes lanes;
  private final ScalingPolicy policy;
  private final NanoClock clock;
  private final long sampleIntervalNs;
  private final AtomicCounter scaleUps;
  private final AtomicCounter scaleDowns;
  private final long[] lastBusy;
  private long lastSampleNs;
  private boolean started;

  public ScalingController(
      final ScalableLanes lanes,
      final ScalingPolicy policy,
      final NanoClock clock,
      final long sampleIntervalNs,
      final AtomicCounter scaleUps,
      final AtomicCounter scaleDowns) {
    this.lanes = lanes;
    this.policy = policy;
    this.clock = clock;
    this.sampleIntervalNs = sampleIntervalNs;
    this.scaleUps = scaleUps;
    this.scaleDowns = scaleDowns;
    this.lastBusy = new long[lanes.laneCount()];
  }

  @Override
  public int doWork() {
    final long now = clock.nanoTime();
    if (!started) {
      started = true;
      restartSample(now);
      return 0;
    }
    final long elapsed = now - lastSampleNs;
    if (elapsed < sampleIntervalNs) {
      return 0;
    }
    if (!lanes.isSettled()) {
      policy.reset();
      restartSample(now);
      return 0;
    }
    int active = 0;
    double sum = 0;
    double max = 0;
    for (int lane = 0; lane < lastBusy.length; lane++) {
      final long busy = lanes.busyNanos(lane);
      if (lanes.isActive(lane)) {
        final double fraction = Math.min(1.0, (busy - lastBusy[lane]) / (double) elapsed);
        active++;
        sum += fraction;
        max = Math.max(max, fraction);
      }
      lastBusy[lane] = busy;
    }
    lastSampleNs = now;
    final ScalingPolicy.Decision decision =
        policy.onSample(now, active == 0 ? 0 : sum / active, max, active, lastBusy.length);
    switch (decision) {
      case SCALE_UP -> {
        for (int lane = 0; lane < lastBusy.length; lane++) {
          if (!lanes.isActive(lane)) {
            lanes.wake(lane);
            scaleUps.incrementRelease();
            return 1;
          }
        }
      }
      case SCALE_DOWN -> {
        for (int lane = lastBusy.length - 1; lane >= 0; lane--) {
          if (lanes.isActive(lane)) {
            lanes.park(lane);
            scaleDowns.incrementRelease();
            return 1;
          }
        }
      }
      case HOLD -> {}
    }
    return 0;
  }

  private void restartSample(final long now) {
    lastSampleNs = now;
    for (int lane = 0; lane < lastBusy.length; lane++) {
      lastBusy[lane] = lanes.busyNanos(lane);
    }
  }

  @Override
  public String roleName() {
    return "vstack-scaling";
  }
}
