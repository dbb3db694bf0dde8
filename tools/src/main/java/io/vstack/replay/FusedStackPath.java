package io.vstack.replay;

import io.vstack.config.HostConfig;
import io.vstack.fastpath.FastPathContext;
import io.vstack.fastpath.FastPathCounters;
import io.vstack.fastpath.FastPathDrop;
import io.vstack.fastpath.FusedFastPath;
import io.vstack.overlay.DecapDrop;
import io.vstack.overlay.EncapDrop;
import io.vstack.overlay.VtepTable;
import io.vstack.port.DiscardPort;
import io.vstack.port.PortCounters;
import io.vstack.tcp.TcpConfig;
import io.vstack.tenant.TenantDrop;
import io.vstack.tenant.TenantRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToLongFunction;
import org.agrona.concurrent.SystemNanoClock;

/**
 * The fused fast path ({@link FusedFastPath}) on an in-memory underlay: the trace's frames are
 * handed to {@link FusedFastPath#onFrame} by address (no copy); what the stack sends (ACKs, RSTs,
 * ARP and echo replies) goes to a {@link DiscardPort}. Tenants run no application: every engine has
 * the default TCP configuration and no listener, so segments are answered as TCP answers segments
 * for closed ports.
 *
 * <p>Drop reasons, from {@link FastPathCounters}: every {@link DecapDrop} but PASS ({@code
 * not_overlay}: underlay traffic such as ARP or other UDP, handled by the host, not a tenant),
 * every receive {@link TenantDrop} but PASS, every {@link FastPathDrop}, transmit tenant checks and
 * encapsulation failures prefixed {@code tx_} and {@code encap_}, and {@code too_long} (over the
 * {@value #MAX_FRAME_LENGTH} bytes the in-memory underlay carries; not handed to the stack).
 */
public final class FusedStackPath implements StackPath {
  /** Largest frame the in-memory underlay carries. */
  public static final int MAX_FRAME_LENGTH = 65_535;

  private final FusedFastPath fastPath;
  private final FastPathCounters counters;
  private final DiscardPort underlay = new DiscardPort("replay-underlay", MAX_FRAME_LENGTH);
  private final List<String> names = new ArrayList<>();
  private final List<ToLongFunction<FastPathCounters>> readers = new ArrayList<>();
  private final int tooLongReason;
  private long tooLong;

  /** A fast path for {@code host}'s underlay serving {@code registry}'s tenants. */
  public FusedStackPath(
      final HostConfig host, final TenantRegistry registry, final VtepTable vteps) {
    this.fastPath =
        new FusedFastPath(
            new FastPathContext()
                .port(underlay)
                .settings(host.overlaySettings())
                .registry(registry)
                .vteps(vteps)
                .tcpConfig(new TcpConfig())
                .clock(SystemNanoClock.INSTANCE));
    this.counters = fastPath.counters();
    for (final DecapDrop reason : DecapDrop.values()) {
      if (reason != DecapDrop.PASS) {
        reason("", reason, c -> c.decap(reason));
      }
    }
    for (final TenantDrop reason : TenantDrop.values()) {
      if (reason != TenantDrop.PASS) {
        reason("", reason, c -> c.rxTenant(reason));
      }
    }
    for (final FastPathDrop reason : FastPathDrop.values()) {
      reason("", reason, c -> c.drops(reason));
    }
    for (final TenantDrop reason : TenantDrop.values()) {
      if (reason != TenantDrop.PASS) {
        reason("tx_", reason, c -> c.txTenant(reason));
      }
    }
    for (final EncapDrop reason : EncapDrop.values()) {
      if (reason != EncapDrop.PASS) {
        reason("encap_", reason, c -> c.encap(reason));
      }
    }
    this.tooLongReason = names.size();
    names.add("too_long");
  }

  private void reason(
      final String prefix, final Enum<?> reason, final ToLongFunction<FastPathCounters> reader) {
    names.add(prefix + reason.name().toLowerCase(Locale.ROOT));
    readers.add(reader);
  }

  @Override
  public String name() {
    return "fused fast path";
  }

  @Override
  public int tenantOf(final long address, final int length) {
    return fastPath.tenantOf(address, length);
  }

  @Override
  public int onFrame(final long address, final int length, final int markedSlot) {
    if (length > MAX_FRAME_LENGTH) {
      tooLong++;
      return NO_TENANT;
    }
    return fastPath.onFrame(address, length, markedSlot);
  }

  @Override
  public void flush() {
    fastPath.flush();
  }

  /** Frames the stack sent (to the discarding underlay). */
  public PortCounters sent() {
    return underlay.counters();
  }

  @Override
  public List<String> dropReasons() {
    return names;
  }

  @Override
  public long drops(final int reason) {
    return reason == tooLongReason ? tooLong : readers.get(reason).applyAsLong(counters);
  }

  @Override
  public long delivered(final int slot) {
    return counters.rxPackets(slot);
  }

  @Override
  public void close() {
    fastPath.close();
  }
}
