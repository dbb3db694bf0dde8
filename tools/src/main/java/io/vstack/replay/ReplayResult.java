package io.vstack.replay;

import org.HdrHistogram.Histogram;

/**
 * What a replay did.
 *
 * @param framesSent frames the port took and sent.
 * @param bytesSent their bytes (Ethernet header to end of payload, no FCS).
 * @param framesFailed frames the port took but could not send (e.g. interface down), counted by the
 *     port.
 * @param framesTooBig frames longer than the port's largest frame, skipped (not sent).
 * @param maxFrameLength the port's largest frame.
 * @param passes passes over the file started.
 * @param firstSendNanos {@code System.nanoTime()} when the first frame was sent.
 * @param lastSendNanos {@code System.nanoTime()} when the last frame was sent.
 * @param timingError lateness of each sent frame against its due time in ns, or null for top speed.
 * @param failure why reading the file stopped early (a message naming packet and byte offset), or
 *     null.
 */
public record ReplayResult(
    long framesSent,
    long bytesSent,
    long framesFailed,
    long framesTooBig,
    int maxFrameLength,
    int passes,
    long firstSendNanos,
    long lastSendNanos,
    Histogram timingError,
    String failure) {

  /** Time from the first to the last frame sent, in ns (0 with fewer than 2 frames). */
  public long elapsedNanos() {
    return framesSent < 2 ? 0 : lastSendNanos - firstSendNanos;
  }

  /**
   * Achieved packets per second, measured between the first and the last frame by our own send
   * timestamps: {@code (framesSent - 1) / elapsed}, the quantity a {@code --pps} request sets.
   */
  public double packetsPerSecond() {
    return elapsedNanos() == 0 ? 0 : (framesSent - 1) * 1e9 / elapsedNanos();
  }

  /** Achieved megabits per second of frame bytes over the same interval. */
  public double megabitsPerSecond() {
    return elapsedNanos() == 0 ? 0 : bytesSent * 8e3 / elapsedNanos();
  }
}
