package io.vstack.fastpath;

import io.vstack.overlay.DecapDrop;
import io.vstack.overlay.EncapDrop;
import io.vstack.overlay.OverlayCounters;
import io.vstack.tenant.TenantDrop;

/**
 * What the fused fast path did: per tenant slot, inner packets and bytes received (handed to the
 * tenant) and sent (to the overlay or to a local tenant); and every drop by reason. Plain fields
 * written by the fast path's thread; another thread reading them sees slightly stale values.
 */
public final class FastPathCounters {
  private final long[] rxPackets;
  private final long[] rxBytes;
  private final long[] txPackets;
  private final long[] txBytes;
  private final long[] decap = new long[DecapDrop.count()];
  private final long[] rxTenant = new long[TenantDrop.count()];
  private final long[] txTenant = new long[TenantDrop.count()];
  private final long[] encap = new long[EncapDrop.count()];
  private final long[] drops = new long[FastPathDrop.count()];
  private long marked;
  private long localDelivered;
  private long proxyArpAnswered;
  private long underlayArpAnswered;
  private long echoAnswered;

  FastPathCounters(final int tenants) {
    rxPackets = new long[tenants];
    rxBytes = new long[tenants];
    txPackets = new long[tenants];
    txBytes = new long[tenants];
  }

  void onRx(final int slot, final int bytes) {
    rxPackets[slot]++;
    rxBytes[slot] += bytes;
  }

  void onTx(final int slot, final int bytes) {
    txPackets[slot]++;
    txBytes[slot] += bytes;
  }

  void onDecap(final DecapDrop outcome) {
    decap[outcome.ordinal()]++;
  }

  void onRxTenant(final TenantDrop verdict) {
    rxTenant[verdict.ordinal()]++;
  }

  void onTxTenant(final TenantDrop verdict) {
    txTenant[verdict.ordinal()]++;
  }

  void onEncap(final EncapDrop outcome) {
    encap[outcome.ordinal()]++;
  }

  void onDrop(final FastPathDrop reason) {
    drops[reason.ordinal()]++;
  }

  void onDrop(final FastPathDrop reason, final int count) {
    drops[reason.ordinal()] += count;
  }

  void onMarked() {
    marked++;
  }

  void onLocalDelivered() {
    localDelivered++;
  }

  void onProxyArpAnswered() {
    proxyArpAnswered++;
  }

  void onUnderlayArpAnswered() {
    underlayArpAnswered++;
  }

  void onEchoAnswered() {
    echoAnswered++;
  }

  /** Inner packets handed to the tenant in {@code slot} (from the overlay or a local tenant). */
  public long rxPackets(final int slot) {
    return rxPackets[slot];
  }

  /** Inner frame bytes (inner Ethernet header included) handed to the tenant. */
  public long rxBytes(final int slot) {
    return rxBytes[slot];
  }

  /** Inner packets the tenant sent (to the overlay or to a local tenant). */
  public long txPackets(final int slot) {
    return txPackets[slot];
  }

  /** Inner frame bytes the tenant sent. */
  public long txBytes(final int slot) {
    return txBytes[slot];
  }

  /** Underlay frames by decapsulation outcome ({@link DecapDrop#PASS} included). */
  public long decap(final DecapDrop outcome) {
    return decap[outcome.ordinal()];
  }

  /** Received inner frames by tenant check outcome ({@link TenantDrop#PASS} included). */
  public long rxTenant(final TenantDrop verdict) {
    return rxTenant[verdict.ordinal()];
  }

  /**
   * Segments tenants sent that were refused: {@link TenantDrop#ISOLATED} (to a non-peer tenant),
   * {@link TenantDrop#SPOOFED_SOURCE_IP} (from an address the tenant does not own).
   */
  public long txTenant(final TenantDrop verdict) {
    return txTenant[verdict.ordinal()];
  }

  /**
   * Segments not encapsulated: {@link EncapDrop#NO_UNDERLAY_NEIGHBOR}, {@link EncapDrop#TOO_LONG}.
   */
  public long encap(final EncapDrop outcome) {
    return encap[outcome.ordinal()];
  }

  /** Drops for the fast path's own reasons. */
  public long drops(final FastPathDrop reason) {
    return drops[reason.ordinal()];
  }

  /** Frames whose tenant came from a NIC MARK instead of a VNI lookup. */
  public long marked() {
    return marked;
  }

  /** Frames delivered from one tenant to a tenant on this host, without the port. */
  public long localDelivered() {
    return localDelivered;
  }

  /** Tenant ARP requests for a local vIP answered by the stack. */
  public long proxyArpAnswered() {
    return proxyArpAnswered;
  }

  /** ARP requests for the underlay address answered. */
  public long underlayArpAnswered() {
    return underlayArpAnswered;
  }

  /** Inner ICMP echo requests to a tenant vIP answered. */
  public long echoAnswered() {
    return echoAnswered;
  }

  @Override
  public String toString() {
    final StringBuilder text = new StringBuilder();
    for (int slot = 0; slot < rxPackets.length; slot++) {
      text.append("tenant ")
          .append(slot)
          .append(": rx ")
          .append(rxPackets[slot])
          .append('/')
          .append(rxBytes[slot])
          .append(" B, tx ")
          .append(txPackets[slot])
          .append('/')
          .append(txBytes[slot])
          .append(" B; ");
    }
    OverlayCounters.append(text, "decap", DecapDrop.values(), decap);
    OverlayCounters.append(text, "rx tenant", TenantDrop.values(), rxTenant);
    OverlayCounters.append(text, "tx tenant", TenantDrop.values(), txTenant);
    OverlayCounters.append(text, "encap", EncapDrop.values(), encap);
    OverlayCounters.append(text, "drop", FastPathDrop.values(), drops);
    return text.append("marked=")
        .append(marked)
        .append(" local=")
        .append(localDelivered)
        .append(" proxyArp=")
        .append(proxyArpAnswered)
        .append(" underlayArp=")
        .append(underlayArpAnswered)
        .append(" echo=")
        .append(echoAnswered)
        .toString();
  }
}
