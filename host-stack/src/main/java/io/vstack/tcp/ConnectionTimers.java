package io.vstack.tcp;

import static io.vstack.tcp.Tcb.NONE;

import java.util.concurrent.TimeUnit;
import org.agrona.DeadlineTimerWheel;
import org.agrona.collections.Long2LongHashMap;

/**
 * One Agrona {@link DeadlineTimerWheel} timer per connection, armed at the earliest of the
 * connection's deadlines (retransmission, delayed ACK, persist, keepalive, TIME-WAIT). Each {@link
 * Tcb} keeps its own deadlines; this class only makes sure the engine hears about the earliest one.
 *
 * <p>A deadline that moves later (the RTO restarting on every ACK) leaves the armed timer alone: it
 * fires early, the engine finds nothing due and re-arms. That costs one spurious expiry per RTO
 * instead of a cancel and schedule per ACK.
 */
final class ConnectionTimers {
  /** Called when a connection's timer fires. */
  @FunctionalInterface
  interface Expiry {
    void onTimer(Tcb tcb, long nowNanos);
  }

  // 2^20 ns ticks (~1 ms) resolve the 40 ms delayed ACK; 4096 ticks span ~4 s per rotation.
  private static final long TICK_NANOS = 1L << 20;
  private static final int TICKS_PER_WHEEL = 4096;
  private static final int TIMERS_PER_TICK = 16;

  private final Tcb[] tcbs;
  private final Expiry expiry;
  private final DeadlineTimerWheel wheel;
  private final Long2LongHashMap owners;
  private final DeadlineTimerWheel.TimerHandler handler = this::onTimerExpiry;

  ConnectionTimers(final Tcb[] tcbs, final Expiry expiry, final long nowNanos) {
    this.tcbs = tcbs;
    this.expiry = expiry;
    this.wheel =
        new DeadlineTimerWheel(
            TimeUnit.NANOSECONDS, nowNanos, TICK_NANOS, TICKS_PER_WHEEL, TIMERS_PER_TICK);
    this.owners = new Long2LongHashMap(Math.max(16, tcbs.length * 2), 0.65f, -1L);
  }

  /**
   * Fires every timer due at {@code nowNanos}. The wheel polls its current tick and moves to the
   * next one once {@code nowNanos} is past the tick's end; this polls again after every move, so
   * the tick holding {@code nowNanos} is polled too (a timer due in it fires now, not one poll
   * later). A long pause is caught up tick by tick (about a million iterations per idle quarter
   * hour).
   *
   * @return timers that expired.
   */
  int poll(final long nowNanos) {
    int expired = 0;
    long tickEnd;
    do {
      tickEnd = wheel.currentTickTime();
      expired += wheel.poll(nowNanos, handler, Integer.MAX_VALUE);
    } while (nowNanos >= tickEnd);
    return expired;
  }

  /** Makes sure a timer fires no later than the connection's earliest deadline. */
  void rearm(final Tcb t) {
    final long deadline = t.earliestDeadline();
    if (deadline == NONE || deadline >= t.armedDeadline) {
      return;
    }
    cancel(t);
    t.timerId = wheel.scheduleTimer(deadline);
    t.armedDeadline = deadline;
    owners.put(t.timerId, t.id);
  }

  /** Cancels the connection's timer (it is closing). */
  void disarm(final Tcb t) {
    cancel(t);
    t.armedDeadline = NONE;
  }

  private void cancel(final Tcb t) {
    if (t.timerId >= 0) {
      wheel.cancelTimer(t.timerId);
      owners.remove(t.timerId);
      t.timerId = -1;
    }
  }

  private boolean onTimerExpiry(final TimeUnit unit, final long now, final long timerId) {
    final long owner = owners.remove(timerId);
    if (owner >= 0) {
      final Tcb t = tcbs[(int) owner];
      t.timerId = -1;
      t.armedDeadline = NONE;
      expiry.onTimer(t, now);
    }
    return true;
  }
}
