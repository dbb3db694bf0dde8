package io.vstack.stack;

import static io.vstack.stack.LinuxTcpLab.LINUX_ADDRESS;
import static io.vstack.stack.LinuxTcpLab.LINUX_IP;
import static io.vstack.stack.LinuxTcpLab.VSTACK_ADDRESS;
import static io.vstack.stack.LinuxTcpLab.VSTACK_IP;
import static org.assertj.core.api.Assertions.assertThat;

import io.vstack.netns.Commands;
import io.vstack.tcp.TcpConfig;
import io.vstack.tcp.TcpEngine;
import io.vstack.tcp.TcpHandler;
import io.vstack.tcp.TcpState;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.agrona.collections.IntArrayQueue;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * Issue 4's scale point: 10,000 connections open at the same time between vstack and the Linux
 * kernel in a namespace over a TAP, in both roles. Every connection carries a 16-byte message
 * naming its index and gets it echoed back while all the others are still open; then all close and
 * both sides end with nothing left over. The Linux side is a single-threaded python selectors
 * program that counts how many connections it held at once.
 *
 * <p>The active side keeps at most {@link #IN_FLIGHT} connections between "connect started" and
 * "echo received", so the handshakes do not overflow the kernel's per-CPU input backlog that a TAP
 * write lands in (1000 packets by default); the rest simply stay open.
 */
class LinuxTcpScaleTest {
  static final int CONNECTIONS = Integer.getInteger("vstack.scale.connections", 10_000);
  private static final int IN_FLIGHT = 256;
  private static final int CLOSES_PER_CYCLE = 16;
  private static final int MESSAGE = 16;
  private static final int PORT = 7001;
  private static final int FIRST_LOCAL_PORT = 20_000;
  private static final Duration TIMEOUT = Duration.ofSeconds(120);

  /**
   * Accepts and echoes until {@code expect} connections were accepted and closed again, then prints
   * {@code accepted A peak P echoed E closed C}; exits 2 after 30 s without any event.
   */
  static final String ECHO_SERVER =
      """
      import socket,selectors,sys,resource
      host,port,expect=sys.argv[1],int(sys.argv[2]),int(sys.argv[3])
      soft,hard=resource.getrlimit(resource.RLIMIT_NOFILE)
      resource.setrlimit(resource.RLIMIT_NOFILE,(hard,hard))
      l=socket.socket(); l.setsockopt(socket.SOL_SOCKET,socket.SO_REUSEADDR,1)
      l.bind((host,port)); l.listen(65535); l.setblocking(False)
      sel=selectors.DefaultSelector(); sel.register(l,selectors.EVENT_READ,None)
      print('listening',file=sys.stderr,flush=True)
      accepted=closed=live=peak=echoed=0
      while closed<expect:
          events=sel.select(30)
          if not events:
              print('idle: accepted',accepted,'closed',closed,file=sys.stderr,flush=True); sys.exit(2)
          for key,_ in events:
              if key.data is None:
                  while True:
                      try: c,_=l.accept()
                      except BlockingIOError: break
                      c.setblocking(False); sel.register(c,selectors.EVENT_READ,1)
                      accepted+=1; live+=1; peak=max(peak,live)
                  continue
              c=key.fileobj
              try: d=c.recv(65536)
              except ConnectionResetError: d=b''
              if d:
                  c.send(d); echoed+=len(d)
              else:
                  sel.unregister(c); c.close(); closed+=1; live-=1
      print('accepted',accepted,'peak',peak,'echoed',echoed,'closed',closed,flush=True)
      """;

  /**
   * Opens {@code n} connections, at most {@code inflight} not yet echoed at a time, each sending a
   * 16-byte message with its index and checking the echo; keeps every one open until all were
   * echoed, then closes them all and prints {@code opened N echoed E open_at_once O}.
   */
  static final String ECHO_CLIENT =
      """
      import socket,selectors,sys,resource
      host,port,n,inflight=sys.argv[1],int(sys.argv[2]),int(sys.argv[3]),int(sys.argv[4])
      soft,hard=resource.getrlimit(resource.RLIMIT_NOFILE)
      resource.setrlimit(resource.RLIMIT_NOFILE,(hard,hard))
      sel=selectors.DefaultSelector(); socks=[]; started=echoed=0; replies={}
      def msg(i): return b'%016d' % i
      while echoed<n:
          while started<n and started-echoed<inflight:
              s=socket.socket(); s.setblocking(False); s.connect_ex((host,port))
              socks.append(s); sel.register(s,selectors.EVENT_WRITE,started); started+=1
          events=sel.select(30)
          if not events:
              print('idle: started',started,'echoed',echoed,file=sys.stderr,flush=True); sys.exit(2)
          for key,mask in events:
              s,i=key.fileobj,key.data
              if mask & selectors.EVENT_WRITE:
                  err=s.getsockopt(socket.SOL_SOCKET,socket.SO_ERROR)
                  if err:
                      print('connect',i,'failed: errno',err,file=sys.stderr,flush=True); sys.exit(3)
                  s.send(msg(i)); replies[i]=b''; sel.modify(s,selectors.EVENT_READ,i)
              else:
                  d=s.recv(64)
                  if not d:
                      print('connection',i,'closed before its echo',file=sys.stderr,flush=True); sys.exit(4)
                  replies[i]+=d
                  if len(replies[i])>=16:
                      if replies[i]!=msg(i):
                          print('connection',i,'echo',replies[i],file=sys.stderr,flush=True); sys.exit(5)
                      echoed+=1; sel.unregister(s)
      open_at_once=sum(1 for s in socks if s.fileno()>=0)
      for s in socks: s.close()
      print('opened',started,'echoed',echoed,'open_at_once',open_at_once,flush=True)
      """;

  /** Connection events queued by the handler and handled by the test loop (no re-entrancy). */
  private static final class Events implements TcpHandler {
    final IntArrayQueue connected = new IntArrayQueue();
    final IntArrayQueue readable = new IntArrayQueue();
    final IntArrayQueue acceptable = new IntArrayQueue();

    @Override
    public void onConnected(final int connectionId) {
      connected.addInt(connectionId);
    }

    @Override
    public void onReadable(final int connectionId) {
      readable.addInt(connectionId);
    }

    @Override
    public void onAcceptable(final int listenerId) {
      acceptable.addInt(listenerId);
    }
  }

  private static TcpConfig scaleConfig() {
    // 4 KiB buffers: 10,000 connections then need 80 MB off-heap instead of 5 GB.
    return new TcpConfig()
        .maxConnections(CONNECTIONS + 1024)
        .sendBufferSize(4096)
        .receiveBufferSize(4096)
        .timeWaitNanos(Duration.ofSeconds(1).toNanos());
  }

  private static void tuneLinux(final LinuxTcpLab lab) {
    lab.ns
        .exec(
            "sysctl",
            "-w",
            "net.core.somaxconn=65535",
            "net.ipv4.tcp_max_syn_backlog=65535",
            "net.ipv4.ip_local_port_range=10000 60999")
        .orFail();
  }

  @Test
  void shouldServeTenThousandConcurrentConnectionsWhenVstackConnectsToLinuxServer() {
    final Events events = new Events();
    try (LinuxTcpLab lab =
        LinuxTcpLab.open("vc", UnaryOperator.identity(), scaleConfig(), events)) {
      tuneLinux(lab);
      try (Commands.Background linux =
          lab.ns.start(
              LinuxTcpLab.PYTHON,
              "-c",
              ECHO_SERVER,
              LINUX_IP,
              Integer.toString(PORT),
              Integer.toString(CONNECTIONS))) {
        LinuxTcpLab.awaitListening(linux);
        lab.resolveLinux();
        final TcpEngine engine = lab.stack.engine();
        final int[] indexOf = new int[CONNECTIONS + 1024];
        final int[] ids = new int[CONNECTIONS];
        final int[] received = new int[CONNECTIONS];
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64]);
        final int[] started = {0};
        final int[] echoed = {0};
        final long start = System.nanoTime();
        lab.run(
            () -> {
              while (started[0] < CONNECTIONS && started[0] - echoed[0] < IN_FLIGHT) {
                final int i = started[0]++;
                final int id =
                    engine.connect(
                        VSTACK_ADDRESS, FIRST_LOCAL_PORT + i, LINUX_ADDRESS, PORT, lab.stack.now());
                assertThat(id).as("connection slot for connection %d", i).isNotNegative();
                ids[i] = id;
                indexOf[id] = i;
              }
              drainConnected(engine, lab, events, indexOf, buffer);
              while (!events.readable.isEmpty()) {
                final int id = events.readable.pollInt();
                final int i = indexOf[id];
                final int n = engine.read(id, buffer, 0, 64, lab.stack.now());
                assertThat(n).as("read on connection %d", i).isNotNegative();
                if (n > 0) {
                  assertThat(buffer.getStringWithoutLengthAscii(0, n))
                      .as("echo on connection %d", i)
                      .isEqualTo(message(i).substring(received[i], received[i] + n));
                  received[i] += n;
                  if (received[i] == MESSAGE) {
                    echoed[0]++;
                  }
                }
              }
              return echoed[0] == CONNECTIONS;
            },
            TIMEOUT,
            "10,000 connections echoed");
        final double openSeconds = (System.nanoTime() - start) / 1e9;
        final long openTimeouts = engine.counters().retransmitTimeouts;
        assertThat(engine.connections())
            .as("vstack connections open at once")
            .isEqualTo(CONNECTIONS);
        for (int i = 0; i < CONNECTIONS; i++) {
          assertThat(engine.state(ids[i])).as("connection %d", i).isEqualTo(TcpState.ESTABLISHED);
        }
        closeAll(lab, engine, ids);
        final Map<String, Long> linuxReport = report(lab.await(linux, TIMEOUT));
        assertThat(linuxReport)
            .as("Linux server")
            .containsEntry("accepted", (long) CONNECTIONS)
            .containsEntry("peak", (long) CONNECTIONS)
            .containsEntry("echoed", (long) CONNECTIONS * MESSAGE)
            .containsEntry("closed", (long) CONNECTIONS);
        lab.run(() -> engine.connections() == 0, TIMEOUT, "TIME-WAIT ends");
        System.out.printf(
            "[scale] vstack -> Linux: %d connections open and echoed in %.1f s (%d retransmit"
                + " timeouts); %s%n",
            CONNECTIONS, openSeconds, openTimeouts, diagnostics(lab));
      }
    }
  }

  @Test
  void shouldServeTenThousandConcurrentConnectionsWhenLinuxConnectsToVstackListener() {
    final Events events = new Events();
    try (LinuxTcpLab lab =
        LinuxTcpLab.open("vc", UnaryOperator.identity(), scaleConfig(), events)) {
      tuneLinux(lab);
      final TcpEngine engine = lab.stack.engine();
      final int listener = engine.listen(VSTACK_ADDRESS, PORT, 4096);
      final UnsafeBuffer buffer = new UnsafeBuffer(new byte[4096]);
      final boolean[] open = new boolean[CONNECTIONS + 1024];
      final int[] live = {0};
      final int[] peak = {0};
      final int[] accepted = {0};
      final long[] echoedBytes = {0};
      final long start = System.nanoTime();
      try (Commands.Background linux =
          lab.ns.start(
              LinuxTcpLab.PYTHON,
              "-c",
              ECHO_CLIENT,
              VSTACK_IP,
              Integer.toString(PORT),
              Integer.toString(CONNECTIONS),
              Integer.toString(IN_FLIGHT))) {
        lab.run(
            () -> {
              while (!events.acceptable.isEmpty()) {
                events.acceptable.pollInt();
                for (int id; (id = engine.accept(listener)) >= 0; ) {
                  open[id] = true;
                  accepted[0]++;
                  peak[0] = Math.max(peak[0], ++live[0]);
                }
              }
              while (!events.readable.isEmpty()) {
                final int id = events.readable.pollInt();
                if (!open[id]) {
                  continue;
                }
                int n;
                while ((n = engine.read(id, buffer, 0, buffer.capacity(), lab.stack.now())) > 0) {
                  assertThat(engine.write(id, buffer, 0, n, lab.stack.now()))
                      .as("echo of %d bytes fits the send buffer", n)
                      .isEqualTo(n);
                  echoedBytes[0] += n;
                }
                if (n == TcpEngine.EOF) {
                  engine.close(id, lab.stack.now());
                  open[id] = false;
                  live[0]--;
                }
              }
              return !linux.process().isAlive() && live[0] == 0;
            },
            TIMEOUT,
            "Linux client done and every connection closed");
        final Commands.Result result = linux.await(Duration.ofSeconds(5));
        assertThat(result.exitCode()).as("Linux client: %s", result.stderr()).isZero();
        assertThat(report(result))
            .as("Linux client")
            .containsEntry("opened", (long) CONNECTIONS)
            .containsEntry("echoed", (long) CONNECTIONS)
            .containsEntry("open_at_once", (long) CONNECTIONS);
        assertThat(accepted[0]).as("accepted by vstack").isEqualTo(CONNECTIONS);
        assertThat(peak[0]).as("vstack connections open at once").isEqualTo(CONNECTIONS);
        assertThat(echoedBytes[0]).isEqualTo((long) CONNECTIONS * MESSAGE);
        lab.run(() -> engine.connections() == 0, TIMEOUT, "every connection released");
        System.out.printf(
            "[scale] Linux -> vstack: %d connections open, echoed and closed in %.1f s, %d SYN"
                + " backlog evictions, %d accept queue drops; %s%n",
            CONNECTIONS,
            (System.nanoTime() - start) / 1e9,
            engine.counters().synBacklogEvictions,
            engine.counters().acceptQueueDrops,
            diagnostics(lab));
      }
    }
  }

  private static void drainConnected(
      final TcpEngine engine,
      final LinuxTcpLab lab,
      final Events events,
      final int[] indexOf,
      final UnsafeBuffer buffer) {
    while (!events.connected.isEmpty()) {
      final int id = events.connected.pollInt();
      final int i = indexOf[id];
      buffer.putStringWithoutLengthAscii(0, message(i));
      assertThat(engine.write(id, buffer, 0, MESSAGE, lab.stack.now()))
          .as("write on connection %d", i)
          .isEqualTo(MESSAGE);
    }
  }

  /**
   * Closes every connection, {@link #CLOSES_PER_CYCLE} per duty cycle: each close brings back an
   * ACK and a FIN, and a duty cycle reads one burst of 32 frames.
   */
  private static void closeAll(final LinuxTcpLab lab, final TcpEngine engine, final int[] ids) {
    final int[] next = {0};
    lab.run(
        () -> {
          final int end = Math.min(ids.length, next[0] + CLOSES_PER_CYCLE);
          for (; next[0] < end; next[0]++) {
            engine.close(ids[next[0]], lab.stack.now());
          }
          return next[0] == ids.length;
        },
        TIMEOUT,
        "close all");
  }

  /** Counters that explain a slow run: timeouts, retransmissions, frames the TAP refused. */
  private static String diagnostics(final LinuxTcpLab lab) {
    final var tcp = lab.stack.engine().counters();
    return String.format(
        "retransmit timeouts %d, segments retransmitted %d, unsent %d, host tx dropped %d",
        tcp.retransmitTimeouts,
        tcp.retransmittedSegments,
        lab.stack.segmentsUnsent(),
        lab.stack.host().counters().txDropped());
  }

  static String message(final int index) {
    return String.format("%016d", index);
  }

  /** Parses {@code key value key value ...} from a one-line report. */
  static Map<String, Long> report(final Commands.Result result) {
    assertThat(result.exitCode()).as("Linux side: %s", result.stderr()).isZero();
    final String[] f = result.stdout().strip().split(" ");
    assertThat(f.length % 2).as("report %s", Arrays.toString(f)).isZero();
    final Map<String, Long> map = new TreeMap<>();
    for (int i = 0; i < f.length; i += 2) {
      map.put(f[i], Long.parseLong(f[i + 1]));
    }
    return map;
  }
}
