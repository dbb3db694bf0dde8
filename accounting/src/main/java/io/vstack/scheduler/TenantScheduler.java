package io.vstack.scheduler;

/**
 * Decides which tenant's work the lane runs next. Shaped for a lane's duty cycle:
 *
 * <pre>{@code
 * int tenant = scheduler.nextTenant();
 * if (tenant != TenantScheduler.NO_TENANT) {
 *   long start = meter.start();
 *   ... run a batch of that tenant's queued work ...
 *   scheduler.onWorkDone(tenant, meter.elapsed(start));
 * }
 * // received packets are processed inline, never refused, and charged:
 * scheduler.charge(tenant, rxCycles);
 * }</pre>
 *
 * <p>{@link #nextTenant}, {@link #onWorkDone} and {@link #charge} belong to the lane thread and
 * never allocate. {@link #addTenant}, {@link #removeTenant}, {@link #setWeight} and {@link #setCap}
 * may be called from any thread: they are queued and take effect at the lane's next {@link
 * #nextTenant}.
 */
public interface TenantScheduler {
  /** Returned by {@link #nextTenant} when no tenant may run now. */
  int NO_TENANT = -1;

  /** The tenant to serve next, or {@link #NO_TENANT}. */
  int nextTenant();

  /** The lane ran {@code cycles} of scheduled work for {@code tenantId}. */
  void onWorkDone(int tenantId, long cycles);

  /**
   * Charges unscheduled work (received packets, slow-path work) to a tenant: never refused, it
   * delays the tenant's later turns.
   */
  void charge(int tenantId, long cycles);

  /**
   * Adds a tenant (ids are non-negative).
   *
   * @param weight relative share, at least 1
   * @param capCyclesPerSecond hard cap, or 0 for none
   */
  void addTenant(int tenantId, int weight, long capCyclesPerSecond);

  void removeTenant(int tenantId);

  void setWeight(int tenantId, int weight);

  /** Sets the hard cap in cycles per second, 0 to remove it. */
  void setCap(int tenantId, long capCyclesPerSecond);

  /** Total cycles charged to a tenant since it was added (lane thread; for stats and tests). */
  long chargedCycles(int tenantId);

  /** Number of tenants after the commands applied so far (lane thread). */
  int tenantCount();
}
