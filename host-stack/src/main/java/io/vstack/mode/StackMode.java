package io.vstack.mode;

import io.vstack.port.Port;
import io.vstack.tcp.TcpConfig;
import org.agrona.concurrent.NanoClock;

/** How one host's stack is assembled from the shared components. */
public enum StackMode {
  /** Decap, tenant checks and TCP in one pass per packet on the underlay port (the default). */
  FUSED,
  /**
   * A classic virtualized host: per-tenant TCP on its own virtual NIC, then a virtual switch stage,
   * then an overlay stage, each handing packets over through its own queue and copy.
   */
  LAYERED,
  /** TCP straight on the port: no overlay, no tenant checks (the baseline). */
  UNVIRTUALIZED;

  /**
   * Builds one host of this mode on {@code port}.
   *
   * @param port the underlay port; the host drives it but does not close it
   * @param plan addresses and tenants of this host
   * @param tcp configuration of every TCP engine of the host
   */
  public ModeHost build(
      final Port port, final HostPlan plan, final TcpConfig tcp, final NanoClock clock) {
    return switch (this) {
      case FUSED -> new FusedHost(port, plan, tcp, clock);
      case LAYERED -> new LayeredHost(port, plan, tcp, clock);
      case UNVIRTUALIZED -> new UnvirtualizedHost(port, plan, tcp, clock);
    };
  }

  /** The lower-case name used on the command line and in JSON. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
