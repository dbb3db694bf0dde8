package io.vstack.port;

/**
 * How many frames of one direction a {@link FaultInjectingPort} impaired, per fault. Written by the
 * port's thread, read by anyone.
 */
public final class FaultCounters {
  volatile long frames;
  volatile long lost;
  volatile long burstLost;
  volatile long reordered;
  volatile long duplicated;
  volatile long delayed;
  volatile long corrupted;
  volatile long ceMarked;
  volatile long overflowed;

  /** Frames that entered this direction. */
  public long frames() {
    return frames;
  }

  /** Frames dropped by independent loss. */
  public long lost() {
    return lost;
  }

  /** Frames dropped inside a loss burst. */
  public long burstLost() {
    return burstLost;
  }

  public long reordered() {
    return reordered;
  }

  public long duplicated() {
    return duplicated;
  }

  /** Frames held for a delay greater than zero. */
  public long delayed() {
    return delayed;
  }

  public long corrupted() {
    return corrupted;
  }

  public long ceMarked() {
    return ceMarked;
  }

  /** Frames dropped because the holding queue was full. */
  public long overflowed() {
    return overflowed;
  }

  @Override
  public String toString() {
    return "frames="
        + frames
        + " lost="
        + lost
        + " burstLost="
        + burstLost
        + " reordered="
        + reordered
        + " duplicated="
        + duplicated
        + " delayed="
        + delayed
        + " corrupted="
        + corrupted
        + " ceMarked="
        + ceMarked
        + " overflowed="
        + overflowed;
  }
}
