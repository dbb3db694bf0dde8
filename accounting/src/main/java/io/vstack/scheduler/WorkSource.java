package io.vstack.scheduler;

/**
 * The lane's per-tenant work queues as the scheduler sees them. Called on the lane thread, once or
 * more per decision: must be cheap and allocation-free.
 */
public interface WorkSource {
  /** True when the tenant has rx or tx work waiting. */
  boolean hasWork(int tenantId);

  /**
   * Arrival stamp (any monotonic sequence or time) of the tenant's oldest waiting item; used by
   * {@link FifoScheduler} only. Undefined when {@link #hasWork} is false.
   */
  long headArrival(int tenantId);
}
