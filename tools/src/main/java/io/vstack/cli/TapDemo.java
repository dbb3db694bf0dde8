package io.vstack.cli;

import io.vstack.host.HostAgent;
import io.vstack.netns.CommandException;
import io.vstack.netns.NetworkNamespace;
import io.vstack.port.PortException;
import io.vstack.port.TapPort;
import io.vstack.wire.Ipv4Address;
import io.vstack.wire.MacAddress;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

/**
 * The {@code --tap} half of the demo: a vstack host on a TAP device whose kernel side lives in a
 * new network namespace, so the Linux kernel is the peer. Linux pings vstack, then vstack pings
 * Linux. The namespace and the device are removed at the end, also on failure.
 */
final class TapDemo {
  private static final long MAC = 0x0200_0000_000CL;
  private static final String VSTACK_IP = "10.77.0.1";
  private static final String LINUX_IP = "10.77.0.2";

  private final PrintWriter out;
  private final int count;
  private final int intervalMs;

  TapDemo(final PrintWriter out, final int count, final int intervalMs) {
    this.out = out;
    this.count = count;
    this.intervalMs = intervalMs;
  }

  boolean run() {
    final String device = NetworkNamespace.randomName("vsdemo", 15);
    final TapPort port = openTap(device);
    try (NetworkNamespace ns = createNamespace()) {
      ns.moveLink(device);
      ns.exec("ip", "addr", "add", LINUX_IP + "/24", "dev", device);
      ns.exec("ip", "link", "set", device, "up");
      out.printf(
          "vstack demo --tap: vstack host %s (%s) on TAP %s; Linux %s in network namespace %s%n%n",
          VSTACK_IP, MacAddress.toString(MAC), device, LINUX_IP, ns.name());
      out.flush();
      final DemoCommand.PingPrinter printer = new DemoCommand.PingPrinter(out, "vstack");
      final HostAgent host = DemoCommand.host(port, MAC, Ipv4Address.parse(VSTACK_IP), printer);
      try {
        final boolean linuxOk = linuxPingsVstack(ns, host);
        out.println();
        final boolean vstackOk =
            new DemoCommand.Pinger(
                    host, Ipv4Address.parse(LINUX_IP), printer, count, intervalMs, out)
                .run(host);
        out.printf("TAP: %s%n", port.counters());
        return linuxOk && vstackOk;
      } finally {
        host.onClose();
      }
    } catch (final CommandException e) {
      throw new UserException("--tap: " + e.getMessage());
    } finally {
      port.close();
    }
  }

  private static TapPort openTap(final String device) {
    try {
      return TapPort.open(device);
    } catch (final PortException e) {
      throw new UserException("--tap: " + e.getMessage());
    }
  }

  private static NetworkNamespace createNamespace() {
    try {
      return NetworkNamespace.create("vsdemo");
    } catch (final CommandException e) {
      throw new UserException(
          "--tap needs root and iproute2 to create a network namespace: " + e.getMessage());
    }
  }

  /** Runs Linux's ping in the namespace, echoing its output live, while vstack serves. */
  private boolean linuxPingsVstack(final NetworkNamespace ns, final HostAgent host) {
    final double interval = Math.max(intervalMs, 10) / 1000.0;
    final ProcessBuilder builder =
        new ProcessBuilder(
                "ip",
                "netns",
                "exec",
                ns.name(),
                "ping",
                "-n",
                "-c",
                Integer.toString(count),
                "-i",
                Double.toString(interval),
                "-W",
                "1",
                VSTACK_IP)
            .redirectErrorStream(true);
    final Process ping;
    try {
      ping = builder.start();
    } catch (final IOException e) {
      throw new UserException("--tap: cannot run ping (install iputils-ping): " + e.getMessage());
    }
    final Thread echo =
        Thread.ofVirtual()
            .start(
                () -> {
                  try (BufferedReader lines =
                      new BufferedReader(
                          new InputStreamReader(ping.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                      out.println("[linux] " + line);
                      out.flush();
                    }
                  } catch (final IOException ignored) {
                    // The process ended; its exit code tells the result.
                  }
                });
    final IdleStrategy idle = new BackoffIdleStrategy();
    final long deadline =
        System.nanoTime() + TimeUnit.MILLISECONDS.toNanos((long) count * intervalMs + 10_000);
    while (ping.isAlive() && System.nanoTime() - deadline < 0) {
      idle.idle(host.doWork());
    }
    try {
      if (ping.isAlive()) {
        ping.destroyForcibly();
        ping.waitFor(5, TimeUnit.SECONDS);
        out.println("[linux] ping did not finish in time and was stopped");
      }
      echo.join(TimeUnit.SECONDS.toMillis(5));
    } catch (final InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return !ping.isAlive() && ping.exitValue() == 0;
  }
}
