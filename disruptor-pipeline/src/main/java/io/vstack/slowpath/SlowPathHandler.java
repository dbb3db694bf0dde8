package io.vstack.slowpath;

import org.agrona.DirectBuffer;

/** What the slow-path agent does with a message from a lane. Runs on the slow path's thread. */
@FunctionalInterface
public interface SlowPathHandler {
  /**
   * A message a lane {@link SlowPathChannel#offer offered}. The buffer is valid only during the
   * call.
   *
   * @param replies the way back to any lane.
   */
  void onMessage(
      int lane,
      int msgTypeId,
      DirectBuffer buffer,
      int offset,
      int length,
      SlowPathAgent.Replies replies);

  /** Periodic work (timers); called every duty cycle. @return work done. */
  default int doWork(final long nowNs) {
    return 0;
  }

  /**
   * Periodic work that may message lanes (e.g. timer ticks); called every duty cycle. The default
   * calls {@link #doWork(long)}.
   *
   * @return work done.
   */
  default int doWork(final long nowNs, final SlowPathAgent.Replies replies) {
    return doWork(nowNs);
  }
}
