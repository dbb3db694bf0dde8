package io.vstack.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.vstack.host.HostAgent;
import io.vstack.host.HostContext;
import io.vstack.netns.Commands;
import io.vstack.netns.NetworkNamespace;
import io.vstack.port.Port;
import io.vstack.port.TapPort;
import io.vstack.tcp.TcpConfig;
import io.vstack.tcp.TcpEngine;
import io.vstack.tcp.TcpHandler;
import io.vstack.tcp.TcpState;
import io.vstack.wire.Ipv4Address;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.function.UnaryOperator;
import org.agrona.concurrent.SystemNanoClock;

/**
 * Linux in a fresh network namespace behind a TAP, and a vstack {@link TcpStack} on the other end
 * of that TAP, driven on the test's thread. Optionally a decorator (fault injection) sits between
 * the stack and the TAP. Closing removes the TAP, the namespace and everything started in it.
 */
public final class LinuxTcpLab implements AutoCloseable {
  public static final String VSTACK_IP = "198.51.100.1";
  public static final String LINUX_IP = "198.51.100.2";
  public static final int VSTACK_ADDRESS = Ipv4Address.parse(VSTACK_IP);
  public static final int LINUX_ADDRESS = Ipv4Address.parse(LINUX_IP);
  public static final String PYTHON = "/usr/bin/python3";
  private static final long VSTACK_MAC = 0x0200_0000_0044L;

  /**
   * A seeded bidirectional byte pump: sends {@code n} bytes of {@code random.Random(seed)} data,
   * half-closes, reads to EOF; with "recv" first it reads to EOF before sending. Prints one line:
   * {@code sent N SHA received M SHA eof|reset}.
   */
  public static final String PUMP =
      """
      import socket,hashlib,sys,random
      role,host,port,n,seed,first=sys.argv[1],sys.argv[2],int(sys.argv[3]),int(sys.argv[4]),int(sys.argv[5]),sys.argv[6]
      if role=='server':
          l=socket.socket(); l.setsockopt(socket.SOL_SOCKET,socket.SO_REUSEADDR,1)
          l.bind((host,port)); l.listen(8); print('listening',file=sys.stderr,flush=True)
          c,_=l.accept()
      else:
          c=socket.create_connection((host,port),timeout=30)
      c.settimeout(120)
      data=random.Random(seed).randbytes(n)
      h=hashlib.sha256(); m=0; r='eof'
      def send():
          c.sendall(data); c.shutdown(socket.SHUT_WR)
      if first=='send': send()
      try:
          while True:
              b=c.recv(1<<20)
              if not b: break
              h.update(b); m+=len(b)
      except ConnectionResetError: r='reset'
      if first=='recv' and r=='eof': send()
      print('sent',n,hashlib.sha256(data).hexdigest(),'received',m,h.hexdigest(),r,flush=True)
      """;

  public final NetworkNamespace ns;
  final String tap;
  final Port port;
  public final TcpStack stack;
  private final TapPort tapPort;

  private LinuxTcpLab(
      final String prefix,
      final UnaryOperator<Port> decorate,
      final TcpConfig config,
      final TcpHandler handler) {
    tap = NetworkNamespace.randomName(prefix, TapPort.MAX_NAME_LENGTH);
    tapPort = TapPort.open(tap);
    NetworkNamespace created = null;
    try {
      created = NetworkNamespace.create(prefix);
      created.moveLink(tap);
      created.exec("ip", "addr", "add", LINUX_IP + "/24", "dev", tap).orFail();
      created.exec("ip", "link", "set", tap, "up").orFail();
      created.exec("ip", "link", "set", "lo", "up").orFail();
    } catch (final RuntimeException e) {
      tapPort.close();
      if (created != null) {
        created.close();
      }
      throw e;
    }
    ns = created;
    port = decorate.apply(tapPort);
    final HostAgent host =
        new HostAgent(
            new HostContext()
                .port(port)
                .mac(VSTACK_MAC)
                .address(VSTACK_ADDRESS)
                .arpReachableNanos(TimeUnit.MINUTES.toNanos(10)));
    stack = new TcpStack(host, config, handler, SystemNanoClock.INSTANCE);
  }

  public static LinuxTcpLab open(final String prefix) {
    return open(prefix, UnaryOperator.identity(), new TcpConfig(), new TcpHandler() {});
  }

  static LinuxTcpLab open(
      final String prefix,
      final UnaryOperator<Port> decorate,
      final TcpConfig config,
      final TcpHandler handler) {
    return new LinuxTcpLab(prefix, decorate, config, handler);
  }

  /** Starts the byte pump in the namespace. */
  Commands.Background pump(
      final String role,
      final String host,
      final int port,
      final long bytes,
      final long seed,
      final String first) {
    return ns.start(
        PYTHON,
        "-c",
        PUMP,
        role,
        host,
        Integer.toString(port),
        Long.toString(bytes),
        Long.toString(seed),
        first);
  }

  /** Waits until a background server printed {@code listening} on stderr. */
  public static void awaitListening(final Commands.Background server) {
    final long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!server.stderrSoFar().contains("listening") && System.nanoTime() < deadline) {
      sleep(10);
      if (!server.process().isAlive()) {
        break;
      }
    }
    assertThat(server.stderrSoFar()).as("server started").contains("listening");
  }

  /**
   * Keeps the stack running (retransmissions, ACKs, FIN) until a Linux program exits, then returns
   * its result; fails after {@code timeout}.
   */
  Commands.Result await(final Commands.Background linux, final Duration timeout) {
    runUntil(() -> !linux.process().isAlive(), timeout);
    return linux.await(Duration.ofSeconds(5));
  }

  /** Makes vstack learn Linux's MAC (ARP) before an active open. */
  public void resolveLinux() {
    run(() -> stack.host().resolve(LINUX_ADDRESS), Duration.ofSeconds(30), "ARP for Linux");
  }

  /** Connects from a random local port to Linux's {@code port}; asserts ESTABLISHED. */
  int connect(final int port, final Duration timeout) {
    resolveLinux();
    final TcpEngine engine = stack.engine();
    final int localPort = ThreadLocalRandom.current().nextInt(40_000, 60_000);
    final int id = engine.connect(VSTACK_ADDRESS, localPort, LINUX_ADDRESS, port, stack.now());
    assertThat(id).as("connection slot").isNotNegative();
    run(
        () -> engine.state(id) == TcpState.ESTABLISHED || engine.closeReason(id) != 0,
        timeout,
        "connect");
    assertThat(engine.state(id)).as("state after connect").isEqualTo(TcpState.ESTABLISHED);
    return id;
  }

  /**
   * Runs the stack's duty cycle, then {@code step}, until {@code step} returns true.
   *
   * @throws AssertionError after {@code timeout}
   */
  public void run(final BooleanSupplier step, final Duration timeout, final String what) {
    if (!runUntil(step, timeout)) {
      fail(what + " did not finish within " + timeout);
    }
  }

  /** Like {@link #run} but returns false at the timeout instead of failing. */
  public boolean runUntil(final BooleanSupplier step, final Duration timeout) {
    return runUntil(stack::doWork, step, stack::flush, timeout);
  }

  /**
   * Runs {@code dutyCycle}, then {@code step}, then {@code flush}, until {@code step} returns true;
   * spins while there is work and backs off when idle.
   *
   * @return false when {@code timeout} passed first
   */
  public static boolean runUntil(
      final IntSupplier dutyCycle,
      final BooleanSupplier step,
      final Runnable flush,
      final Duration timeout) {
    final long deadline = System.nanoTime() + timeout.toNanos();
    int idle = 0;
    while (true) {
      final int work = dutyCycle.getAsInt();
      final boolean done = step.getAsBoolean();
      flush.run();
      if (done) {
        return true;
      }
      if (System.nanoTime() - deadline > 0) {
        return false;
      }
      if (work == 0 && ++idle > 100) {
        Thread.onSpinWait();
        if (idle > 10_000) {
          Thread.yield();
        }
      } else if (work > 0) {
        idle = 0;
      }
    }
  }

  public static void sleep(final long millis) {
    try {
      Thread.sleep(millis);
    } catch (final InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  @Override
  public void close() {
    try {
      stack.onClose();
      port.close();
    } finally {
      ns.close();
    }
  }
}
