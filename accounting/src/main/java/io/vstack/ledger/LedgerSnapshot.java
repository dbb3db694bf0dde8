package io.vstack.ledger;

import java.util.List;

/**
 * Everything a counters file says at one moment.
 *
 * @param status whether the writer is alive
 * @param pid the writer's process id
 * @param startEpochMs when the writer created the file
 * @param heartbeatEpochMs the writer's last publish
 * @param readEpochMs when this snapshot was read
 * @param cyclesPerSecond the writer's meter calibration
 * @param meterOverheadCycles the writer's measured meter overhead
 * @param calibrationSource where the calibration came from
 * @param tenants tenants in ascending id order
 */
public record LedgerSnapshot(
    LedgerStatus status,
    long pid,
    long startEpochMs,
    long heartbeatEpochMs,
    long readEpochMs,
    long cyclesPerSecond,
    long meterOverheadCycles,
    String calibrationSource,
    List<TenantSnapshot> tenants) {

  /** Cycles of all tenants together. */
  public long totalCycles() {
    long total = 0;
    for (final TenantSnapshot tenant : tenants) {
      total += tenant.totalCycles();
    }
    return total;
  }

  /** The tenant with this id, or null. */
  public TenantSnapshot tenant(final int tenantId) {
    for (final TenantSnapshot tenant : tenants) {
      if (tenant.tenantId() == tenantId) {
        return tenant;
      }
    }
    return null;
  }
}
