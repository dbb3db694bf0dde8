package io.vstack.cli;

import io.vstack.replay.Replayer;
import java.io.PrintWriter;

/**
 * One line redrawn in place ({@code \r}) while a replay runs: frames and bytes so far, the rate
 * over the whole run, a bar and the time left. Called at most every 250 ms, so its formatting is
 * off the per-frame path.
 */
final class ProgressBar implements Replayer.Progress {
  private static final int WIDTH = 24;

  private final PrintWriter out;
  private final long totalFrames;
  private int lastLength;

  /**
   * @param totalFrames frames the replay will offer, for the bar and the ETA.
   */
  ProgressBar(final PrintWriter out, final long totalFrames) {
    this.out = out;
    this.totalFrames = totalFrames;
  }

  @Override
  public void update(final long framesSent, final long bytesSent, final long elapsedNanos) {
    final double seconds = elapsedNanos / 1e9;
    final double pps = seconds > 0 ? framesSent / seconds : 0;
    final double fraction = totalFrames > 0 ? Math.min(1, (double) framesSent / totalFrames) : 0;
    final int filled = (int) (fraction * WIDTH);
    final String eta =
        framesSent > 0 && pps > 0 ? clock(Math.max(0, (totalFrames - framesSent) / pps)) : "--:--";
    final String line =
        String.format(
            "[%s%s] %3.0f%%  %,d/%,d frames  %s  %,.0f pps  %.1f Mbit/s  ETA %s",
            "#".repeat(filled),
            "-".repeat(WIDTH - filled),
            fraction * 100,
            framesSent,
            totalFrames,
            bytes(bytesSent),
            pps,
            seconds > 0 ? bytesSent * 8 / seconds / 1e6 : 0,
            eta);
    out.print("\r" + line + " ".repeat(Math.max(0, lastLength - line.length())));
    out.flush();
    lastLength = line.length();
  }

  /** Erases the bar so the summary starts on a clean line. */
  void clear() {
    if (lastLength > 0) {
      out.print("\r" + " ".repeat(lastLength) + "\r");
      out.flush();
      lastLength = 0;
    }
  }

  static String bytes(final long bytes) {
    if (bytes < 10_000) {
      return bytes + " B";
    }
    if (bytes < 10_000_000) {
      return String.format("%.1f kB", bytes / 1e3);
    }
    if (bytes < 10_000_000_000L) {
      return String.format("%.1f MB", bytes / 1e6);
    }
    return String.format("%.1f GB", bytes / 1e9);
  }

  static String clock(final double seconds) {
    final long s = (long) Math.ceil(seconds);
    return s >= 3600
        ? String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
        : String.format("%d:%02d", s / 60, s % 60);
  }
}
