package io.vstack.mode;

import io.vstack.fastpath.FastPathContext;
import io.vstack.fastpath.FusedFastPath;
import io.vstack.port.Port;
import io.vstack.tcp.TcpConfig;
import io.vstack.tcp.TcpEngine;
import org.agrona.concurrent.NanoClock;

/**
 * {@link StackMode#FUSED}: the {@link FusedFastPath} on the port, one pass per packet from the
 * underlay to the tenant's TCP engine and back. The peer's underlay MAC and its tenants' vMACs are
 * configured, not resolved.
 */
final class FusedHost implements ModeHost {
  private final FusedFastPath fastPath;
  private final HostPlan plan;

  FusedHost(final Port port, final HostPlan plan, final TcpConfig tcp, final NanoClock clock) {
    this.plan = plan;
    this.fastPath =
        new FusedFastPath(
            new FastPathContext()
                .port(port)
                .settings(plan.overlay())
                .registry(plan.registry())
                .vteps(plan.vteps())
                .tcpConfig(tcp)
                .clock(clock));
    fastPath.underlayNeighbor(plan.peerUnderlayIpv4(), plan.peerUnderlayMac());
  }

  @Override
  public StackMode mode() {
    return StackMode.FUSED;
  }

  @Override
  public TcpEngine engine(final int slot) {
    return fastPath.engine(slot);
  }

  @Override
  public int address(final int slot) {
    return plan.tenantAddress(slot);
  }

  /** Configures the peer tenant's vMAC for {@code remote} (the plan knows it). */
  @Override
  public boolean resolve(final int slot, final int remote) {
    fastPath.innerNeighbor(slot, remote, plan.peerTenantMac(slot));
    return true;
  }

  /** The fast path, e.g. to read its counters. */
  FusedFastPath fastPath() {
    return fastPath;
  }

  @Override
  public int doWork() {
    return fastPath.doWork();
  }

  @Override
  public void flush() {
    fastPath.flush();
  }

  @Override
  public void close() {
    fastPath.close();
  }
}
