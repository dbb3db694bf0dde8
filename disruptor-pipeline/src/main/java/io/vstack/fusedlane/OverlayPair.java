package io.vstack.fusedlane;

import io.vstack.fastpath.FastPathContext;
import io.vstack.fastpath.FusedFastPath;
import io.vstack.overlay.OverlaySettings;
import io.vstack.overlay.VtepTable;
import io.vstack.port.Port;
import io.vstack.tenant.Tenant;
import io.vstack.tenant.TenantRegistry;
import io.vstack.tenant.VirtualInterface;
import io.vstack.wire.Ipv4Address;
import io.vstack.wire.OverlayProtocol;
import java.util.List;
import java.util.Set;
import org.agrona.concurrent.NanoClock;

/**
 * The smallest overlay of two hosts for tests, benchmarks and demos of the fused lanes: host a
 * (whose fast path runs in lanes, one {@link FusedFastPath} per lane) and host b (a peer), VXLAN
 * between underlay addresses {@link #UNDERLAY_A} and {@link #UNDERLAY_B}, and one tenant, blue (id
 * 1, VNI 100, slot {@link #BLUE}), with vIP {@link #VIP_A} on a and {@link #VIP_B} on b.
 *
 * <p>Registries, settings and VTEP tables are built once; every fast path made here shares them
 * (fast paths only read them).
 */
public final class OverlayPair {
  public static final int UNDERLAY_A = Ipv4Address.parse("192.0.2.1");
  public static final int UNDERLAY_B = Ipv4Address.parse("192.0.2.2");
  public static final long UNDERLAY_MAC_A = 0x0200_0000_0001L;
  public static final long UNDERLAY_MAC_B = 0x0200_0000_0002L;
  public static final int VIP_A = Ipv4Address.parse("10.0.0.1");
  public static final int VIP_B = Ipv4Address.parse("10.0.0.2");
  public static final long VMAC_A = 0x0200_0000_0A01L;
  public static final long VMAC_B = 0x0200_0000_0B01L;

  /** The tenant slot of blue on both hosts. */
  public static final int BLUE = 0;

  private final TenantRegistry registryA = registry(VMAC_A, VIP_A);
  private final TenantRegistry registryB = registry(VMAC_B, VIP_B);
  private final OverlaySettings settingsA =
      OverlaySettings.of(OverlayProtocol.VXLAN, UNDERLAY_A, UNDERLAY_MAC_A);
  private final OverlaySettings settingsB =
      OverlaySettings.of(OverlayProtocol.VXLAN, UNDERLAY_B, UNDERLAY_MAC_B);
  private final VtepTable vtepsA =
      VtepTable.of(registryA, UNDERLAY_A, List.of(new VtepTable.Remote(BLUE, VIP_B, UNDERLAY_B)));
  private final VtepTable vtepsB =
      VtepTable.of(registryB, UNDERLAY_B, List.of(new VtepTable.Remote(BLUE, VIP_A, UNDERLAY_A)));

  private static TenantRegistry registry(final long mac, final int vip) {
    return TenantRegistry.of(List.of(tenant(1, "blue", 100, mac, vip, Set.of())));
  }

  /**
   * A tenant with one virtual interface ({@code mac}, {@code vip}), weight 1, no cycle cap, the
   * peers (tenant ids) it may reach on the same host.
   */
  public static Tenant tenant(
      final int id,
      final String name,
      final int vni,
      final long mac,
      final int vip,
      final Set<Integer> peers) {
    return new Tenant(
        id,
        name,
        vni,
        List.of(new VirtualInterface(mac, List.of(vip), List.of())),
        1,
        Tenant.NO_CAP,
        peers);
  }

  /** A fast path of host a (one lane's) transmitting on {@code port}. */
  public FusedFastPath hostA(final Port port, final NanoClock clock) {
    return new FusedFastPath(
        new FastPathContext()
            .port(port)
            .registry(registryA)
            .vteps(vtepsA)
            .settings(settingsA)
            .clock(clock));
  }

  /** Host b's fast path on {@code port}. */
  public FusedFastPath hostB(final Port port, final NanoClock clock) {
    return new FusedFastPath(
        new FastPathContext()
            .port(port)
            .registry(registryB)
            .vteps(vtepsB)
            .settings(settingsB)
            .clock(clock));
  }

  /** The dispatcher's flow keys of frames arriving at host a. */
  public OverlayFlowKeys flowKeysA() {
    return new OverlayFlowKeys(registryA, settingsA);
  }
}
