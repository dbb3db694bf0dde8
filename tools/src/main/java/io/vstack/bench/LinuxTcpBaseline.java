package io.vstack.bench;

import io.vstack.netns.Commands;
import io.vstack.netns.NetworkNamespace;
import io.vstack.netns.RequiredTool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Linux half of {@code vstack bench tcp}: two fresh network namespaces joined by a veth pair
 * (addresses from the RFC 2544 benchmarking range), created here and removed by {@link #close()}.
 *
 * <ul>
 *   <li>bulk: iperf3, one stream, server in one namespace and client in the other;
 *   <li>64 B request/response: {@link LinuxRpcPeer} in two JVMs, one per namespace;
 *   <li>idle memory: 10,000 loopback sockets (5,000 connections) opened by python in a namespace:
 *       growth of the TCP and sock_inode_cache slabs in /proc/slabinfo, plus one filp and one
 *       dentry object per socket. Idle sockets hold no buffers, so this is all an idle socket costs
 *       apart from the file descriptor table.
 * </ul>
 */
public final class LinuxTcpBaseline implements AutoCloseable {
  static final String SERVER_IP = "198.18.0.1";
  static final String CLIENT_IP = "198.18.0.2";
  private static final int IPERF_PORT = 5201;
  private static final int RPC_PORT = 5301;
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
  private static final Pattern RECEIVED_BPS =
      Pattern.compile("\"sum_received\"\\s*:\\s*\\{[^}]*?\"bits_per_second\"\\s*:\\s*([0-9.eE+]+)");

  /**
   * Prints {@code sockets N bytes B}: slab bytes added by N idle loopback sockets. The socket
   * caches (TCP, sock_inode_cache) are measured as growth; the file and dentry every socket
   * descriptor also holds are added as one object each, since those caches churn with every other
   * process's file activity and would drown a small run in noise.
   */
  static final String SLAB_SCRIPT =
      """
      import socket,sys,resource
      pairs=int(sys.argv[1])
      soft,hard=resource.getrlimit(resource.RLIMIT_NOFILE)
      resource.setrlimit(resource.RLIMIT_NOFILE,(hard,hard))
      def slab():
          used={}; size={}
          for line in open('/proc/slabinfo'):
              f=line.split()
              if len(f)>3 and f[1].isdigit(): used[f[0]]=int(f[1])*int(f[3]); size[f[0]]=int(f[3])
          return used,size
      l=socket.socket(); l.bind(('127.0.0.1',0)); l.listen(65535); addr=l.getsockname()
      before,size=slab(); socks=[]
      for i in range(pairs):
          c=socket.create_connection(addr); s,_=l.accept(); socks+=[c,s]
      after,_=slab()
      grown=sum(after[k]-before[k] for k in ('TCP','sock_inode_cache'))
      print('sockets',len(socks),'bytes',grown+len(socks)*(size['filp']+size['dentry']),flush=True)
      """;

  private final NetworkNamespace server;
  private final NetworkNamespace client;

  /**
   * Creates the namespaces and the veth pair.
   *
   * @param prefix start of the namespace and interface names (a random suffix follows)
   */
  public LinuxTcpBaseline(final String prefix) {
    RequiredTool.require("iperf3");
    RequiredTool.require("python3");
    final String serverLink = NetworkNamespace.randomName(prefix + "s", 15);
    final String clientLink = NetworkNamespace.randomName(prefix + "c", 15);
    NetworkNamespace s = null;
    NetworkNamespace c = null;
    try {
      s = NetworkNamespace.create(prefix);
      c = NetworkNamespace.create(prefix);
      Commands.run("ip", "link", "add", serverLink, "type", "veth", "peer", "name", clientLink)
          .orFail();
      s.moveLink(serverLink);
      c.moveLink(clientLink);
      s.exec("ip", "addr", "add", SERVER_IP + "/24", "dev", serverLink).orFail();
      c.exec("ip", "addr", "add", CLIENT_IP + "/24", "dev", clientLink).orFail();
      s.exec("ip", "link", "set", serverLink, "up").orFail();
      c.exec("ip", "link", "set", clientLink, "up").orFail();
    } catch (final RuntimeException e) {
      // A veth that never reached a namespace would outlive them: delete it (absent is fine).
      Commands.run(Duration.ofSeconds(10), "ip", "link", "delete", serverLink);
      if (c != null) {
        c.close();
      }
      if (s != null) {
        s.close();
      }
      throw e;
    }
    server = s;
    client = c;
  }

  /** iperf3 for {@code seconds} (whole seconds, at least 1); returns megabytes per second. */
  public double bulkMegabytesPerSecond(final int seconds) {
    try (Commands.Background iperf =
        server.start("iperf3", "-s", "-1", "-B", SERVER_IP, "-p", Integer.toString(IPERF_PORT))) {
      awaitListening(IPERF_PORT, iperf);
      final Commands.Result result =
          client
              .exec(
                  Duration.ofSeconds(seconds + 30L),
                  "iperf3",
                  "-c",
                  SERVER_IP,
                  "-p",
                  Integer.toString(IPERF_PORT),
                  "-t",
                  Integer.toString(seconds),
                  "-J")
              .orFail();
      final Matcher m = RECEIVED_BPS.matcher(result.stdout());
      if (!m.find()) {
        throw new IllegalStateException("no sum_received.bits_per_second in iperf3's JSON output");
      }
      return Double.parseDouble(m.group(1)) / 8 / 1e6;
    }
  }

  /** 64-byte request/response between two {@link LinuxRpcPeer} JVMs for {@code nanos}. */
  public RpcResult rpc(final long nanos) {
    try (Commands.Background peer = server.start(peerCommand("server", SERVER_IP))) {
      awaitListening(RPC_PORT, peer);
      final Commands.Result result =
          client
              .exec(
                  Duration.ofNanos(nanos).plusSeconds(60),
                  peerCommand("client", SERVER_IP, Long.toString(nanos)))
              .orFail();
      return RpcResult.parse(result.stdout());
    }
  }

  /**
   * Slab bytes per idle socket, from {@code sockets} loopback sockets (half of them connected to
   * the other half) in the server namespace.
   */
  public double idleBytesPerSocket(final int sockets) {
    final Commands.Result result =
        server
            .exec(
                Duration.ofSeconds(120),
                "python3",
                "-c",
                SLAB_SCRIPT,
                Integer.toString(sockets / 2))
            .orFail();
    final String[] f = result.stdout().strip().split(" ");
    if (f.length != 4 || !f[0].equals("sockets")) {
      throw new IllegalStateException("unexpected slab script output: " + result.stdout().strip());
    }
    return Double.parseDouble(f[3]) / Long.parseLong(f[1]);
  }

  private String[] peerCommand(final String role, final String address, final String... more) {
    final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    final String[] base = {
      java,
      "-cp",
      System.getProperty("java.class.path"),
      LinuxRpcPeer.class.getName(),
      role,
      address,
      Integer.toString(RPC_PORT)
    };
    final String[] command = new String[base.length + more.length];
    System.arraycopy(base, 0, command, 0, base.length);
    System.arraycopy(more, 0, command, base.length, more.length);
    return command;
  }

  /** Waits until something listens on {@code port} in the server namespace. */
  private void awaitListening(final int port, final Commands.Background process) {
    final long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.process().isAlive()) {
        throw new IllegalStateException(
            "the Linux benchmark server exited: " + process.stderrSoFar().strip());
      }
      if (!server.exec("ss", "-Hltn", "sport = :" + port).stdout().isBlank()) {
        return;
      }
      try {
        Thread.sleep(20);
      } catch (final InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }
    throw new IllegalStateException("the Linux benchmark server did not listen within 30 s");
  }

  /** True when the process runs as root (needed to create namespaces). */
  public static boolean root() {
    try {
      return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
    } catch (final IOException | UnsupportedOperationException e) {
      return false;
    }
  }

  @Override
  public void close() {
    try {
      client.close();
    } finally {
      server.close();
    }
  }
}
