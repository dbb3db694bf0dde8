package io.vstack.slowpath;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * The slow-path agent: drains the lanes' shared queue into a {@link SlowPathHandler} and lets it
 * answer any lane through that lane's own one-to-one queue. Answers to a full lane queue are
 * dropped and counted, so a stalled lane cannot stall the slow path either.
 *
 * <pre>
 *   lane 0 ─┐                                   ┌─► lane 0 (OneToOneRingBuffer)
 *   lane 1 ─┼─► ManyToOneRingBuffer ─► agent ───┼─► lane 1
 *   lane n ─┘                                   └─► lane n
 * </pre>
 */
public final class SlowPathAgent implements Agent {
  /** Messages taken from the queue per duty cycle, so timers keep running under load. */
  static final int READ_LIMIT = 64;

  private final ManyToOneRingBuffer fromLanes;
  private final SlowPathHandler handler;
  private final NanoClock clock;
  private final AtomicCounter received;
  private final Replies replies;
  private final MessageHandler reader = this::onRecord;

  /**
   * @param toLanes one queue per lane, indexed by lane number.
   * @param received counts messages handled.
   * @param replyDrops counts replies refused because a lane's queue was full.
   */
  public SlowPathAgent(
      final ManyToOneRingBuffer fromLanes,
      final OneToOneRingBuffer[] toLanes,
      final SlowPathHandler handler,
      final NanoClock clock,
      final AtomicCounter received,
      final AtomicCounter replyDrops) {
    this.fromLanes = fromLanes;
    this.handler = handler;
    this.clock = clock;
    this.received = received;
    this.replies = new Replies(toLanes, replyDrops);
  }

  @Override
  public int doWork() {
    final int messages = fromLanes.read(reader, READ_LIMIT);
    return messages + handler.doWork(clock.nanoTime(), replies);
  }

  private void onRecord(
      final int msgTypeId, final MutableDirectBuffer buffer, final int index, final int length) {
    received.incrementRelease();
    handler.onMessage(
        buffer.getInt(index),
        msgTypeId,
        buffer,
        index + SlowPathChannel.LANE_FIELD_LENGTH,
        length - SlowPathChannel.LANE_FIELD_LENGTH,
        replies);
  }

  @Override
  public String roleName() {
    return "vstack-slowpath";
  }

  /** The slow path's way back to the lanes. Used only on the slow path's thread. */
  public static final class Replies {
    private final OneToOneRingBuffer[] toLanes;
    private final AtomicCounter dropped;

    Replies(final OneToOneRingBuffer[] toLanes, final AtomicCounter dropped) {
      this.toLanes = toLanes;
      this.dropped = dropped;
    }

    /**
     * Queues a message for {@code lane}.
     *
     * @return false, counted, when that lane's queue has no room or the lane does not exist.
     */
    public boolean offer(
        final int lane,
        final int msgTypeId,
        final DirectBuffer buffer,
        final int offset,
        final int length) {
      if (lane < 0
          || lane >= toLanes.length
          || length > toLanes[lane].maxMsgLength()
          || !toLanes[lane].write(msgTypeId, buffer, offset, length)) {
        dropped.incrementRelease();
        return false;
      }
      return true;
    }
  }
}
