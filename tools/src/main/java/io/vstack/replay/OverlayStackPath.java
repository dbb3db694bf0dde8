package io.vstack.replay;

import io.vstack.config.HostConfig;
import io.vstack.overlay.DecapDrop;
import io.vstack.overlay.Decapsulator;
import io.vstack.overlay.OverlayCounters;
import io.vstack.overlay.OverlayEndpoint;
import io.vstack.overlay.VtepTable;
import io.vstack.port.FrameBatch;
import io.vstack.port.MemoryPort;
import io.vstack.port.Port;
import io.vstack.tenant.TenantDrop;
import io.vstack.tenant.TenantRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.agrona.concurrent.SystemNanoClock;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The receive path that exists before the fused fast path: an {@link OverlayEndpoint}
 * (decapsulation, VNI to tenant, inbound anti-spoofing) on an in-memory underlay. Each frame is
 * handed over through a {@link MemoryPort} (one copy) and its outcome read back from the endpoint's
 * {@link OverlayCounters}; delivered frames are drained from the tenants' ports and discarded (no
 * TCP runs here).
 *
 * <p>Drop reasons: every {@link DecapDrop} but PASS ({@code not_overlay}: handed to the underlay
 * host, e.g. ARP), every {@link TenantDrop} but PASS, and {@code too_long} (longer than the 65535
 * bytes the in-memory underlay carries).
 */
public final class OverlayStackPath implements StackPath {
  /** Largest frame the in-memory underlay carries. */
  public static final int MAX_FRAME_LENGTH = 65_535;

  private static final int DECAP_REASONS = DecapDrop.count();
  private static final int TOO_LONG = DECAP_REASONS + TenantDrop.count();

  private final TenantRegistry registry;
  private final MemoryPort.Pair wire;
  private final OverlayEndpoint endpoint;
  private final OverlayCounters counters;
  private final Decapsulator classifier;
  private final UnsafeBuffer view = new UnsafeBuffer(0, 0);
  private final FrameBatch handover = new FrameBatch(1, 64);
  private final FrameBatch drain = new FrameBatch(FrameBatch.DEFAULT_CAPACITY, MAX_FRAME_LENGTH);
  private final long[] seenDecap = new long[DecapDrop.count()];
  private final long[] seenTenant = new long[TenantDrop.count()];
  // [slot + 1][reason]: row 0 is NO_TENANT.
  private final long[][] drops;
  private final List<String> reasons = new ArrayList<>();

  /** An endpoint for {@code host}'s underlay serving {@code registry}'s tenants. */
  public OverlayStackPath(
      final HostConfig host, final TenantRegistry registry, final VtepTable vteps) {
    this.registry = registry;
    this.wire = MemoryPort.pair("replay-feed", "replay-underlay", 64, MAX_FRAME_LENGTH);
    this.endpoint =
        new OverlayEndpoint(
            wire.b(), host.overlaySettings(), registry, vteps, SystemNanoClock.INSTANCE);
    this.counters = endpoint.counters();
    this.classifier = new Decapsulator(host.overlaySettings());
    for (final DecapDrop reason : DecapDrop.values()) {
      reasons.add(name(reason));
    }
    for (final TenantDrop reason : TenantDrop.values()) {
      reasons.add(name(reason));
    }
    reasons.add("too_long");
    this.drops = new long[registry.size() + 1][reasons.size()];
  }

  private static String name(final Enum<?> reason) {
    return reason.name().toLowerCase(Locale.ROOT);
  }

  @Override
  public String name() {
    return "overlay endpoint (decap, tenant lookup, anti-spoofing; pre-fused path)";
  }

  @Override
  public int tenantOf(final long address, final int length) {
    view.wrap(address, length);
    return classifier.decapsulate(view, 0, length) == DecapDrop.PASS
        ? slotOrNone(registry.slotOfVni(classifier.vni()))
        : NO_TENANT;
  }

  private static int slotOrNone(final int slot) {
    return slot == TenantRegistry.NO_SLOT ? NO_TENANT : slot;
  }

  @Override
  public int onFrame(final long address, final int length, final int markedSlot) {
    if (length > MAX_FRAME_LENGTH) {
      drops[0][TOO_LONG]++;
      return NO_TENANT;
    }
    handover.clear();
    handover.addExternal(address, length);
    wire.a().transmit(handover);
    endpoint.poll();
    final int decap = changed(seenDecap, true);
    if (decap != DecapDrop.PASS.ordinal()) {
      drops[0][decap]++;
      return NO_TENANT;
    }
    final int slot = tenantOf(address, length);
    final int verdict = changed(seenTenant, false);
    if (verdict != TenantDrop.PASS.ordinal()) {
      drops[slot + 1][DECAP_REASONS + verdict]++;
    }
    return slot;
  }

  /** The reason whose counter moved since the last frame (exactly one moves per frame). */
  private int changed(final long[] seen, final boolean decap) {
    for (int r = 0; r < seen.length; r++) {
      final long now =
          decap ? counters.decap(DecapDrop.of(r)) : counters.rxTenant(TenantDrop.of(r));
      if (now != seen[r]) {
        seen[r] = now;
        return r;
      }
    }
    throw new IllegalStateException("the overlay endpoint counted no outcome for a frame");
  }

  @Override
  public void flush() {
    for (int slot = 0; slot < registry.size(); slot++) {
      discard(endpoint.tenantPort(slot));
    }
    discard(endpoint.underlayHostPort());
  }

  private void discard(final Port port) {
    do {
      drain.clear();
    } while (port.receive(drain) > 0);
  }

  @Override
  public List<String> dropReasons() {
    return reasons;
  }

  @Override
  public long drops(final int slot, final int reason) {
    return drops[slot + 1][reason];
  }

  @Override
  public void close() {
    endpoint.close();
    wire.close();
    handover.close();
    drain.close();
  }
}
