package io.vstack.isolation;

import io.vstack.fastpath.FusedFastPath;

/**
 * The fused fast path as a {@link TenantLane}'s per-frame work: tenant slots are the lane's tenant
 * ids. Classification is the tenant slot the frame's NIC MARK names (the lanes' {@link
 * io.vstack.lane.MarkSlots}: no parsing at all), else {@link FusedFastPath#tenantOf} (the outer
 * VNI); processing is {@link FusedFastPath#onFrame} with the marked slot (so it skips its VNI
 * lookup too), the group's end {@link FusedFastPath#flush}.
 */
public final class FusedFrameProcessor implements TenantFrameProcessor {
  private final FusedFastPath fused;

  /**
   * How often {@link FusedFastPath#pollTimers} ages the neighbour caches (it does so every 50 ms).
   */
  static final long HOUSEKEEPING_NANOS = 50_000_000L;

  private long nextHousekeeping;

  public FusedFrameProcessor(final FusedFastPath fused) {
    this.fused = fused;
  }

  @Override
  public int tenantOf(final long address, final int length, final int markedSlot) {
    // A slot of no tenant here (a wrong MARK mapping) is ignored: the VNI decides.
    if (markedSlot >= 0 && markedSlot < fused.tenants()) {
      return markedSlot;
    }
    return fused.tenantOf(address, length);
  }

  @Override
  public void process(
      final long address, final int length, final int tenant, final boolean marked) {
    // A tenant found from the VNI is not a MARK: onFrame looks the VNI up again (and counts no
    // mark), so its own counters stay true.
    fused.onFrame(address, length, marked ? tenant : FusedFastPath.NO_TENANT);
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
