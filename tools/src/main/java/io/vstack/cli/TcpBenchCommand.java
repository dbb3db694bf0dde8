package io.vstack.cli;

import io.vstack.bench.LinuxTcpBaseline;
import io.vstack.bench.RpcResult;
import io.vstack.bench.VstackTcpBench;
import io.vstack.control.Json;
import io.vstack.netns.CommandException;
import io.vstack.tcp.TcpConfig;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vstack bench tcp}: vstack's TCP against the Linux kernel's in the same run. vstack: two
 * TcpStacks on a MemoryPort wire, both driven by one thread. Linux: two network namespaces over a
 * veth pair (iperf3 for bulk, two JVMs on kernel sockets for request/response). Then memory per
 * idle connection: vstack's heap and off-heap growth over many idle connections between two
 * in-process engines, and Linux's slab growth over idle loopback sockets.
 */
@Command(
    name = "tcp",
    mixinStandardHelpOptions = true,
    description = {
      "vstack TCP vs Linux TCP in one run: bulk MB/s, 64 B request/response rate and latency,",
      "memory per idle connection. Needs root (creates two network namespaces and a veth pair)."
    })
public final class TcpBenchCommand implements Runnable {
  /** JIT warm-up of the vstack workloads before anything is measured (each). */
  static final long WARM_UP_NANOS = 1_000_000_000L;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--seconds",
      defaultValue = "3",
      description =
          "Length of each throughput/latency measurement (1..600, default ${DEFAULT-VALUE}).")
  int seconds;

  @Option(
      names = "--idle-connections",
      defaultValue = "100000",
      description =
          "Idle vstack connections for the memory measurement (default ${DEFAULT-VALUE}).")
  int idleConnections;

  @Option(
      names = "--idle-buffer",
      defaultValue = "4096",
      description =
          "Send and receive buffer size of each idle vstack connection, a power of two"
              + " (default ${DEFAULT-VALUE}).")
  int idleBuffer;

  @Option(
      names = "--linux-sockets",
      defaultValue = "10000",
      description =
          "Idle Linux loopback sockets for the slab measurement (default ${DEFAULT-VALUE}).")
  int linuxSockets;

  @Option(names = "--json", description = "Print the results as one JSON object.")
  boolean json;

  @Override
  public void run() {
    OptionRange.require("--seconds", seconds, 1, 600);
    OptionRange.require("--idle-connections", idleConnections, 1, 1_000_000);
    if (idleBuffer < 64 || Integer.bitCount(idleBuffer) != 1) {
      throw new UserException(
          "--idle-buffer must be a power of two of at least 64, got " + idleBuffer,
          ExitCodes.USAGE);
    }
    OptionRange.require("--linux-sockets", linuxSockets, 2, 16_000);
    if (!LinuxTcpBaseline.root()) {
      throw new UserException(
          "vstack bench tcp needs root to create network namespaces for the Linux baseline;"
              + " run it as root");
    }
    final PrintWriter out = spec.commandLine().getOut();
    final long nanos = seconds * 1_000_000_000L;
    if (!json) {
      out.printf(
          "vstack bench tcp: %d s per measurement, vstack and Linux measured alternately%n",
          seconds);
      out.flush();
    }
    final VstackTcpBench.Bulk vstackBulk;
    final RpcResult vstackRpc;
    final double linuxBulk;
    final RpcResult linuxRpc;
    final double linuxIdle;
    // Interleaved, so that a change in the machine's load hits both sides of each ratio.
    try (VstackTcpBench bench = new VstackTcpBench(new TcpConfig());
        LinuxTcpBaseline linux = linuxBaseline()) {
      bench.bulk(WARM_UP_NANOS);
      bench.rpc(WARM_UP_NANOS);
      vstackBulk = bench.bulk(nanos);
      linuxBulk = linux.bulkMegabytesPerSecond(seconds);
      vstackRpc = bench.rpc(nanos);
      linuxRpc = linux.rpc(nanos);
      linuxIdle = linux.idleBytesPerSocket(linuxSockets);
    } catch (final CommandException | IllegalStateException e) {
      throw new UserException("the benchmark failed: " + e.getMessage());
    }
    final VstackTcpBench.IdleMemory idle;
    final TcpConfig idleConfig =
        new TcpConfig()
            .maxConnections(idleConnections + 16)
            .sendBufferSize(idleBuffer)
            .receiveBufferSize(idleBuffer);
    try (VstackTcpBench bench = new VstackTcpBench(idleConfig)) {
      idle = bench.idleMemory(idleConnections, idleBuffer);
    }
    final Map<String, Object> r = new LinkedHashMap<>();
    r.put("seconds", seconds);
    r.put("vstack_bulk_mb_per_s", Json.decimal(vstackBulk.megabytesPerSecond(), 1));
    r.put("linux_bulk_mb_per_s", Json.decimal(linuxBulk, 1));
    r.put("bulk_ratio", Json.decimal(vstackBulk.megabytesPerSecond() / linuxBulk, 3));
    r.put("vstack_rpc_per_s", Json.decimal(vstackRpc.transactionsPerSecond(), 0));
    r.put("vstack_rpc_mean_us", Json.decimal(vstackRpc.meanNanos() / 1e3, 2));
    r.put("vstack_rpc_p50_us", Json.decimal(vstackRpc.p50Nanos() / 1e3, 2));
    r.put("vstack_rpc_p99_us", Json.decimal(vstackRpc.p99Nanos() / 1e3, 2));
    r.put("linux_rpc_per_s", Json.decimal(linuxRpc.transactionsPerSecond(), 0));
    r.put("linux_rpc_mean_us", Json.decimal(linuxRpc.meanNanos() / 1e3, 2));
    r.put("linux_rpc_p50_us", Json.decimal(linuxRpc.p50Nanos() / 1e3, 2));
    r.put("linux_rpc_p99_us", Json.decimal(linuxRpc.p99Nanos() / 1e3, 2));
    r.put(
        "rpc_ratio",
        Json.decimal(vstackRpc.transactionsPerSecond() / linuxRpc.transactionsPerSecond(), 3));
    r.put("idle_connections", idle.connections());
    r.put("idle_buffer_bytes", idle.bufferSize());
    r.put("vstack_idle_heap_bytes_per_end", Json.decimal(idle.heapBytesPerEnd(), 0));
    r.put("vstack_idle_offheap_bytes_per_end", Json.decimal(idle.offHeapBytesPerEnd(), 0));
    r.put("vstack_idle_bytes_per_end", Json.decimal(idle.bytesPerEnd(), 0));
    r.put("linux_idle_sockets", linuxSockets);
    r.put("linux_idle_bytes_per_socket", Json.decimal(linuxIdle, 0));
    r.put("idle_ratio", Json.decimal(idle.bytesPerEnd() / linuxIdle, 3));
    if (json) {
      out.println(Json.write(r));
      out.flush();
      return;
    }
    out.println("| measurement | vstack | Linux | vstack / Linux |");
    out.println("| --- | --- | --- | --- |");
    row(out, "bulk, MB/s", vstackBulk.megabytesPerSecond(), linuxBulk, "%.1f");
    row(
        out,
        "64 B request/response, per s",
        vstackRpc.transactionsPerSecond(),
        linuxRpc.transactionsPerSecond(),
        "%.0f");
    row(out, "64 B RPC mean, µs", vstackRpc.meanNanos() / 1e3, linuxRpc.meanNanos() / 1e3, "%.2f");
    row(out, "64 B RPC median, µs", vstackRpc.p50Nanos() / 1e3, linuxRpc.p50Nanos() / 1e3, "%.2f");
    row(out, "64 B RPC p99, µs", vstackRpc.p99Nanos() / 1e3, linuxRpc.p99Nanos() / 1e3, "%.2f");
    row(out, "bytes per idle connection end", idle.bytesPerEnd(), linuxIdle, "%.0f");
    out.printf(
        "vstack: two TcpStacks on a MemoryPort, one thread drives both; Linux: iperf3 (bulk) and two"
            + " JVMs on kernel sockets with TCP_NODELAY (RPC) across a veth pair between two"
            + " namespaces.%n");
    out.printf(
        "idle memory: vstack %d connections (%d ends), %d B send + %d B receive buffer each:"
            + " %.0f B heap + %.0f B off-heap per end; Linux: growth of the TCP and"
            + " sock_inode_cache slabs plus one filp and one dentry, over %d idle loopback sockets,"
            + " per socket.%n",
        idle.connections(),
        2 * idle.connections(),
        idleBuffer,
        idleBuffer,
        idle.heapBytesPerEnd(),
        idle.offHeapBytesPerEnd(),
        linuxSockets);
    out.flush();
  }

  private static LinuxTcpBaseline linuxBaseline() {
    try {
      return new LinuxTcpBaseline("vctb");
    } catch (final CommandException e) {
      throw new UserException("cannot set up the Linux baseline: " + e.getMessage());
    }
  }

  private static void row(
      final PrintWriter out,
      final String name,
      final double vstack,
      final double linux,
      final String format) {
    out.printf(
        "| %s | " + format + " | " + format + " | %.3f |%n", name, vstack, linux, vstack / linux);
  }
}
