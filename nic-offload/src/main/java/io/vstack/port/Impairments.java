package io.vstack.port;

/**
 * What a {@link FaultInjectingPort} does to the frames of each direction, as probabilities per
 * frame (0..1) and times. Fluent setters; {@link #conclude()} checks every value once and names the
 * one out of range.
 *
 * <ul>
 *   <li>loss: each frame is dropped independently;
 *   <li>burst loss: a frame starts a burst with this probability, and the burst drops that frame
 *       and the next {@code burstLength - 1};
 *   <li>reorder: the frame is held {@code reorderNanos} longer than the others so later ones pass
 *       it;
 *   <li>duplicate: a second copy is delivered right after the first;
 *   <li>delay with jitter: every frame waits {@code delay ± jitter} (uniform);
 *   <li>corruption: one random bit after the Ethernet header is flipped;
 *   <li>CE marking: an ECN-capable IPv4 packet gets Congestion Experienced (RFC 3168).
 * </ul>
 */
public final class Impairments {
  private double loss;
  private double burstStart;
  private int burstLength = 1;
  private double reorder;
  private long reorderNanos = 1_000_000L;
  private double duplicate;
  private long delayNanos;
  private long jitterNanos;
  private double corrupt;
  private double ceMark;
  private long seed = 1;

  public Impairments loss(final double probability) {
    loss = probability;
    return this;
  }

  /** Bursts of {@code length} consecutive drops, each starting with {@code probability}. */
  public Impairments burstLoss(final double probability, final int length) {
    burstStart = probability;
    burstLength = length;
    return this;
  }

  /** Holds a frame back by {@code extraNanos} with {@code probability}. */
  public Impairments reorder(final double probability, final long extraNanos) {
    reorder = probability;
    reorderNanos = extraNanos;
    return this;
  }

  public Impairments duplicate(final double probability) {
    duplicate = probability;
    return this;
  }

  public Impairments delay(final long nanos, final long jitter) {
    delayNanos = nanos;
    jitterNanos = jitter;
    return this;
  }

  public Impairments corrupt(final double probability) {
    corrupt = probability;
    return this;
  }

  public Impairments ceMark(final double probability) {
    ceMark = probability;
    return this;
  }

  /** Seed of the random decisions: the same seed and traffic give the same faults. */
  public Impairments seed(final long value) {
    seed = value;
    return this;
  }

  /**
   * Checks every value.
   *
   * @throws IllegalArgumentException naming the first setting out of range
   */
  public Impairments conclude() {
    probability("loss", loss);
    probability("burstLoss", burstStart);
    probability("reorder", reorder);
    probability("duplicate", duplicate);
    probability("corrupt", corrupt);
    probability("ceMark", ceMark);
    if (burstLength < 1) {
      throw new IllegalArgumentException("impairments.burstLength must be at least 1");
    }
    if (reorderNanos < 0 || delayNanos < 0 || jitterNanos < 0 || jitterNanos > delayNanos) {
      throw new IllegalArgumentException(
          "impairments delay, jitter and reorder times must be >= 0 and jitter <= delay");
    }
    return this;
  }

  private static void probability(final String name, final double value) {
    if (!(value >= 0 && value <= 1)) {
      throw new IllegalArgumentException("impairments." + name + " must be in 0..1: " + value);
    }
  }

  public double loss() {
    return loss;
  }

  public double burstStart() {
    return burstStart;
  }

  public int burstLength() {
    return burstLength;
  }

  public double reorder() {
    return reorder;
  }

  public long reorderNanos() {
    return reorderNanos;
  }

  public double duplicate() {
    return duplicate;
  }

  public long delayNanos() {
    return delayNanos;
  }

  public long jitterNanos() {
    return jitterNanos;
  }

  public double corrupt() {
    return corrupt;
  }

  public double ceMark() {
    return ceMark;
  }

  public long seed() {
    return seed;
  }
}
