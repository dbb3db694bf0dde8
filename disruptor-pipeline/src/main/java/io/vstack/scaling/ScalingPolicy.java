package io.vstack.scaling;

/**
 * The decision rule, with hysteresis, separated from any clock or thread so it can be tested with
 * made-up samples.
 *
 * <ul>
 *   <li>Scale up when the mean busy fraction of the active lanes has stayed above {@code highBusy}
 *       for at least {@code upDwellNs} and a lane is parked.
 *   <li>Scale down when the busiest active lane has stayed below {@code lowBusy} for at least
 *       {@code downDwellNs} and more than {@code minActive} lanes are active.
 * </ul>
 *
 * <p>Any decision, and any sample that breaks a streak, restarts the dwell, so the lanes cannot
 * flap faster than the dwell times; {@code lowBusy < highBusy} leaves a dead band between them.
 */
public final class ScalingPolicy {
  /** What to do after a sample. */
  public enum Decision {
    HOLD,
    SCALE_UP,
    SCALE_DOWN
  }

  private final double highBusy;
  private final double lowBusy;
  private final long upDwellNs;
  private final long downDwellNs;
  private final int minActive;
  private long hotSinceNs = Long.MIN_VALUE;
  private long coldSinceNs = Long.MIN_VALUE;

  /**
   * @param highBusy mean busy fraction (0..1) above which lanes are added.
   * @param lowBusy busiest-lane fraction below which a lane is removed; less than {@code highBusy}.
   * @param minActive lanes that always stay awake, at least 1.
   */
  public ScalingPolicy(
      final double highBusy,
      final double lowBusy,
      final long upDwellNs,
      final long downDwellNs,
      final int minActive) {
    if (!(lowBusy >= 0 && lowBusy < highBusy && highBusy <= 1)) {
      throw new IllegalArgumentException(
          "need 0 <= lowBusy < highBusy <= 1: low " + lowBusy + ", high " + highBusy);
    }
    if (upDwellNs < 0 || downDwellNs < 0 || minActive < 1) {
      throw new IllegalArgumentException("dwell times must be >= 0 and minActive >= 1");
    }
    this.highBusy = highBusy;
    this.lowBusy = lowBusy;
    this.upDwellNs = upDwellNs;
    this.downDwellNs = downDwellNs;
    this.minActive = minActive;
  }

  /**
   * Feeds one sample.
   *
   * @param meanBusy mean busy fraction of the active lanes over the last sample period.
   * @param maxBusy busy fraction of the busiest active lane.
   * @param active lanes active now.
   * @param total lanes in all (active + parked).
   */
  public Decision onSample(
      final long nowNs,
      final double meanBusy,
      final double maxBusy,
      final int active,
      final int total) {
    if (meanBusy > highBusy && active < total) {
      coldSinceNs = Long.MIN_VALUE;
      if (hotSinceNs == Long.MIN_VALUE) {
        hotSinceNs = nowNs;
      }
      if (nowNs - hotSinceNs >= upDwellNs) {
        hotSinceNs = Long.MIN_VALUE;
        return Decision.SCALE_UP;
      }
      return Decision.HOLD;
    }
    hotSinceNs = Long.MIN_VALUE;
    if (maxBusy < lowBusy && active > minActive) {
      if (coldSinceNs == Long.MIN_VALUE) {
        coldSinceNs = nowNs;
      }
      if (nowNs - coldSinceNs >= downDwellNs) {
        coldSinceNs = Long.MIN_VALUE;
        return Decision.SCALE_DOWN;
      }
      return Decision.HOLD;
    }
    coldSinceNs = Long.MIN_VALUE;
    return Decision.HOLD;
  }

  /** Forgets any streak, e.g. while a change is still being carried out. */
  public void reset() {
    hotSinceNs = Long.MIN_VALUE;
    coldSinceNs = Long.MIN_VALUE;
  }
}
