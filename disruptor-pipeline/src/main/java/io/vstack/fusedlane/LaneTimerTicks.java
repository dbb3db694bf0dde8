package io.vstack.fusedlane;

import io.vstack.slowpath.SlowPathAgent;
import io.vstack.slowpath.SlowPathHandler;
import java.util.concurrent.atomic.AtomicLongArray;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A slow-path handler that also sends every lane a {@link #TICK_MSG_TYPE_ID} message every {@code
 * intervalNs}, so a lane whose ring stays empty still runs its TCP timers (retransmissions, delayed
 * ACKs): a lane calls its handler's batch end only when frames arrive, but reads its slow-path
 * queue every duty cycle. {@link FusedLaneHandler} answers a tick like a batch end. Other messages
 * and periodic work go to {@code delegate}.
 *
 * <p>A lane that does not read its queue (parked) gets no more than one unread tick: the next one
 * is sent to it only after it took the last (the lane's queue is then free for real replies).
 */
public final class LaneTimerTicks implements SlowPathHandler {
  /** Message type of a tick; carries no payload. */
  public static final int TICK_MSG_TYPE_ID = 0x71C4;

  private static final DirectBuffer EMPTY = new UnsafeBuffer(new byte[0]);

  private final SlowPathHandler delegate;
  private final long intervalNs;
  private final TickCounters taken;
  private final long[] sent;
  private long nextTick;

  /** Ticks each lane has taken, written by the lanes and read by the slow path. */
  public static final class TickCounters {
    private final AtomicLongArray taken;

    public TickCounters(final int lanes) {
      this.taken = new AtomicLongArray(lanes);
    }

    /** Lane {@code lane} took a tick (called on that lane's thread). */
    public void onTick(final int lane) {
      taken.lazySet(lane, taken.get(lane) + 1);
    }

    public long taken(final int lane) {
      return taken.get(lane);
    }
  }

  /**
   * @param taken where the lanes' handlers count the ticks they took (share it with them).
   */
  public LaneTimerTicks(
      final SlowPathHandler delegate, final long intervalNs, final TickCounters taken) {
    if (intervalNs <= 0) {
      throw new IllegalArgumentException("intervalNs must be > 0: " + intervalNs);
    }
    this.delegate = delegate;
    this.intervalNs = intervalNs;
    this.taken = taken;
    this.sent = new long[taken.taken.length()];
  }

  @Override
  public void onMessage(
      final int lane,
      final int msgTypeId,
      final DirectBuffer buffer,
      final int offset,
      final int length,
      final SlowPathAgent.Replies replies) {
    delegate.onMessage(lane, msgTypeId, buffer, offset, length, replies);
  }

  @Override
  public int doWork(final long nowNs, final SlowPathAgent.Replies replies) {
    int work = delegate.doWork(nowNs, replies);
    if (nowNs - nextTick >= 0) {
      nextTick = nowNs + intervalNs;
      for (int lane = 0; lane < sent.length; lane++) {
        if (sent[lane] == taken.taken(lane) && replies.offer(lane, TICK_MSG_TYPE_ID, EMPTY, 0, 0)) {
          sent[lane]++;
          work++;
        }
      }
    }
    return work;
  }
}
