package io.vstack.fastpath;

import static org.assertj.core.api.Assertions.assertThat;

import io.vstack.overlay.OverlaySettings;
import io.vstack.overlay.VtepTable;
import io.vstack.port.MemoryPort;
import io.vstack.port.Port;
import io.vstack.stack.StreamPump;
import io.vstack.tcp.TcpConfig;
import io.vstack.tcp.TcpState;
import io.vstack.tenant.Tenant;
import io.vstack.tenant.TenantRegistry;
import io.vstack.tenant.VirtualInterface;
import io.vstack.wire.Ipv4Address;
import io.vstack.wire.OverlayProtocol;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;
import org.agrona.concurrent.CachedNanoClock;

/**
 * Two {@link FusedFastPath} hosts, a and b, on the two ends of a {@link MemoryPort} wire, driven on
 * one thread with one injected clock. Each host has the tenants blue (id 1, VNI 100) and red (id 2,
 * VNI 200) with the SAME vIPs: 10.0.0.1 on host a, 10.0.0.2 on host b, 10.0.0.3 as a second address
 * of blue on a; green (id 3, VNI 300, 10.0.1.1 on a) is blue's peer, gray (id 4, VNI 400, 10.0.2.1
 * on a) is nobody's.
 */
final class FusedPair implements AutoCloseable {
  static final int UNDERLAY_A = Ipv4Address.parse("192.0.2.1");
  static final int UNDERLAY_B = Ipv4Address.parse("192.0.2.2");
  static final long UNDERLAY_MAC_A = 0x0200_0000_0001L;
  static final long UNDERLAY_MAC_B = 0x0200_0000_0002L;
  static final int VIP_A = Ipv4Address.parse("10.0.0.1");
  static final int VIP_B = Ipv4Address.parse("10.0.0.2");
  static final int VIP_A2 = Ipv4Address.parse("10.0.0.3");
  static final int VIP_GREEN = Ipv4Address.parse("10.0.1.1");
  static final int VIP_GRAY = Ipv4Address.parse("10.0.2.1");
  static final int BLUE = 0;
  static final int RED = 1;
  static final int GREEN = 2;
  static final int GRAY = 3;
  static final long TICK_NANOS = 20_000;

  final CachedNanoClock clock = new CachedNanoClock();
  final MemoryPort.Pair wire = MemoryPort.pair("a", "b");
  final TenantRegistry registryA;
  final TenantRegistry registryB;
  final FusedFastPath a;
  final FusedFastPath b;

  FusedPair() {
    this(OverlayProtocol.VXLAN, new TcpConfig());
  }

  FusedPair(final OverlayProtocol protocol, final TcpConfig config) {
    this(protocol, config, UnaryOperator.identity());
  }

  /**
   * @param portOfA wraps host a's end of the wire (e.g. to attach NIC marks)
   */
  FusedPair(
      final OverlayProtocol protocol, final TcpConfig config, final UnaryOperator<Port> portOfA) {
    registryA =
        TenantRegistry.of(
            List.of(
                tenant(1, "blue", 100, Set.of(3), vif(0x0200_0000_0A01L, VIP_A, VIP_A2)),
                tenant(2, "red", 200, Set.of(), vif(0x0200_0000_0A02L, VIP_A)),
                tenant(3, "green", 300, Set.of(1), vif(0x0200_0000_0A03L, VIP_GREEN)),
                tenant(4, "gray", 400, Set.of(), vif(0x0200_0000_0A04L, VIP_GRAY))));
    registryB =
        TenantRegistry.of(
            List.of(
                tenant(1, "blue", 100, Set.of(), vif(0x0200_0000_0B01L, VIP_B)),
                tenant(2, "red", 200, Set.of(), vif(0x0200_0000_0B02L, VIP_B))));
    a =
        host(
            portOfA.apply(wire.a()),
            OverlaySettings.of(protocol, UNDERLAY_A, UNDERLAY_MAC_A),
            registryA,
            List.of(
                new VtepTable.Remote(BLUE, VIP_B, UNDERLAY_B),
                new VtepTable.Remote(RED, VIP_B, UNDERLAY_B)),
            config);
    b =
        host(
            wire.b(),
            OverlaySettings.of(protocol, UNDERLAY_B, UNDERLAY_MAC_B),
            registryB,
            List.of(
                new VtepTable.Remote(BLUE, VIP_A, UNDERLAY_A),
                new VtepTable.Remote(BLUE, VIP_A2, UNDERLAY_A),
                new VtepTable.Remote(RED, VIP_A, UNDERLAY_A)),
            config);
  }

  private FusedFastPath host(
      final Port port,
      final OverlaySettings settings,
      final TenantRegistry registry,
      final List<VtepTable.Remote> remotes,
      final TcpConfig config) {
    return new FusedFastPath(
        new FastPathContext()
            .port(port)
            .settings(settings)
            .registry(registry)
            .vteps(VtepTable.of(registry, settings.underlayIpv4(), remotes))
            .tcpConfig(config)
            .clock(clock));
  }

  static Tenant tenant(
      final int id,
      final String name,
      final int vni,
      final Set<Integer> peers,
      final VirtualInterface vif) {
    return new Tenant(id, name, vni, List.of(vif), 1, Tenant.NO_CAP, peers);
  }

  static VirtualInterface vif(final long mac, final Integer... addresses) {
    return new VirtualInterface(mac, List.of(addresses), List.of());
  }

  /** One duty cycle of both hosts. */
  void tick() {
    clock.advance(TICK_NANOS);
    a.doWork();
    b.doWork();
  }

  /** Ticks until {@code done}, failing after {@code maxTicks}. */
  void run(final BooleanSupplier done, final int maxTicks) {
    run(done, maxTicks, TICK_NANOS);
  }

  /** Ticks of {@code tickNanos} until {@code done}, failing after {@code maxTicks}. */
  void run(final BooleanSupplier done, final int maxTicks, final long tickNanos) {
    for (int i = 0; i < maxTicks; i++) {
      clock.advance(tickNanos - TICK_NANOS);
      tick();
      if (done.getAsBoolean()) {
        return;
      }
    }
    throw new AssertionError(
        "not done after " + maxTicks + " ticks\n a: " + a.counters() + "\n b: " + b.counters());
  }

  /**
   * Opens a connection from {@code client}'s tenant to a listener of {@code server}'s tenant and
   * returns one pump per end that sends {@code bytes} of seeded random data.
   */
  StreamPump[] connect(
      final FusedFastPath client,
      final int clientSlot,
      final int clientVip,
      final FusedFastPath server,
      final int serverSlot,
      final int serverVip,
      final int port,
      final long bytes,
      final long seed) {
    final int listener = server.engine(serverSlot).listen(serverVip, port, 4);
    final int id =
        client
            .engine(clientSlot)
            .connect(clientVip, 40_000 + port, serverVip, port, clock.nanoTime());
    assertThat(id).as("connect").isNotNegative();
    final int[] accepted = {-1};
    run(() -> (accepted[0] = server.engine(serverSlot).accept(listener)) >= 0, 1_000_000);
    run(() -> client.engine(clientSlot).state(id) == TcpState.ESTABLISHED, 100_000);
    return new StreamPump[] {
      new StreamPump(client.engine(clientSlot), id, bytes, seed, false),
      new StreamPump(server.engine(serverSlot), accepted[0], bytes, seed + 1, false)
    };
  }

  /** One tick with every pump stepped; true when all are done. */
  boolean pump(final StreamPump... pumps) {
    tick();
    final long now = clock.nanoTime();
    boolean done = true;
    for (final StreamPump pump : pumps) {
      done &= pump.step(now);
    }
    a.flush();
    b.flush();
    return done;
  }

  static void assertIntact(final StreamPump[] pumps, final long bytes) {
    assertThat(pumps[0].received()).isEqualTo(bytes);
    assertThat(pumps[1].received()).isEqualTo(bytes);
    assertThat(pumps[0].receivedSha256()).isEqualTo(pumps[1].sentSha256());
    assertThat(pumps[1].receivedSha256()).isEqualTo(pumps[0].sentSha256());
  }

  @Override
  public void close() {
    a.close();
    b.close();
    wire.close();
  }
}
