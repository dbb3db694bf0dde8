package io.vstack.cli;

import io.vstack.config.ConfigException;
import io.vstack.config.VstackConfig;
import io.vstack.demo.DemoReport;
import io.vstack.demo.SharedStackDemo;
import io.vstack.host.HostAgent;
import io.vstack.host.HostContext;
import io.vstack.host.HostListener;
import io.vstack.port.MemoryPort;
import io.vstack.port.Port;
import io.vstack.wire.Ipv4Address;
import io.vstack.wire.MacAddress;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.SystemNanoClock;
import org.agrona.concurrent.YieldingIdleStrategy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * {@code vstack demo}: by default, one shared vstack stack serves the tenants of a configuration
 * (built in, or {@code --config FILE}) through the fused fast path, on a software wire to remote
 * vstack hosts ({@link SharedStackDemo}): overlay downloads, a local transfer through the virtual
 * switch, an isolated attempt and forged frames, then a per-tenant table of packets, bytes, cycles
 * and drops. Exit 0 only when every check passed.
 *
 * <p>{@code --ping}: two vstack hosts on the software wire resolve each other with ARP and ping;
 * {@code --tap} adds Linux in a network namespace pinging vstack over a TAP device; {@code --dpdk}
 * adds two vstack hosts on DPDK ports joined by a veth pair.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "One shared vstack stack serves several tenants through the fused fast path on the embedded"
          + " software NIC: overlay downloads from a remote vstack host, a local transfer through"
          + " the virtual switch, an isolated attempt and forged frames, then per-tenant packets,"
          + " bytes, cycles and drops. Exit 0 only when every check passed.",
      "With --ping, two vstack hosts resolve each other and ping on the software wire instead.",
      "With --tap, Linux in a network namespace pings vstack over a TAP device (needs root).",
      "With --dpdk, two vstack hosts ping each other over DPDK ports (af_packet PMD) on a veth"
          + " pair (needs root and DPDK)."
    })
public final class DemoCommand implements Runnable {
  private static final long MAC_A = 0x0200_0000_000AL;
  private static final long MAC_B = 0x0200_0000_000BL;
  private static final int IDENTIFIER = 0x7653;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "Tenants, VTEPs and host from this vstack.yaml instead of the built-in configuration"
              + " (examples/vstack.yaml's tenants); every VTEP host becomes a remote vstack host.")
  Path config;

  @Option(names = "--json", description = "Print the report as one JSON object, no progress.")
  boolean json;

  @Option(
      names = "--ping",
      description =
          "Run the ping demo on the software wire instead (options --count, --interval-ms).")
  boolean ping;

  @Option(
      names = {"-c", "--count"},
      defaultValue = "5",
      description = "Pings each way (1..10000, default ${DEFAULT-VALUE}).")
  int count;

  @Option(
      names = "--interval-ms",
      defaultValue = "200",
      description = "Gap between pings in milliseconds (0..10000, default ${DEFAULT-VALUE}).")
  int intervalMs;

  @Option(
      names = "--tap",
      description =
          "Also attach a vstack host to a TAP in a new network namespace and let Linux ping it.")
  boolean tap;

  @Option(
      names = "--dpdk",
      description =
          "Also run two vstack hosts on DPDK ports (DpdkPort, af_packet PMD) joined by a veth"
              + " pair.")
  boolean dpdk;

  @Override
  public void run() {
    final PrintWriter out = spec.commandLine().getOut();
    if (!ping && !tap && !dpdk) {
      final ParseResult parsed = spec.commandLine().getParseResult();
      if (parsed.hasMatchedOption("--count") || parsed.hasMatchedOption("--interval-ms")) {
        throw new UserException(
            "--count and --interval-ms set the pings of --ping/--tap/--dpdk; add one of those",
            ExitCodes.USAGE);
      }
      runSharedStack(out);
      return;
    }
    if (config != null || json) {
      throw new UserException(
          "--config and --json belong to the shared-stack demo, not to --ping/--tap/--dpdk",
          ExitCodes.USAGE);
    }
    OptionRange.require("--count", count, 1, 10_000);
    OptionRange.require("--interval-ms", intervalMs, 0, 10_000);
    final boolean softwareOk = runSoftwareWire(out);
    final boolean tapOk = !tap || new TapDemo(out, count, intervalMs).run();
    final boolean dpdkOk = !dpdk || new DpdkDemo(out, count, intervalMs).run();
    out.flush();
    if (!softwareOk || !tapOk || !dpdkOk) {
      throw new UserException("demo finished with lost pings (see above)");
    }
  }

  private void runSharedStack(final PrintWriter out) {
    final VstackConfig loaded;
    try {
      loaded = config == null ? SharedStackDemo.builtInConfig() : VstackConfig.load(config);
    } catch (final ConfigException e) {
      throw new UserException(e.getMessage(), ExitCodes.USAGE);
    }
    if (loaded.host() == null || loaded.tenants().size() == 0) {
      throw new UserException(
          config + ": the demo needs a host and tenants (see examples/vstack.yaml)",
          ExitCodes.USAGE);
    }
    final DemoReport report;
    try (SharedStackDemo demo =
        new SharedStackDemo(loaded, SharedStackDemo.DEFAULT_FILE_BYTES, json ? null : out)) {
      report = demo.run();
    }
    if (json) {
      out.println(report.toJson());
    } else {
      printReport(out, report);
    }
    out.flush();
    final DemoReport.Check failed = report.firstFailure();
    if (failed != null) {
      throw new UserException("demo: check failed: " + failed.name() + ": " + failed.detail());
    }
  }

  private static void printReport(final PrintWriter out, final DemoReport report) {
    out.println();
    final TextTable table =
        new TextTable(
            "tenant",
            "vni",
            "rx pkts",
            "rx bytes",
            "tx pkts",
            "tx bytes",
            "cycles",
            "ns/pkt",
            "drops");
    for (final DemoReport.Row row : report.rows()) {
      final boolean tenant = row.vni() >= 0;
      table.row(
          row.name(),
          tenant ? row.vni() : "-",
          tenant ? row.rxPackets() : "-",
          tenant ? row.rxBytes() : "-",
          tenant ? row.txPackets() : "-",
          tenant ? row.txBytes() : "-",
          row.cycles(),
          tenant ? String.format("%.0f", row.nanosPerPacket()) : "-",
          drops(row.drops()));
    }
    table.print(out);
    out.printf(
        "(stack): work of no tenant (underlay ARP, unknown VNIs, neighbour timers). Port: %d frames"
            + " received, %d sent.%n",
        report.portRxFrames(), report.portTxFrames());
    out.println();
    for (final DemoReport.Check check : report.checks()) {
      out.printf(
          "%s %s%s%n",
          check.passed() ? "ok  " : "FAIL",
          check.name(),
          check.passed() ? "" : ": " + check.detail());
    }
    final long passed = report.checks().stream().filter(DemoReport.Check::passed).count();
    out.printf("%d of %d checks passed%n", passed, report.checks().size());
  }

  private static String drops(final Map<String, Long> drops) {
    if (drops.isEmpty()) {
      return "-";
    }
    final StringBuilder text = new StringBuilder();
    drops.forEach(
        (reason, n) -> text.append(text.isEmpty() ? "" : " ").append(reason).append('=').append(n));
    return text.toString();
  }

  private boolean runSoftwareWire(final PrintWriter out) {
    final int ipA = Ipv4Address.parse("10.0.0.1");
    final int ipB = Ipv4Address.parse("10.0.0.2");
    out.println("vstack demo: two vstack hosts on the embedded software NIC (an in-process wire)");
    out.printf(
        "  host a  %-10s %s%n  host b  %-10s %s%n%n",
        Ipv4Address.toString(ipA),
        MacAddress.toString(MAC_A),
        Ipv4Address.toString(ipB),
        MacAddress.toString(MAC_B));
    try (MemoryPort.Pair wire = MemoryPort.pair("a", "b")) {
      final PingPrinter printerA = new PingPrinter(out, "a");
      final HostAgent hostA = host(wire.a(), MAC_A, ipA, printerA);
      final HostAgent hostB = host(wire.b(), MAC_B, ipB, new PingPrinter(out, "b"));
      try {
        final boolean ok =
            new Pinger(hostA, ipB, printerA, count, intervalMs, out).run(hostA, hostB);
        out.printf(
            "wire: a sent %d frames, b sent %d frames%n%n",
            wire.a().counters().txFrames(), wire.b().counters().txFrames());
        return ok;
      } finally {
        hostA.onClose();
        hostB.onClose();
      }
    }
  }

  static HostAgent host(
      final Port port, final long mac, final int ip, final HostListener listener) {
    return new HostAgent(
        new HostContext().port(port).mac(mac).address(ip).listener(listener).conclude());
  }

  /** Sends pings at an interval while driving the given agents, then prints statistics. */
  static final class Pinger {
    private final HostAgent source;
    private final int destination;
    private final PingPrinter printer;
    private final int count;
    private final long intervalNanos;
    private final PrintWriter out;

    Pinger(
        final HostAgent source,
        final int destination,
        final PingPrinter printer,
        final int count,
        final int intervalMs,
        final PrintWriter out) {
      this.source = source;
      this.destination = destination;
      this.printer = printer;
      this.count = count;
      this.intervalNanos = TimeUnit.MILLISECONDS.toNanos(intervalMs);
      this.out = out;
    }

    /** Drives {@code agents} on this thread (the SHARED threading mode) until done. */
    boolean run(final HostAgent... agents) {
      final IdleStrategy idle = new YieldingIdleStrategy();
      final long start = SystemNanoClock.INSTANCE.nanoTime();
      long nextSend = start;
      int sent = 0;
      long deadline = Long.MAX_VALUE;
      while (SystemNanoClock.INSTANCE.nanoTime() - deadline < 0
          && (printer.replies() < count || sent < count)) {
        final long now = SystemNanoClock.INSTANCE.nanoTime();
        if (sent < count && now - nextSend >= 0) {
          sent++;
          source.sendEchoRequest(destination, IDENTIFIER, sent, HostAgent.DEFAULT_ECHO_DATA_LENGTH);
          nextSend = now + intervalNanos;
          if (sent == count) {
            // Like ping -c: wait a little for the last replies, then stop.
            deadline = now + TimeUnit.SECONDS.toNanos(2);
          }
        }
        int work = 0;
        for (final HostAgent agent : agents) {
          work += agent.doWork();
        }
        idle.idle(work);
      }
      final int received = printer.replies();
      out.printf(
          "--- %s ping statistics ---%n%d packets transmitted, %d received, %d%% packet loss%s%n",
          Ipv4Address.toString(destination),
          sent,
          received,
          sent == 0 ? 0 : (sent - received) * 100 / sent,
          printer.rttSummary());
      return received == sent;
    }
  }

  /** Prints what a host does, prefixed with its name, and keeps ping statistics. */
  static final class PingPrinter implements HostListener {
    private final PrintWriter out;
    private final String host;
    private int replies;
    private long rttMin = Long.MAX_VALUE;
    private long rttMax;
    private long rttSum;

    PingPrinter(final PrintWriter out, final String host) {
      this.out = out;
      this.host = host;
    }

    int replies() {
      return replies;
    }

    String rttSummary() {
      if (replies == 0) {
        return "";
      }
      return String.format(
          ", rtt min/avg/max = %.1f/%.1f/%.1f us",
          rttMin / 1e3, rttSum / 1e3 / replies, rttMax / 1e3);
    }

    @Override
    public void onArpRequestSent(final int target) {
      out.printf("[%s] ARP who-has %s%n", host, Ipv4Address.toString(target));
      out.flush();
    }

    @Override
    public void onArpLearned(final int address, final long mac, final boolean reply) {
      out.printf(
          "[%s] ARP %s is-at %s (%s)%n",
          host,
          Ipv4Address.toString(address),
          MacAddress.toString(mac),
          reply ? "reply" : "request");
      out.flush();
    }

    @Override
    public void onArpFailed(final int address) {
      out.printf("[%s] ARP %s: no answer, host unreachable%n", host, Ipv4Address.toString(address));
      out.flush();
    }

    @Override
    public void onEchoRequest(final int source, final int identifier, final int sequence) {
      out.printf(
          "[%s] echo request from %s icmp_seq=%d, replied%n",
          host, Ipv4Address.toString(source), sequence);
      out.flush();
    }

    @Override
    public void onEchoReply(
        final int source,
        final int identifier,
        final int sequence,
        final int ttl,
        final int dataLength,
        final long rttNanos) {
      replies++;
      if (rttNanos >= 0) {
        rttMin = Math.min(rttMin, rttNanos);
        rttMax = Math.max(rttMax, rttNanos);
        rttSum += rttNanos;
      }
      out.printf(
          "[%s] %d bytes from %s: icmp_seq=%d ttl=%d time=%.1f us%n",
          host, dataLength + 8, Ipv4Address.toString(source), sequence, ttl, rttNanos / 1e3);
      out.flush();
    }
  }
}
