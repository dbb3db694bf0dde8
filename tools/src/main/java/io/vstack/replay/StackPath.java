package io.vstack.replay;

import java.util.List;

/**
 * The software stack a trace is fed through by {@link ThroughStack}: the per-frame entry points of
 * the fused fast path ({@code io.vstack.fastpath.FusedFastPath}), behind an interface so the
 * driver, the accounting and the reports do not depend on which implementation runs.
 *
 * <p>Single-threaded; {@link #tenantOf} and {@link #onFrame} must not allocate. Tenant slots are
 * those of the configuration's {@link io.vstack.tenant.TenantRegistry}.
 */
public interface StackPath extends AutoCloseable {
  /** No tenant: a frame charged to nobody, or no mark to pass. */
  int NO_TENANT = -1;

  /** What runs, for the report (e.g. "fused fast path"). */
  String name();

  /**
   * Cheap classification for grouping: the tenant slot of the frame's outer VNI, or {@link
   * #NO_TENANT}; no other checks.
   */
  int tenantOf(long address, int length);

  /**
   * Processes one underlay frame completely.
   *
   * @param markedSlot the tenant slot a NIC MARK named (skips the VNI lookup), or {@link
   *     #NO_TENANT}
   * @return the tenant slot charged, or {@link #NO_TENANT}
   */
  int onFrame(long address, int length, int markedSlot);

  /** End of a batch: sends what the frames queued, runs local deliveries. */
  void flush();

  /** Names of the drop reasons, lower case with underscores; index = reason of {@link #drops}. */
  List<String> dropReasons();

  /**
   * Frames (or segments) dropped so far for {@code reason}, over all tenants: the driver reads the
   * change around each tenant group to charge drops to tenants. Must not allocate.
   */
  long drops(int reason);

  /** Inner packets handed to the tenant in {@code slot} so far. */
  long delivered(int slot);

  @Override
  void close();
}
