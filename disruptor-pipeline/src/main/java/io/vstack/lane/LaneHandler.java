package io.vstack.lane;

import org.agrona.DirectBuffer;

/**
 * The fast-path code a lane runs: the fused rx/TCP/tenant handler plugs in here. One instance per
 * lane (made by a {@link LaneHandlerFactory}), called only on that lane's thread, so it may keep
 * unsynchronised per-lane state. A flow is only ever handled by one lane at a time, and when its
 * indirection entry moves, every frame the old lane got is handled before the new lane sees the
 * next one (with a happens-before edge between them), so per-flow state may live in shared tables.
 *
 * <p>Exceptions thrown here are recorded in the lanes' DistinctErrorLog and counted; the lane goes
 * on with the next frame.
 */
public interface LaneHandler {
  /**
   * One frame. The memory at {@code address} stays valid until {@link #onEndOfBatch()} returns, so
   * a transmit burst may reference it; copy what must outlive the batch (the payload into the
   * flow's receive buffer: the only copy on the way from the port to the tenant).
   *
   * @param tenant the tenant the dispatcher's extractor found (0 for frames of no flow).
   * @param markedSlot the tenant slot the frame's NIC MARK names ({@link LanesContext#markSlots}):
   *     a classification the handler may use instead of parsing the frame; {@link
   *     MarkSlots#NO_SLOT} when the frame carries no MARK or one that names no tenant.
   * @param flowHash the seeded hash that chose this lane.
   * @param source index of the {@link FrameSource} the frame came from.
   */
  void onFrame(long address, int length, int tenant, int markedSlot, int flowHash, int source);

  /**
   * The last frame of a batch was handed over: flush coalesced work (one ACK per flow, the transmit
   * burst). Called at least once per duty cycle that delivered frames.
   */
  void onEndOfBatch();

  /**
   * Called once per duty cycle after the ring was polled (also when it held nothing): work the
   * handler deferred, e.g. tenant queues a scheduler serves a slice at a time, or timers.
   *
   * @return work done; 0 lets the lane idle.
   */
  default int doWork() {
    return 0;
  }

  /** A message from the slow path (see {@link io.vstack.slowpath.SlowPathAgent.Replies}). */
  default void onSlowPathMessage(
      final int msgTypeId, final DirectBuffer buffer, final int offset, final int length) {}

  /**
   * Indirection {@code entry} leaves this lane: every frame of it the lane will ever get was handed
   * over (and its batch ended). A handler that keeps per-flow state that is not safe to share
   * (connections with timers and an application) hands the state of the entry's flows over now; the
   * lane that gets the entry is told by {@link #onEntryArriving} before it sees the entry's next
   * frame, and what was written here happens-before that call (ring sequence release, read by the
   * dispatcher, which then publishes the arrival marker).
   */
  default void onEntryLeaving(final int entry, final FlowEntries entries) {}

  /** Indirection {@code entry} now belongs to this lane; its frames follow this call. */
  default void onEntryArriving(final int entry, final FlowEntries entries) {}

  /** The lane stops; release what the handler holds. */
  default void onClose() {}
}
