package io.vstack.cli;

import io.vstack.dpdk.DpdkException;
import io.vstack.dpdk.DpdkPort;
import io.vstack.dpdk.DpdkUnavailableException;
import io.vstack.dpdk.Eal;
import io.vstack.dpdk.EthDev;
import io.vstack.dpdk.Mempool;
import io.vstack.host.HostAgent;
import io.vstack.netns.CommandException;
import io.vstack.netns.Commands;
import io.vstack.netns.NetworkNamespace;
import io.vstack.wire.Ipv4Address;
import io.vstack.wire.MacAddress;
import java.io.PrintWriter;
import java.util.List;

/**
 * The {@code --dpdk} half of the demo: two vstack hosts, each on a DPDK port ({@link DpdkPort} over
 * DPDK's af_packet PMD), the two ports being the ends of a veth pair, so every frame goes through
 * DPDK's rx/tx bursts and the kernel's veth wire. ARP and pings as on the software wire. The veth
 * pair is removed at the end, also on failure; the EAL stays (DPDK initialises once per process).
 */
final class DpdkDemo {
  private static final long MAC_A = 0x0200_0000_001AL;
  private static final long MAC_B = 0x0200_0000_001BL;
  private static final String IP_A = "10.78.0.1";
  private static final String IP_B = "10.78.0.2";
  private static final int DESCRIPTORS = 512;

  private final PrintWriter out;
  private final int count;
  private final int intervalMs;

  DpdkDemo(final PrintWriter out, final int count, final int intervalMs) {
    this.out = out;
    this.count = count;
    this.intervalMs = intervalMs;
  }

  boolean run() {
    final String a = NetworkNamespace.randomName("vsodpa", 15);
    final String b = NetworkNamespace.randomName("vsodpb", 15);
    createVethPair(a, b);
    try {
      final Eal eal = startEal(a, b);
      final Mempool pool = Mempool.create("vstack-demo", 4095, 256, Mempool.DEFAULT_DATA_ROOM);
      final EthDev devA = startPort("net_af_packet0", pool);
      final EthDev devB = startPort("net_af_packet1", pool);
      eal.registerCurrentThread();
      out.printf(
          "vstack demo --dpdk: two vstack hosts on DPDK af_packet ports over the veth pair %s <-> %s%n",
          a, b);
      out.printf(
          "  host a  %-10s %s  %s%n  host b  %-10s %s  %s%n%n",
          IP_A,
          MacAddress.toString(MAC_A),
          devA.name(),
          IP_B,
          MacAddress.toString(MAC_B),
          devB.name());
      out.flush();
      try (DpdkPort portA = new DpdkPort(devA, 0, pool);
          DpdkPort portB = new DpdkPort(devB, 0, pool)) {
        final DemoCommand.PingPrinter printerA = new DemoCommand.PingPrinter(out, "a");
        final HostAgent hostA = DemoCommand.host(portA, MAC_A, Ipv4Address.parse(IP_A), printerA);
        final HostAgent hostB =
            DemoCommand.host(
                portB, MAC_B, Ipv4Address.parse(IP_B), new DemoCommand.PingPrinter(out, "b"));
        try {
          final boolean ok =
              new DemoCommand.Pinger(
                      hostA, Ipv4Address.parse(IP_B), printerA, count, intervalMs, out)
                  .run(hostA, hostB);
          out.printf("DPDK: a %s%nDPDK: b %s%n", portA.counters(), portB.counters());
          return ok;
        } finally {
          hostA.onClose();
          hostB.onClose();
        }
      } finally {
        devA.stop();
        devB.stop();
        devA.close();
        devB.close();
        pool.close();
      }
    } catch (final DpdkUnavailableException | DpdkException e) {
      throw new UserException("--dpdk: " + e.getMessage());
    } finally {
      deleteLink(a);
    }
  }

  /** Removes a veth pair (deleting one end removes both); a link already gone is fine. */
  private static void deleteLink(final String link) {
    Commands.run(Commands.DEFAULT_TIMEOUT, "ip", "link", "del", link);
  }

  private static void createVethPair(final String a, final String b) {
    try {
      Commands.run("ip", "link", "add", a, "type", "veth", "peer", "name", b);
      for (final String link : List.of(a, b)) {
        // No IPv6 on the wire: the kernel would send router solicitations and MLD reports.
        Commands.run("sysctl", "-qw", "net.ipv6.conf." + link + ".disable_ipv6=1");
        Commands.run("ip", "link", "set", link, "up");
      }
    } catch (final CommandException e) {
      deleteLink(a);
      throw new UserException(
          "--dpdk needs root and iproute2 to create a veth pair: " + e.getMessage());
    }
  }

  private static Eal startEal(final String a, final String b) {
    try {
      return Eal.start(
          Eal.vdevArguments(List.of("net_af_packet0,iface=" + a, "net_af_packet1,iface=" + b)));
    } catch (final IllegalStateException e) {
      throw new UserException("--dpdk: " + e.getMessage());
    }
  }

  private static EthDev startPort(final String name, final Mempool pool) {
    final EthDev dev = EthDev.byName(name);
    dev.configure(1, 1, 0);
    dev.rxQueueSetup(0, DESCRIPTORS, pool);
    dev.txQueueSetup(0, DESCRIPTORS);
    dev.start();
    return dev;
  }
}
