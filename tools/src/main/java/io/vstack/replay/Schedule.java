package io.vstack.replay;

/**
 * Turns the frames of a trace, in order, into due times in nanoseconds after the start of the
 * replay, following a {@link Pacing}. Loops continue the schedule: the first frame of a new pass is
 * due when the last frame of the previous pass was (original timing) or one period later (rate
 * pacing). Pure arithmetic, no clock, no allocation.
 */
final class Schedule {
  private static final double NANOS_PER_SECOND = 1e9;

  private final Pacing.Mode mode;
  private final double value;
  private long frames;
  private double bits;
  private boolean passStart = true;
  private long passBaseTimestamp;
  private long passRelative;
  private long passOffset;
  private long lastDue;

  Schedule(final Pacing pacing) {
    this.mode = pacing.mode();
    this.value = pacing.value();
  }

  /** Starts the next pass over the trace (for {@code --loop}). */
  void nextPass() {
    passStart = true;
    passOffset = lastDue;
  }

  /**
   * The due time of the next frame.
   *
   * @param timestampNanos the frame's capture time.
   * @param length the frame's length in bytes.
   */
  long due(final long timestampNanos, final int length) {
    final long due =
        switch (mode) {
          case ORIGINAL -> original(timestampNanos);
          case PACKETS_PER_SECOND -> (long) (frames * NANOS_PER_SECOND / value);
          case MEGABITS_PER_SECOND -> (long) (bits * 1e3 / value);
          case TOP_SPEED -> 0;
        };
    frames++;
    bits += 8.0 * length;
    lastDue = due;
    return due;
  }

  private long original(final long timestampNanos) {
    if (passStart) {
      passStart = false;
      passBaseTimestamp = timestampNanos;
      passRelative = 0;
    } else {
      passRelative = Math.max(passRelative, timestampNanos - passBaseTimestamp);
    }
    return passOffset + (long) (passRelative / value);
  }
}
