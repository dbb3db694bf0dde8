package io.vstack.replay;

/**
 * How a replay spaces its frames in time.
 *
 * <ul>
 *   <li>{@link #original(double)}: the capture's own inter-packet gaps divided by a speed factor (1
 *       = as captured). Timestamps that go backwards (e.g. interfaces merged unsorted) count as a
 *       gap of 0.
 *   <li>{@link #packetsPerSecond(double)}: evenly spaced frames, frame {@code i} due at {@code i /
 *       pps}.
 *   <li>{@link #megabitsPerSecond(double)}: frame {@code i} due when the bits of frames {@code
 *       0..i-1} would have passed at that rate (frame bytes only: no preamble, gap or FCS).
 *   <li>{@link #topSpeed()}: no schedule; every frame is due at once and the port sets the pace.
 * </ul>
 *
 * @param mode which of the above.
 * @param value the speed factor, pps or Mbit/s; 0 for top speed.
 */
public record Pacing(Mode mode, double value) {
  /** The ways to pace a replay. */
  public enum Mode {
    ORIGINAL,
    PACKETS_PER_SECOND,
    MEGABITS_PER_SECOND,
    TOP_SPEED
  }

  public Pacing {
    if (mode != Mode.TOP_SPEED && !(value > 0 && Double.isFinite(value))) {
      throw new IllegalArgumentException(mode + " needs a positive rate, got " + value);
    }
  }

  /** The capture's timing, sped up by {@code speed} (2 = twice as fast). */
  public static Pacing original(final double speed) {
    return new Pacing(Mode.ORIGINAL, speed);
  }

  public static Pacing packetsPerSecond(final double pps) {
    return new Pacing(Mode.PACKETS_PER_SECOND, pps);
  }

  public static Pacing megabitsPerSecond(final double mbps) {
    return new Pacing(Mode.MEGABITS_PER_SECOND, mbps);
  }

  public static Pacing topSpeed() {
    return new Pacing(Mode.TOP_SPEED, 0);
  }

  /** Whether frames have due times (everything but top speed). */
  public boolean scheduled() {
    return mode != Mode.TOP_SPEED;
  }

  @Override
  public String toString() {
    return switch (mode) {
      case ORIGINAL -> value == 1 ? "original timing" : "original timing x" + value;
      case PACKETS_PER_SECOND -> value + " pps";
      case MEGABITS_PER_SECOND -> value + " Mbit/s";
      case TOP_SPEED -> "top speed";
    };
  }
}
