package io.vstack.overlay;

import static org.assertj.core.api.Assertions.assertThat;

import io.vstack.host.HostAgent;
import io.vstack.host.HostContext;
import io.vstack.netns.Commands;
import io.vstack.netns.NetworkNamespace;
import io.vstack.port.TapPort;
import io.vstack.tenant.Tenant;
import io.vstack.tenant.TenantRegistry;
import io.vstack.tenant.VirtualInterface;
import io.vstack.wire.Ipv4Address;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.CompositeAgent;
import org.agrona.concurrent.SystemNanoClock;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * A vstack overlay host on a TAP whose kernel side sits in a fresh namespace ("the underlay"): an
 * {@link OverlayEndpoint}, a host agent on the underlay address (answers the kernel's ARP) and one
 * host agent per tenant, all in one composite agent on one thread. Linux {@code vxlan} devices are
 * created in the underlay namespace, optionally moved into namespaces of their own so two of them
 * can use the same subnet. Everything is removed on close.
 */
public final class OverlayLab implements AutoCloseable {
  public static final String VSTACK_UNDERLAY = "192.0.2.1";
  public static final String LINUX_UNDERLAY = "192.0.2.2";
  public static final long VSTACK_UNDERLAY_MAC = 0x0200_0000_0001L;
  static final String PREFIX = "vsn";

  final String prefix;
  final String tap;
  public final TapPort port;
  public final NetworkNamespace underlay;
  final List<NetworkNamespace> namespaces = new ArrayList<>();
  final List<Throwable> errors = new CopyOnWriteArrayList<>();
  OverlayEndpoint endpoint;
  HostAgent underlayHost;
  final List<HostAgent> tenantHosts = new ArrayList<>();
  private AgentRunner runner;
  private boolean started;

  /** A Linux vxlan device and the namespace it lives in. */
  public record Vxlan(NetworkNamespace ns, String device) {}

  public OverlayLab() {
    this(PREFIX);
  }

  /** A lab whose interfaces and namespaces are named {@code prefix} plus a random suffix. */
  public OverlayLab(final String prefix) {
    this.prefix = prefix;
    tap = NetworkNamespace.randomName(prefix, TapPort.MAX_NAME_LENGTH);
    port = TapPort.open(tap);
    try {
      underlay = NetworkNamespace.create(prefix);
      namespaces.add(underlay);
      noIpv6(underlay);
      underlay.moveLink(tap);
      underlay.exec("ip", "addr", "add", LINUX_UNDERLAY + "/24", "dev", tap);
      underlay.exec("ip", "link", "set", tap, "up");
    } catch (final RuntimeException e) {
      close();
      throw e;
    }
  }

  /** A tenant with one interface: id, name, VNI, vMAC, one vIPv4. */
  public static Tenant tenant(
      final int id, final String name, final int vni, final long mac, final String vip) {
    return Tenant.of(
        id,
        name,
        vni,
        List.of(new VirtualInterface(mac, List.of(Ipv4Address.parse(vip)), List.of())));
  }

  /**
   * Starts vstack: endpoint, underlay host and one host per tenant (first interface, first vIP).
   */
  void start(final OverlaySettings settings, final TenantRegistry registry, final VtepTable vteps) {
    build(settings, registry, vteps);
    started = true;
    AgentRunner.startOnThread(runner);
  }

  /** Builds the agents like {@link #start} without running them: the test drives them itself. */
  void build(final OverlaySettings settings, final TenantRegistry registry, final VtepTable vteps) {
    endpoint = new OverlayEndpoint(port, settings, registry, vteps, SystemNanoClock.INSTANCE);
    underlayHost =
        new HostAgent(
            new HostContext()
                .port(endpoint.underlayHostPort())
                .mac(settings.underlayMac())
                .address(settings.underlayIpv4()));
    endpoint.underlayResolver(underlayHost::resolve);
    final List<org.agrona.concurrent.Agent> agents = new ArrayList<>(List.of(underlayHost));
    for (int slot = 0; slot < registry.size(); slot++) {
      final VirtualInterface vif = registry.tenant(slot).interfaces().getFirst();
      final HostAgent host =
          new HostAgent(
              new HostContext()
                  .port(endpoint.tenantPort(slot))
                  .mac(vif.mac())
                  .address(vif.ipv4().getFirst()));
      tenantHosts.add(host);
      agents.add(host);
    }
    runner =
        new AgentRunner(
            new BackoffIdleStrategy(),
            errors::add,
            (AtomicCounter) null,
            new CompositeAgent(agents));
  }

  /** One duty cycle of all agents, for a test that built them without running them. */
  int doWork() throws Exception {
    return runner.agent().doWork();
  }

  /** The MAC of the kernel's end of the TAP. */
  public long linuxMac() {
    return io.vstack.wire.MacAddress.parse(
        underlay.exec("cat", "/sys/class/net/" + tap + "/address").stdout().strip());
  }

  /**
   * Creates a Linux vxlan device towards vstack in the underlay namespace, with {@code address}
   * (CIDR), and moves it into a new namespace when {@code ownNamespace}.
   *
   * @return the device and the namespace it ends up in
   */
  public Vxlan vxlan(final int vni, final String address, final boolean ownNamespace) {
    final String name = NetworkNamespace.randomName(prefix + "x", 15);
    underlay.exec(
        "ip",
        "link",
        "add",
        name,
        "type",
        "vxlan",
        "id",
        String.valueOf(vni),
        "dstport",
        "4789",
        "local",
        LINUX_UNDERLAY,
        "remote",
        VSTACK_UNDERLAY,
        "dev",
        tap,
        "nolearning");
    NetworkNamespace where = underlay;
    if (ownNamespace) {
      where = NetworkNamespace.create(prefix);
      namespaces.add(where);
      noIpv6(where);
      underlay.exec("ip", "link", "set", "dev", name, "netns", where.name());
    }
    where.exec("ip", "addr", "add", address, "dev", name);
    where.exec("ip", "link", "set", name, "up");
    return new Vxlan(where, name);
  }

  /** Starts tcpdump on the underlay TAP and waits until it listens. */
  Commands.Background capture(final java.nio.file.Path file, final String... filter)
      throws InterruptedException {
    final List<String> command =
        new ArrayList<>(
            List.of("tcpdump", "-i", tap, "-n", "-U", "--immediate-mode", "-w", file.toString()));
    command.addAll(List.of(filter));
    final Commands.Background tcpdump = underlay.start(command.toArray(String[]::new));
    final long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!tcpdump.stderrSoFar().contains("listening on") && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(tcpdump.stderrSoFar()).as("tcpdump started").contains("listening on");
    return tcpdump;
  }

  static Commands.Result ping(
      final NetworkNamespace ns, final int count, final String destination, final String... extra) {
    final List<String> command =
        new ArrayList<>(
            List.of("ping", "-n", "-c", String.valueOf(count), "-i", "0.05", "-W", "2"));
    command.addAll(List.of(extra));
    command.add(destination);
    return ns.exec(Duration.ofSeconds(60), command.toArray(String[]::new));
  }

  /** Stops the agents (so counters are final) without tearing down the namespaces. */
  void stop() {
    if (runner != null) {
      if (started) {
        runner.close();
      } else {
        runner.agent().onClose(); // never run: close its agents' buffers directly
      }
      runner = null;
    }
  }

  // The kernel's IPv6 chatter (router solicitations, MLD) is not what these tests count.
  private static void noIpv6(final NetworkNamespace ns) {
    ns.exec("sysctl", "-q", "-w", "net.ipv6.conf.all.disable_ipv6=1");
    ns.exec("sysctl", "-q", "-w", "net.ipv6.conf.default.disable_ipv6=1");
  }

  @Override
  public void close() {
    stop();
    for (int i = namespaces.size() - 1; i >= 0; i--) {
      namespaces.get(i).close();
    }
    if (endpoint != null) {
      endpoint.close();
    }
    port.close();
  }
}
