package io.vstack.lane;

import io.vstack.port.FrameBatch;

/**
 * Where the dispatcher takes frames from: a port's receive queue ({@link #of(io.vstack.port.Port)})
 * or a tenant's transmit queue. Non-blocking; called on the dispatcher's thread only.
 */
@FunctionalInterface
public interface FrameSource {
  /**
   * Appends up to {@code batch.remaining()} frames to {@code batch}.
   *
   * @return frames appended; 0 when none is waiting.
   */
  int poll(FrameBatch batch);

  /** A port's receive queue as a source. */
  static FrameSource of(final io.vstack.port.Port port) {
    return port::receive;
  }
}
