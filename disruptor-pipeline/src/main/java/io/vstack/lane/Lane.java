package io.vstack.lane;

import com.lmax.disruptor.EventPoller;
import com.lmax.disruptor.RingBuffer;
import io.vstack.affinity.CpuSet;
import io.vstack.affinity.ThreadAffinity;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.errors.DistinctErrorLog;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * One lane: an Agent whose duty cycle drains its Disruptor ring with an {@link EventPoller} (never
 * blocking) into its {@link LaneHandler}, and its queue from the slow path.
 *
 * <p>Batch-aware: the poller hands over every event published so far (at most {@code batchLimit});
 * after the last one the handler's {@link LaneHandler#onEndOfBatch()} flushes coalesced work, and
 * the lane returns the batch's frames to the {@link FramePool} with one atomic add per receive
 * batch touched, not one per frame.
 *
 * <p>A parked lane does nothing; with {@link ThreadingMode#DEDICATED} its thread sleeps in {@link
 * LaneIdleStrategy} until {@link #wake()} unparks it.
 */
public final class Lane implements Agent, EventPoller.Handler<FrameEvent> {
  private static final int SLOW_PATH_READ_LIMIT = 16;

  private final int id;
  private final RingBuffer<FrameEvent> ring;
  private final EventPoller<FrameEvent> poller;
  private final LaneHandler handler;
  private final FramePool pool;
  private final OneToOneRingBuffer fromSlowPath;
  private final DistinctErrorLog errorLog;
  private final AtomicCounter frames;
  private final AtomicCounter handlerErrors;
  private final CpuSet pinTo;
  private final NanoClock clock;
  private final int batchLimit;
  private final FlowEntries flowEntries;
  private final int[] releaseCounts;
  private final int[] touched;
  private final AtomicLong busyNanos = new AtomicLong();
  private final MessageHandler slowPathReader = this::onSlowPathRecord;
  private int touchedCount;
  private int inBatch;
  private int polled;
  private volatile boolean parked;
  private volatile Thread thread;
  private volatile int threadId = -1;

  Lane(
      final int id,
      final RingBuffer<FrameEvent> ring,
      final LaneHandler handler,
      final FramePool pool,
      final OneToOneRingBuffer fromSlowPath,
      final DistinctErrorLog errorLog,
      final AtomicCounter frames,
      final AtomicCounter handlerErrors,
      final CpuSet pinTo,
      final NanoClock clock,
      final int batchLimit,
      final FlowEntries flowEntries,
      final boolean parked) {
    this.id = id;
    this.ring = ring;
    this.poller = ring.newPoller();
    ring.addGatingSequences(poller.getSequence());
    this.handler = handler;
    this.pool = pool;
    this.fromSlowPath = fromSlowPath;
    this.errorLog = errorLog;
    this.frames = frames;
    this.handlerErrors = handlerErrors;
    this.pinTo = pinTo;
    this.clock = clock;
    this.batchLimit = batchLimit;
    this.flowEntries = flowEntries;
    this.releaseCounts = new int[pool.size()];
    this.touched = new int[pool.size()];
    this.parked = parked;
  }

  @Override
  public void onStart() {
    thread = Thread.currentThread();
    threadId = ThreadAffinity.currentThreadId();
    if (pinTo != null) {
      ThreadAffinity.pinCurrentThread(pinTo);
    }
  }

  @Override
  public int doWork() throws Exception {
    if (parked) {
      return 0;
    }
    final long start = clock.nanoTime();
    int work = fromSlowPath.read(slowPathReader, SLOW_PATH_READ_LIMIT);
    polled = 0;
    poller.poll(this);
    work += polled;
    try {
      work += handler.doWork();
    } catch (final Throwable t) {
      onHandlerError(t);
    }
    if (work > 0) {
      busyNanos.lazySet(busyNanos.get() + clock.nanoTime() - start);
    }
    return work;
  }

  @Override
  public boolean onEvent(final FrameEvent event, final long sequence, final boolean endOfBatch) {
    if (event.kind != FrameEvent.FRAME) {
      return onMarker(event, endOfBatch);
    }
    try {
      handler.onFrame(
          event.address,
          event.length,
          event.tenant,
          event.markedSlot,
          event.flowHash,
          event.source);
    } catch (final Throwable t) {
      onHandlerError(t);
    }
    final int batchId = event.batchId;
    if (releaseCounts[batchId]++ == 0) {
      touched[touchedCount++] = batchId;
    }
    polled++;
    inBatch++;
    final boolean last = endOfBatch || inBatch >= batchLimit;
    if (last) {
      endBatch();
    }
    return !last;
  }

  /** An entry moves (see {@link Dispatcher}): no frame, nothing to return to the pool. */
  private boolean onMarker(final FrameEvent event, final boolean endOfBatch) {
    try {
      if (event.kind == FrameEvent.ENTRY_LEAVING) {
        handler.onEntryLeaving(event.flowHash, flowEntries);
      } else {
        handler.onEntryArriving(event.flowHash, flowEntries);
      }
    } catch (final Throwable t) {
      onHandlerError(t);
    }
    polled++;
    if (endOfBatch) {
      endBatch();
    }
    return !endOfBatch;
  }

  private void endBatch() {
    try {
      handler.onEndOfBatch();
    } catch (final Throwable t) {
      onHandlerError(t);
    }
    for (int i = 0; i < touchedCount; i++) {
      final int batchId = touched[i];
      pool.release(batchId, releaseCounts[batchId]);
      releaseCounts[batchId] = 0;
    }
    touchedCount = 0;
    frames.getAndAddRelease(inBatch);
    inBatch = 0;
  }

  private void onSlowPathRecord(
      final int msgTypeId, final MutableDirectBuffer buffer, final int index, final int length) {
    try {
      handler.onSlowPathMessage(msgTypeId, buffer, index, length);
    } catch (final Throwable t) {
      onHandlerError(t);
    }
  }

  private void onHandlerError(final Throwable t) {
    handlerErrors.incrementRelease();
    errorLog.record(t);
  }

  @Override
  public void onClose() {
    handler.onClose();
  }

  @Override
  public String roleName() {
    return "vstack-lane-" + id;
  }

  /** The lane's number. */
  public int id() {
    return id;
  }

  /** True while the lane sleeps and owns no indirection entries. */
  public boolean isParked() {
    return parked;
  }

  /** The kernel thread id running this lane, -1 before it started. */
  public int threadId() {
    return threadId;
  }

  /** The Java thread running this lane, null before it started. */
  public Thread thread() {
    return thread;
  }

  /** Frames handed to the handler so far. */
  public long framesHandled() {
    return frames.get();
  }

  /** Exceptions the handler threw so far. */
  public long handlerErrors() {
    return handlerErrors.get();
  }

  /** Nanoseconds spent in duty cycles that did work. */
  public long busyNanos() {
    return busyNanos.get();
  }

  /** The last ring sequence the handler has finished with. */
  long consumedSequence() {
    return poller.getSequence().get();
  }

  /** The last ring sequence published to this lane. */
  long publishedSequence() {
    return ring.getCursor();
  }

  boolean isDrained() {
    return consumedSequence() >= publishedSequence();
  }

  RingBuffer<FrameEvent> ring() {
    return ring;
  }

  void park() {
    parked = true;
  }

  void wake() {
    parked = false;
    unparkThread();
  }

  /** Wakes the thread from a parked sleep without changing the parked state (e.g. to close). */
  void unparkThread() {
    final Thread t = thread;
    if (t != null) {
      LockSupport.unpark(t);
    }
  }
}
