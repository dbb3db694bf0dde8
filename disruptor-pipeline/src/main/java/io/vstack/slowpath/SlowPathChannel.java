package io.vstack.slowpath;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * One lane's way to the slow path: messages go into the shared many-to-one queue, tagged with the
 * lane's number. Never blocks: a full queue (or a message larger than the queue allows) is a
 * counted drop. Used only by the owning lane's thread.
 *
 * <pre>
 *   record in the queue (after Agrona's 8-byte record header):
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                         lane (int32, LE)                      |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                     payload (length - 4 bytes)              ...
 * </pre>
 */
public final class SlowPathChannel {
  /** Bytes in front of the payload: the lane number. */
  static final int LANE_FIELD_LENGTH = Integer.BYTES;

  private final ManyToOneRingBuffer queue;
  private final int lane;
  private final AtomicCounter sent;
  private final AtomicCounter dropped;

  /**
   * @param sent counts messages queued (written only by this lane).
   * @param dropped counts messages refused because the queue was full or the message too long.
   */
  public SlowPathChannel(
      final ManyToOneRingBuffer queue,
      final int lane,
      final AtomicCounter sent,
      final AtomicCounter dropped) {
    this.queue = queue;
    this.lane = lane;
    this.sent = sent;
    this.dropped = dropped;
  }

  /**
   * Queues {@code buffer[offset, offset + length)} as message type {@code msgTypeId} (&gt; 0).
   *
   * @return false, counted, when the slow path's queue has no room.
   */
  public boolean offer(
      final int msgTypeId, final DirectBuffer buffer, final int offset, final int length) {
    final int recordLength = length + LANE_FIELD_LENGTH;
    if (length < 0 || recordLength > queue.maxMsgLength()) {
      dropped.incrementRelease();
      return false;
    }
    final int index = queue.tryClaim(msgTypeId, recordLength);
    if (index < 0) {
      dropped.incrementRelease();
      return false;
    }
    final AtomicBuffer target = queue.buffer();
    target.putInt(index, lane);
    target.putBytes(index + LANE_FIELD_LENGTH, buffer, offset, length);
    queue.commit(index);
    sent.incrementRelease();
    return true;
  }

  /** Messages refused so far. */
  public long dropped() {
    return dropped.get();
  }
}
