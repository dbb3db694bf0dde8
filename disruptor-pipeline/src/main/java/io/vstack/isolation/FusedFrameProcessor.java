package io.vstack.isolation;

import io.vstack.fastpath.FusedFastPath;

/**
 * The fused fast path as a {@link TenantLane}'s per-frame work: tenant slots are the lane's tenant
 * ids. Classification is {@link FusedFastPath#tenantOf} (the outer VNI), or the NIC MARK the
 * dispatcher passes when the port pre-classifies ({@code trustMark}); processing is {@link
 * FusedFastPath#onFrame}, the group's end {@link FusedFastPath#flush}.
 */
public final class FusedFrameProcessor implements TenantFrameProcessor {
  private final FusedFastPath fused;

  /**
   * How often {@link FusedFastPath#pollTimers} ages the neighbour caches (it does so every 50 ms).
   */
  static final long HOUSEKEEPING_NANOS = 50_000_000L;

  private final boolean trustMark;
  private long nextHousekeeping;

  /**
   * @param trustMark true when the lane's tenant argument is a NIC MARK (a tenant slot); false when
   *     it is not (software RSS), so the VNI decides
   */
  public FusedFrameProcessor(final FusedFastPath fused, final boolean trustMark) {
    this.fused = fused;
    this.trustMark = trustMark;
  }

  @Override
  public int tenantOf(final long address, final int length, final int marked) {
    if (trustMark && marked >= 0 && marked < fused.tenants()) {
      return marked;
    }
    return fused.tenantOf(address, length);
  }

  @Override
  public void process(final long address, final int length, final int tenant) {
    // A tenant found from the VNI is not a MARK: onFrame looks the VNI up again (and counts no
    // mark), so its own counters stay true.
    fused.onFrame(address, length, trustMark ? tenant : FusedFastPath.NO_TENANT);
  }

  @Override
  public void flush() {
    fused.flush();
  }

  @Override
  public int pollTimers(final int tenant) {
    final long now = fused.now();
    if (tenant >= 0) {
      return fused.engine(tenant).poll(now);
    }
    if (now - nextHousekeeping < 0) {
      return 0;
    }
    // Ages the neighbour caches; the engines it polls again have just run their timers.
    nextHousekeeping = now + HOUSEKEEPING_NANOS;
    return fused.pollTimers(now);
  }
}
