package io.vstack.mode;

import io.vstack.host.HostAgent;
import io.vstack.host.HostContext;
import io.vstack.port.Port;
import io.vstack.stack.TcpStack;
import io.vstack.tcp.TcpConfig;
import io.vstack.tcp.TcpEngine;
import io.vstack.tcp.TcpHandler;
import org.agrona.concurrent.NanoClock;

/**
 * {@link StackMode#UNVIRTUALIZED}: one {@link TcpStack} on a {@link HostAgent} straight on the
 * port, at the host's underlay address. Every tenant slot shares its one engine and address: no
 * overlay, no tenant checks.
 */
final class UnvirtualizedHost implements ModeHost {
  private final TcpStack stack;

  UnvirtualizedHost(
      final Port port, final HostPlan plan, final TcpConfig tcp, final NanoClock clock) {
    final HostAgent host =
        new HostAgent(
            new HostContext()
                .port(port)
                .mac(plan.underlayMac())
                .address(plan.underlayIpv4())
                .clock(clock));
    this.stack = new TcpStack(host, tcp, new TcpHandler() {}, clock);
  }

  @Override
  public StackMode mode() {
    return StackMode.UNVIRTUALIZED;
  }

  @Override
  public TcpEngine engine(final int slot) {
    return stack.engine();
  }

  @Override
  public int address(final int slot) {
    return stack.host().address();
  }

  @Override
  public boolean resolve(final int slot, final int remote) {
    return stack.host().resolve(remote);
  }

  @Override
  public int doWork() {
    return stack.doWork();
  }

  @Override
  public void flush() {
    stack.flush();
  }

  @Override
  public void close() {
    stack.onClose();
  }
}
