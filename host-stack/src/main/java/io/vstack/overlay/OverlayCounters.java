package io.vstack.overlay;

import io.vstack.tenant.TenantDrop;

/**
 * What an {@link OverlayEndpoint} did with each frame, by reason. Single writer (the endpoint's
 * thread); readers see plain values that may lag a little.
 */
public final class OverlayCounters {
  private final long[] decap = new long[DecapDrop.count()];
  private final long[] rxTenant = new long[TenantDrop.count()];
  private final long[] txTenant = new long[TenantDrop.count()];
  private final long[] encap = new long[EncapDrop.count()];
  private long underlayTxRefused;

  void onDecap(final DecapDrop reason) {
    decap[reason.ordinal()]++;
  }

  void onRxTenant(final TenantDrop reason) {
    rxTenant[reason.ordinal()]++;
  }

  void onTxTenant(final TenantDrop reason) {
    txTenant[reason.ordinal()]++;
  }

  void onEncap(final EncapDrop reason) {
    encap[reason.ordinal()]++;
  }

  void onUnderlayTxRefused(final int frames) {
    underlayTxRefused += frames;
  }

  /** Encapsulated frames the underlay port did not take (its transmit queue was full). */
  public long underlayTxRefused() {
    return underlayTxRefused;
  }

  /** Underlay frames by decapsulation outcome ({@link DecapDrop#PASS}: decapsulated). */
  public long decap(final DecapDrop reason) {
    return decap[reason.ordinal()];
  }

  /** Decapsulated frames by tenant check outcome ({@link TenantDrop#PASS}: delivered). */
  public long rxTenant(final TenantDrop reason) {
    return rxTenant[reason.ordinal()];
  }

  /** Frames sent by local tenants, by anti-spoofing outcome. */
  public long txTenant(final TenantDrop reason) {
    return txTenant[reason.ordinal()];
  }

  /** Frames that passed the tenant check, by encapsulation outcome. */
  public long encap(final EncapDrop reason) {
    return encap[reason.ordinal()];
  }

  @Override
  public String toString() {
    final StringBuilder text = new StringBuilder();
    append(text, "decap", DecapDrop.values(), decap);
    append(text, "rx", TenantDrop.values(), rxTenant);
    append(text, "tx", TenantDrop.values(), txTenant);
    append(text, "encap", EncapDrop.values(), encap);
    if (underlayTxRefused != 0) {
      text.append("underlayTxRefused=").append(underlayTxRefused);
    }
    return text.toString().strip();
  }

  /**
   * Appends {@code what.REASON=count} for every non-zero count: the one text form of per-reason
   * counters, shared with the fused fast path's counters.
   */
  public static void append(
      final StringBuilder text, final String what, final Enum<?>[] reasons, final long[] counts) {
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] != 0) {
        text.append(what).append('.').append(reasons[i]).append('=').append(counts[i]).append(' ');
      }
    }
  }
}
