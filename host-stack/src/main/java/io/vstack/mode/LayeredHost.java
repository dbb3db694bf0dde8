package io.vstack.mode;

import io.vstack.host.HostAgent;
import io.vstack.host.HostContext;
import io.vstack.overlay.OverlayEndpoint;
import io.vstack.port.Port;
import io.vstack.stack.TcpStack;
import io.vstack.tcp.TcpConfig;
import io.vstack.tcp.TcpEngine;
import io.vstack.tcp.TcpHandler;
import org.agrona.concurrent.NanoClock;

/**
 * {@link StackMode#LAYERED}: the stages of a classic virtualized host, each handing frames to the
 * next through its own queue and copy.
 *
 * <pre>
 *   tenant TcpStack/HostAgent ─► vNIC ring ─► {@link SwitchStage} ─► OverlayPort ─► encap ─► port
 *   port ─► decap, checks ─► overlay inbound queue ─► SwitchStage ─► vNIC ring ─► tenant TcpStack
 * </pre>
 *
 * <p>Every tenant runs its own {@link TcpStack} on its own {@link HostAgent} (vIP, vMAC, ARP over
 * the overlay); the {@link OverlayEndpoint} does the tenant checks and the encapsulation. The
 * peer's underlay MAC is configured, not resolved.
 */
final class LayeredHost implements ModeHost {
  private final OverlayEndpoint overlay;
  private final SwitchStage vswitch;
  private final TcpStack[] stacks;

  LayeredHost(final Port port, final HostPlan plan, final TcpConfig tcp, final NanoClock clock) {
    this.overlay = new OverlayEndpoint(port, plan.overlay(), plan.registry(), plan.vteps(), clock);
    overlay.neighbor(plan.peerUnderlayIpv4(), plan.peerUnderlayMac());
    final int tenants = plan.tenants();
    final Port[] uplinks = new Port[tenants];
    final long[] macs = new long[tenants];
    for (int slot = 0; slot < tenants; slot++) {
      uplinks[slot] = overlay.tenantPort(slot);
      macs[slot] = plan.tenantMac(slot);
    }
    this.vswitch = new SwitchStage(uplinks, macs);
    this.stacks = new TcpStack[tenants];
    for (int slot = 0; slot < tenants; slot++) {
      final HostAgent host =
          new HostAgent(
              new HostContext()
                  .port(vswitch.vmPort(slot))
                  .mac(macs[slot])
                  .address(plan.tenantAddress(slot))
                  .clock(clock));
      stacks[slot] = new TcpStack(host, tcp, new TcpHandler() {}, clock);
    }
  }

  @Override
  public StackMode mode() {
    return StackMode.LAYERED;
  }

  @Override
  public TcpEngine engine(final int slot) {
    return stacks[slot].engine();
  }

  @Override
  public int address(final int slot) {
    return stacks[slot].host().address();
  }

  @Override
  public boolean resolve(final int slot, final int remote) {
    final boolean resolved = stacks[slot].host().resolve(remote);
    vswitch.forwardOutbound();
    return resolved;
  }

  /** The virtual switch stage, e.g. to read its counters. */
  SwitchStage vswitch() {
    return vswitch;
  }

  /** The overlay stage, e.g. to read its counters. */
  OverlayEndpoint overlay() {
    return overlay;
  }

  @Override
  public int doWork() {
    int work = vswitch.forwardInbound();
    for (final TcpStack stack : stacks) {
      work += stack.doWork();
    }
    return work + vswitch.forwardOutbound();
  }

  @Override
  public void flush() {
    for (final TcpStack stack : stacks) {
      stack.flush();
    }
    vswitch.forwardOutbound();
  }

  @Override
  public void close() {
    for (final TcpStack stack : stacks) {
      stack.onClose();
    }
    vswitch.close();
    overlay.close();
  }
}
