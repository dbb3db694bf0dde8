package io.vstack.txqueue;

import static org.agrona.concurrent.ringbuffer.RecordDescriptor.ALIGNMENT;
import static org.agrona.concurrent.ringbuffer.RecordDescriptor.HEADER_LENGTH;

import io.vstack.lane.FrameSource;
import io.vstack.port.FrameBatch;
import io.vstack.rss.FlowKeyExtractor;
import io.vstack.rss.InnerFlowKeys;
import io.vstack.wire.EthernetFrame;
import java.util.concurrent.atomic.AtomicLongArray;
import org.agrona.BitUtil;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

/**
 * The stack's reader of a {@link TenantTxQueue}: a {@link FrameSource} that copies each frame the
 * tenant queued into the dispatcher's batch, so it reaches a lane's handler (anti-spoofing, encap)
 * like a received frame, and the tenant cannot change it after it was checked.
 *
 * <p>A hardened Agrona one-to-one consumer: the record layout is Agrona's, but nothing read from
 * the tenant-writable memory is trusted.
 *
 * <ul>
 *   <li>The read position lives here, not in the queue; it is only published to the trailer's head
 *       field for the producer's flow control (a tenant that overwrites it only confuses its own
 *       producer).
 *   <li>A record's length is read once; it must cover the header and end inside the ring, or the
 *       record is {@link TxQueueDrop#CORRUPT_HEADER corrupt}: the next record cannot be found, so
 *       the reader skips to the start of the next lap, where an honest producer's record begins.
 *   <li>Frame records must carry {@link EthernetFrame#HEADER_LENGTH} to {@code maxFrameLength}
 *       bytes; padding records are skipped; anything else is counted and skipped.
 *   <li>One {@link #poll} reads at most the batch's free slots and scans at most one ring's worth
 *       of bytes, so a queue full of garbage costs a bounded, small amount of dispatcher time.
 * </ul>
 *
 * Counters are written by the dispatcher's thread and readable from any thread.
 */
public final class TenantTxSource implements FrameSource {
  private final AtomicBuffer buffer;
  private final int capacity;
  private final int mask;
  private final int headPositionIndex;
  private final int tenant;
  private final int maxFrameLength;
  private final FlowKeyExtractor flowKeys;
  private final UnsafeBuffer slot = new UnsafeBuffer(0, 0);
  private final AtomicLongArray drops = new AtomicLongArray(TxQueueDrop.count());
  private final AtomicLongArray taken = new AtomicLongArray(2);
  private long head;
  private long published;

  TenantTxSource(
      final AtomicBuffer buffer, final int capacity, final int tenant, final int maxFrameLength) {
    if (maxFrameLength < EthernetFrame.HEADER_LENGTH) {
      throw new IllegalArgumentException(
          "maxFrameLength must be >= " + EthernetFrame.HEADER_LENGTH + ": " + maxFrameLength);
    }
    this.buffer = buffer;
    this.capacity = capacity;
    this.mask = capacity - 1;
    this.headPositionIndex = capacity + RingBufferDescriptor.HEAD_POSITION_OFFSET;
    this.tenant = tenant;
    this.maxFrameLength = maxFrameLength;
    this.flowKeys = (frame, length, key) -> InnerFlowKeys.extract(frame, 0, length, tenant, key);
  }

  @Override
  public int poll(final FrameBatch batch) {
    final int limit = Math.min(maxFrameLength, batch.frameCapacity());
    int appended = 0;
    long bytes = 0;
    int scanned = 0;
    while (batch.remaining() > 0 && scanned < capacity) {
      final int index = (int) head & mask;
      final int recordLength = buffer.getIntVolatile(index);
      if (recordLength <= 0) {
        break;
      }
      final int toEnd = capacity - index;
      if (recordLength < HEADER_LENGTH || recordLength > toEnd) {
        drop(TxQueueDrop.CORRUPT_HEADER);
        head += toEnd;
        scanned += toEnd;
        continue;
      }
      final int aligned = BitUtil.align(recordLength, ALIGNMENT);
      head += aligned;
      scanned += aligned;
      final int type = buffer.getInt(index + BitUtil.SIZE_OF_INT);
      if (type == OneToOneRingBuffer.PADDING_MSG_TYPE_ID) {
        continue;
      }
      final int frameLength = recordLength - HEADER_LENGTH;
      if (type != TenantTxQueue.FRAME_MSG_TYPE_ID) {
        drop(TxQueueDrop.UNKNOWN_TYPE);
      } else if (frameLength < EthernetFrame.HEADER_LENGTH) {
        drop(TxQueueDrop.FRAME_TOO_SHORT);
      } else if (frameLength > limit) {
        drop(TxQueueDrop.FRAME_TOO_LONG);
      } else {
        final int frame = batch.claim();
        batch.wrapForWrite(frame, slot).putBytes(0, buffer, index + HEADER_LENGTH, frameLength);
        batch.length(frame, frameLength);
        appended++;
        bytes += frameLength;
      }
    }
    if (head != published) {
      buffer.putLongRelease(headPositionIndex, head);
      published = head;
    }
    if (appended > 0) {
      taken.lazySet(0, taken.get(0) + appended);
      taken.lazySet(1, taken.get(1) + bytes);
    }
    return appended;
  }

  private void drop(final TxQueueDrop reason) {
    drops.lazySet(reason.ordinal(), drops.get(reason.ordinal()) + 1);
  }

  /** Inner frames of this source's tenant: the tenant comes from the queue, not the frame. */
  @Override
  public FlowKeyExtractor flowKeys() {
    return flowKeys;
  }

  /** The tenant whose queue this is. */
  public int tenant() {
    return tenant;
  }

  /** Frames taken from the queue into batches. */
  public long frames() {
    return taken.get(0);
  }

  /** Bytes of the frames taken. */
  public long bytes() {
    return taken.get(1);
  }

  /** Records skipped for {@code reason}. */
  public long drops(final TxQueueDrop reason) {
    return drops.get(reason.ordinal());
  }

  /** Records skipped for any reason. */
  public long drops() {
    long sum = 0;
    for (int i = 0; i < drops.length(); i++) {
      sum += drops.get(i);
    }
    return sum;
  }

  /** The read position (bytes consumed since the queue was made). */
  public long position() {
    return head;
  }
}
