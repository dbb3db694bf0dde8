package io.vstack.replay;

import io.vstack.port.FrameBatch;

/**
 * Where a replay's frames come from, a burst at a time, pass after pass: a trace held in memory
 * ({@link PreloadedTrace}) or read from the file as it goes ({@link StreamedTrace}).
 */
interface FrameSource extends AutoCloseable {
  /** Starts a (new) pass at the first frame. */
  void rewind();

  /**
   * Appends up to {@code batch.remaining()} frames of the current pass to {@code batch} and puts
   * their capture times into {@code timestamps[0..n)}.
   *
   * @return frames appended; 0 at the end of the pass (or where the file is damaged).
   */
  int next(FrameBatch batch, long[] timestamps);

  /** Frames skipped so far, over all passes, for being longer than the port's largest frame. */
  long tooBig();

  /** Why the file ends early (packet number and byte offset), or null. */
  String failure();

  @Override
  void close();
}
