package io.vstack.replay;

import io.vstack.pcap.CaptureFormatException;
import io.vstack.port.FrameBatch;
import io.vstack.port.Port;
import io.vstack.port.PortCounters;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * Sends the frames of a capture file out of a port on a {@link Pacing} schedule.
 *
 * <p>A file of up to {@value #PRELOAD_MAX_BYTES} bytes is read into memory first ({@link
 * PreloadedTrace}), a bigger one is read as the replay goes ({@link StreamedTrace}); either way
 * frames come a burst at a time and each gets a due time from the schedule; the replayer waits for
 * the first frame not yet sent, then hands the port every frame already due in one {@link
 * Port#transmit} (so a replay that falls behind catches up in bursts rather than drifting). Waiting
 * parks the thread for long gaps and spins for the last {@value #SPIN_MICROS} µs, where {@code
 * parkNanos} would overshoot. A port that is full ({@code transmit} takes fewer frames) is retried
 * at once. The loop allocates nothing per frame: frames go to the port by address ({@link
 * FrameBatch#addExternal}) and lateness into a preallocated histogram.
 *
 * <p>Not thread-safe; {@link #run} drives the port on the calling thread.
 */
public final class Replayer {
  /** Spin instead of park when the next frame is due within this many µs. */
  public static final int SPIN_MICROS = 200;

  /** Frames read from the file per burst. */
  public static final int BURST = 32;

  /** How often, at most, the progress listener hears from a replay. */
  public static final long PROGRESS_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

  /** Files up to this size are read into memory before the replay starts; bigger ones stream. */
  public static final long PRELOAD_MAX_BYTES = 1L << 30;

  private static final long SPIN_NANOS = TimeUnit.MICROSECONDS.toNanos(SPIN_MICROS);
  private static final long MAX_RECORDED_ERROR = TimeUnit.HOURS.toNanos(1);

  /** Hears how far a replay got, from the replaying thread, at most every 250 ms. */
  @FunctionalInterface
  public interface Progress {
    void update(long framesSent, long bytesSent, long elapsedNanos);
  }

  private final Path file;
  private final Pacing pacing;
  private final int passes;
  private final long limit;
  private final Progress progress;

  /**
   * @param file a pcap or pcapng file of Ethernet frames.
   * @param pacing the schedule.
   * @param passes how many times to send the file, at least 1.
   * @param limit the most frames to send in all, at least 1 ({@code Long.MAX_VALUE}: no limit).
   * @param progress told how far the replay got, or null.
   */
  public Replayer(
      final Path file,
      final Pacing pacing,
      final int passes,
      final long limit,
      final Progress progress) {
    if (passes < 1) {
      throw new IllegalArgumentException("passes must be >= 1: " + passes);
    }
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be >= 1: " + limit);
    }
    this.file = file;
    this.pacing = pacing;
    this.passes = passes;
    this.limit = limit;
    this.progress = progress;
  }

  /**
   * Replays the file into {@code port}.
   *
   * @throws CaptureFormatException when the file cannot be opened as a capture (its header or link
   *     type); damage further in ends the replay and is reported in {@link ReplayResult#failure()}.
   */
  public ReplayResult run(final Port port) throws IOException, CaptureFormatException {
    final int maxFrame = port.maxFrameLength();
    final long fileSize = Files.size(file);
    final boolean preload = fileSize <= PRELOAD_MAX_BYTES;
    try (FrameSource source =
            preload
                ? PreloadedTrace.load(file, fileSize, maxFrame, limit)
                : new StreamedTrace(file);
        FrameBatch read = new FrameBatch(BURST, preload ? 64 : Math.max(64, maxFrame));
        FrameBatch send = new FrameBatch(BURST, 64)) {
      return run(port, source, read, send, preload);
    }
  }

  private ReplayResult run(
      final Port port,
      final FrameSource source,
      final FrameBatch read,
      final FrameBatch send,
      final boolean sourceFits) {
    final Run run = new Run(port, read, send, sourceFits);
    String failure = null;
    int pass = 0;
    while (pass < passes && run.offered < limit && failure == null) {
      pass++;
      if (pass > 1) {
        run.schedule.nextPass();
      }
      source.rewind();
      while (run.offered < limit) {
        read.clear();
        final int n = source.next(read, run.timestamps);
        if (n == 0) {
          failure = source.failure();
          break;
        }
        run.burst((int) Math.min(n, limit - run.offered));
      }
    }
    return run.result(pass, source.tooBig(), failure);
  }

  /**
   * The state of one replay. A burst is one call of {@link #burst}, so the JIT compiles the hot
   * path as an ordinary method rather than relying on on-stack replacement of one long loop.
   */
  private final class Run {
    final Schedule schedule = new Schedule(pacing);
    final long[] timestamps = new long[BURST];
    final Port port;
    final FrameBatch read;
    final FrameBatch send;
    final int maxFrame;
    final boolean scheduled = pacing.scheduled();
    final boolean asRead;
    final Histogram lateness = scheduled ? new Histogram(MAX_RECORDED_ERROR, 3) : null;
    final PortCounters counters;
    final long txFrames0;
    final long txBytes0;
    final long txDropped0;
    final long[] due = new long[BURST];
    final long[] sendDue = new long[BURST];
    long tooBig;
    long offered;
    long firstSend;
    long lastSend;
    long start;
    long lastProgress;

    Run(final Port port, final FrameBatch read, final FrameBatch send, final boolean sourceFits) {
      this.port = port;
      // At top speed from a source that holds no frame too big for the port (a preloaded trace),
      // a burst goes to the port as read: no due times, no copy into a second batch. Under C1
      // (bin/vstack runs replay with it) that took the replayer's own cost from ~90 to ~20 ns a
      // frame (ReplayBenchmark).
      this.asRead = !scheduled && sourceFits;
      this.read = read;
      this.send = send;
      this.maxFrame = port.maxFrameLength();
      this.counters = port.counters();
      this.txFrames0 = counters.txFrames();
      this.txBytes0 = counters.txBytes();
      this.txDropped0 = counters.txDropped();
      if (lateness != null) {
        lateness.recordValue(0); // load and link before the clock starts
        lateness.reset();
      }
      start = System.nanoTime();
      lastProgress = start;
    }

    /** Sends the first {@code usable} frames of {@code read} on schedule. */
    void burst(final int usable) {
      if (asRead) {
        offered += usable;
        while (read.size() > usable) {
          read.removeLast(); // past the --limit
        }
        sent(transmitAll(port, read, null, sendDue, 0), 0, 0);
        return;
      }
      for (int i = 0; i < usable; i++) {
        due[i] = start + schedule.due(timestamps[i], read.length(i));
      }
      offered += usable;
      int next = 0;
      while (next < usable) {
        long now = System.nanoTime();
        if (scheduled && now - due[next] < 0) {
          now = waitUntil(due[next]);
        }
        send.clear();
        while (next < usable && (!scheduled || now - due[next] >= 0)) {
          final int length = read.length(next);
          if (length > maxFrame) {
            tooBig++;
          } else {
            sendDue[send.size()] = due[next];
            send.addExternal(read.address(next), length);
          }
          next++;
        }
        sent(transmitAll(port, send, lateness, sendDue, now), next, usable);
      }
    }

    /**
     * Notes a transmit that ended at {@code sent} (0: nothing was sent); {@code from} and {@code
     * to} are the frames of the burst still to come, whose due times the first send shifts.
     */
    private void sent(final long sent, final int from, final int to) {
      if (sent != 0) {
        lastSend = sent;
        if (firstSend == 0) {
          firstSend = sent;
          anchor(sent - sendDue[0], from, to);
        }
      }
      if (progress != null && lastSend - lastProgress > PROGRESS_INTERVAL_NANOS) {
        lastProgress = lastSend;
        progress.update(
            counters.txFrames() - txFrames0, counters.txBytes() - txBytes0, lastSend - start);
      }
    }

    /**
     * Starts the schedule when the first frame has left: the first send also pays for linking the
     * port's native calls, which must not make the rest late.
     */
    private void anchor(final long shift, final int from, final int to) {
      if (scheduled) {
        start += shift;
        for (int j = from; j < to; j++) {
          due[j] += shift;
        }
      }
    }

    ReplayResult result(final int passes, final long tooBigInSource, final String failure) {
      return new ReplayResult(
          counters.txFrames() - txFrames0,
          counters.txBytes() - txBytes0,
          counters.txDropped() - txDropped0,
          tooBig + tooBigInSource,
          maxFrame,
          passes,
          firstSend,
          lastSend,
          lateness,
          failure);
    }
  }

  /**
   * Hands every frame of {@code send} to the port, retrying while it is full, and records each
   * frame's lateness ({@code due[k]} for the k-th frame of the batch, against the time of the call
   * that took it).
   *
   * @return {@code System.nanoTime()} after the last call, or 0 when there was nothing to send.
   */
  private static long transmitAll(
      final Port port,
      final FrameBatch send,
      final Histogram lateness,
      final long[] due,
      final long firstCallTime) {
    if (send.isEmpty()) {
      return 0;
    }
    long callTime = firstCallTime;
    int k = 0;
    while (true) {
      final int taken = port.transmit(send);
      if (lateness != null) {
        for (int i = 0; i < taken; i++, k++) {
          lateness.recordValue(Math.min(MAX_RECORDED_ERROR, Math.max(0, callTime - due[k])));
        }
      }
      send.discardFirst(taken);
      final long now = System.nanoTime();
      if (send.isEmpty()) {
        return now;
      }
      callTime = now;
      Thread.onSpinWait();
    }
  }

  /** Parks for the bulk of a long wait, spins for the rest; returns the time it woke at. */
  static long waitUntil(final long deadline) {
    long now = System.nanoTime();
    while (deadline - now > 0) {
      final long remaining = deadline - now;
      if (remaining > SPIN_NANOS) {
        LockSupport.parkNanos(remaining - SPIN_NANOS);
      } else {
        Thread.onSpinWait();
      }
      now = System.nanoTime();
    }
    return now;
  }
}
