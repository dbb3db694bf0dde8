package io.vstack.bench;

import io.vstack.fastpath.FastPathContext;
import io.vstack.fastpath.FusedFastPath;
import io.vstack.host.HostAgent;
import io.vstack.host.HostContext;
import io.vstack.overlay.OverlayEndpoint;
import io.vstack.overlay.OverlaySettings;
import io.vstack.overlay.VtepTable;
import io.vstack.port.MemoryPort;
import io.vstack.port.Port;
import io.vstack.stack.TcpStack;
import io.vstack.tcp.TcpConfig;
import io.vstack.tcp.TcpEngine;
import io.vstack.tcp.TcpHandler;
import io.vstack.tcp.TcpState;
import io.vstack.tenant.Tenant;
import io.vstack.tenant.TenantRegistry;
import io.vstack.tenant.VirtualInterface;
import io.vstack.wire.Ipv4Address;
import io.vstack.wire.OverlayProtocol;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Tenant TCP through a VXLAN overlay between two hosts on an in-memory wire, one thread driving
 * both: the fused fast path ({@code fused}: one pass from the port's frame to the connection and
 * back) against the layered design it replaces ({@code layered}, the baseline in the same run:
 * {@link OverlayEndpoint} decapsulates into per-tenant queues, a {@link HostAgent} per tenant
 * parses the inner frame, {@link TcpStack} runs TCP; transmit copies the inner frame into the
 * underlay burst). One operation moves 1 MiB from host a's tenant to host b's tenant over an
 * established connection (both directions' duty cycles, ACKs included). MB/s = 1.048576 / (ms/op).
 */
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class OverlayTcpBenchmark extends BenchmarkDefaults {
  private static final int OP_BYTES = 1 << 20;
  private static final int CHUNK = 64 * 1024;
  private static final int VIP_A = Ipv4Address.parse("10.0.0.1");
  private static final int VIP_B = Ipv4Address.parse("10.0.0.2");
  private static final int UNDERLAY_A = Ipv4Address.parse("192.0.2.1");
  private static final int UNDERLAY_B = Ipv4Address.parse("192.0.2.2");

  /** One host's tenant TCP, whichever design carries it. */
  interface Host {
    int doWork();

    void flush();

    TcpEngine engine();

    void close();
  }

  /** Two hosts with one connection a → b. */
  @State(Scope.Thread)
  public static class Pair {
    @Param({"fused", "layered"})
    public String design;

    final NanoClock clock = SystemNanoClock.INSTANCE;
    final UnsafeBuffer out = new UnsafeBuffer(new byte[CHUNK]);
    final UnsafeBuffer in = new UnsafeBuffer(new byte[CHUNK]);
    MemoryPort.Pair wire;
    Host a;
    Host b;
    int sender;
    int receiver;

    @Setup(Level.Trial)
    public void setUp() {
      wire = MemoryPort.pair("a", "b");
      a =
          host(
              wire.a(), UNDERLAY_A, 0x0200_0000_0001L, VIP_A, 0x0200_0000_0A01L, UNDERLAY_B, VIP_B);
      b =
          host(
              wire.b(), UNDERLAY_B, 0x0200_0000_0002L, VIP_B, 0x0200_0000_0B01L, UNDERLAY_A, VIP_A);
      final int listener = b.engine().listen(VIP_B, 80, 4);
      sender = a.engine().connect(VIP_A, 40_000, VIP_B, 80, clock.nanoTime());
      final long deadline = clock.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      receiver = -1;
      while (receiver < 0 || a.engine().state(sender) != TcpState.ESTABLISHED) {
        a.doWork();
        b.doWork();
        if (receiver < 0) {
          receiver = b.engine().accept(listener);
        }
        if (clock.nanoTime() - deadline > 0) {
          throw new IllegalStateException(design + ": no connection within 30 s");
        }
      }
    }

    private Host host(
        final Port port,
        final int underlay,
        final long underlayMac,
        final int vip,
        final long vmac,
        final int remoteUnderlay,
        final int remoteVip) {
      final TenantRegistry registry =
          TenantRegistry.of(
              List.of(
                  Tenant.of(
                      1,
                      "blue",
                      100,
                      List.of(new VirtualInterface(vmac, List.of(vip), List.of())))));
      final OverlaySettings settings =
          OverlaySettings.of(OverlayProtocol.VXLAN, underlay, underlayMac);
      final VtepTable vteps =
          VtepTable.of(
              registry, underlay, List.of(new VtepTable.Remote(0, remoteVip, remoteUnderlay)));
      // The MSS the fused path clamps to for a 1500-byte underlay, for both designs.
      final TcpConfig config = new TcpConfig().mss(1410);
      return "fused".equals(design)
          ? fused(port, registry, settings, vteps, config)
          : layered(port, registry, settings, vteps, config, vip, vmac);
    }

    private Host fused(
        final Port port,
        final TenantRegistry registry,
        final OverlaySettings settings,
        final VtepTable vteps,
        final TcpConfig config) {
      final FusedFastPath fastPath =
          new FusedFastPath(
              new FastPathContext()
                  .port(port)
                  .registry(registry)
                  .settings(settings)
                  .vteps(vteps)
                  .tcpConfig(config)
                  .clock(clock));
      return new Host() {
        @Override
        public int doWork() {
          return fastPath.doWork();
        }

        @Override
        public void flush() {
          fastPath.flush();
        }

        @Override
        public TcpEngine engine() {
          return fastPath.engine(0);
        }

        @Override
        public void close() {
          fastPath.close();
        }
      };
    }

    private Host layered(
        final Port port,
        final TenantRegistry registry,
        final OverlaySettings settings,
        final VtepTable vteps,
        final TcpConfig config,
        final int vip,
        final long vmac) {
      final OverlayEndpoint endpoint = new OverlayEndpoint(port, settings, registry, vteps, clock);
      final HostAgent underlayHost =
          new HostAgent(
              new HostContext()
                  .port(endpoint.underlayHostPort())
                  .mac(settings.underlayMac())
                  .address(settings.underlayIpv4())
                  .clock(clock));
      endpoint.underlayResolver(underlayHost::resolve);
      final HostAgent tenantHost =
          new HostAgent(
              new HostContext().port(endpoint.tenantPort(0)).mac(vmac).address(vip).clock(clock));
      final TcpStack stack = new TcpStack(tenantHost, config, new TcpHandler() {}, clock);
      return new Host() {
        @Override
        public int doWork() {
          return underlayHost.doWork() + stack.doWork();
        }

        @Override
        public void flush() {
          stack.flush();
        }

        @Override
        public TcpEngine engine() {
          return stack.engine();
        }

        @Override
        public void close() {
          stack.onClose();
          underlayHost.onClose();
          endpoint.close();
        }
      };
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      a.close();
      b.close();
      wire.close();
    }
  }

  /** Moves 1 MiB a → b with the fused fast path, or the layered baseline (see {@code design}). */
  @Benchmark
  public long transferOneMebibyte(final Pair pair) {
    final TcpEngine sender = pair.a.engine();
    final TcpEngine receiver = pair.b.engine();
    long received = 0;
    while (received < OP_BYTES) {
      final long now = pair.clock.nanoTime();
      while (sender.write(pair.sender, pair.out, 0, CHUNK, now) > 0) {
        // fill the send buffer
      }
      pair.a.flush();
      pair.b.doWork();
      for (int n; (n = receiver.read(pair.receiver, pair.in, 0, CHUNK, now)) > 0; ) {
        received += n;
      }
      pair.b.flush();
      pair.a.doWork();
    }
    return received;
  }
}
