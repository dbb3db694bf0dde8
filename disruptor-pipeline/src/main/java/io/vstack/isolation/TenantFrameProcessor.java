package io.vstack.isolation;

import org.agrona.DirectBuffer;

/**
 * The per-frame work a {@link TenantLane} schedules: the fused fast path (decap, anti-spoofing,
 * TCP, response queued for transmit) or a synthetic stand-in. Called only on the lane's thread;
 * nothing here may allocate, lock or throw for control flow.
 */
public interface TenantFrameProcessor {
  /** Returned by {@link #tenantOf} for a frame of no tenant. */
  int NO_TENANT = -1;

  /**
   * Cheap classification for grouping, before any processing: the tenant whose queue the frame
   * waits in.
   *
   * @param markedSlot the tenant slot the frame's NIC MARK names ({@link
   *     io.vstack.lane.LaneHandler#onFrame}), which a processor takes without parsing the frame, or
   *     {@link #NO_TENANT} when the frame carries no MARK (or one of no tenant): classify it.
   * @return a tenant id (0 ≤ id &lt; the lane's tenant limit) or {@link #NO_TENANT}: such frames
   *     (underlay ARP, unknown VNIs) are processed at once and charged to nobody.
   */
  int tenantOf(long address, int length, int markedSlot);

  /**
   * Processes one frame completely. {@code tenant} is what {@link #tenantOf} said (or {@link
   * #NO_TENANT}); the memory at {@code address} stays valid until the next {@link #flush()}
   * returns.
   *
   * @param marked true when {@code tenant} is the slot the frame's NIC MARK named: the processor
   *     takes it as the frame's tenant, as {@link #tenantOf} did; false when {@link #tenantOf}
   *     classified the frame (the processor decides again by itself)
   */
  void process(long address, int length, int tenant, boolean marked);

  /** End of one tenant's group: send the transmit burst, run local deliveries. */
  void flush();

  /**
   * Runs one tenant's timers (retransmissions, delayed ACKs, keepalives); the lane measures the
   * call and charges it to that tenant as slow-path cycles, then flushes when timers fired. With
   * {@link #NO_TENANT}: housekeeping of no tenant (e.g. neighbour caches), charged to nobody.
   *
   * @return timers that fired
   */
  default int pollTimers(final int tenant) {
    return 0;
  }

  /**
   * A message from the slow path (e.g. a connection it set up), processed on the lane.
   *
   * @return the tenant to charge the work to, or {@link #NO_TENANT}.
   */
  default int onSlowPathMessage(
      final int msgTypeId, final DirectBuffer buffer, final int offset, final int length) {
    return NO_TENANT;
  }
}
