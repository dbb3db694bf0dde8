package io.vstack.bench;

import io.vstack.host.HostAgent;
import io.vstack.host.HostContext;
import io.vstack.port.MemoryPort;
import io.vstack.stack.TcpStack;
import io.vstack.tcp.TcpConfig;
import io.vstack.tcp.TcpEngine;
import io.vstack.tcp.TcpHandler;
import io.vstack.tcp.TcpState;
import io.vstack.wire.Ipv4Address;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.util.function.BooleanSupplier;
import org.agrona.concurrent.SystemNanoClock;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The vstack half of {@code vstack bench tcp}: two {@link TcpStack}s (each a {@link HostAgent} with
 * its own {@link TcpEngine}) on the two ends of a {@link MemoryPort} wire, both driven by the
 * calling thread in turn (one core, no syscalls, no wake-ups). Frames cross the wire as real
 * Ethernet/IPv4/TCP with checksums.
 */
public final class VstackTcpBench implements AutoCloseable {
  /** Result of a bulk transfer. */
  public record Bulk(long bytes, double seconds) {
    public double megabytesPerSecond() {
      return bytes / 1e6 / seconds;
    }
  }

  /** Result of the idle-connection memory measurement (bytes, per connection end). */
  public record IdleMemory(
      int connections, int bufferSize, double heapBytesPerEnd, double offHeapBytesPerEnd) {
    public double bytesPerEnd() {
      return heapBytesPerEnd + offHeapBytesPerEnd;
    }
  }

  static final int CLIENT = Ipv4Address.parse("192.0.2.1");
  static final int SERVER = Ipv4Address.parse("192.0.2.2");
  private static final long CLIENT_MAC = 0x0200_0000_00A1L;
  private static final long SERVER_MAC = 0x0200_0000_00B2L;
  private static final int PORT = 5001;
  private static final long WARM_UP_NANOS = 500_000_000L;
  private static final long HANDSHAKE_NANOS = 30_000_000_000L;

  /** Connections opened per pump round while measuring idle memory (the wire has 1024 slots). */
  private static final int OPEN_BATCH = 128;

  /** Local ports per server port for idle connections (above the 1024 reserved ones). */
  private static final int PORTS_PER_SERVER_PORT = 60_000;

  private final MemoryPort.Pair wire;
  private final TcpStack client;
  private final TcpStack server;
  private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64 * 1024]);
  private int nextLocalPort = 1024;
  private int nextServerPort = PORT;

  /**
   * @param config the engines' configuration (both ends)
   */
  public VstackTcpBench(final TcpConfig config) {
    wire = MemoryPort.pair("client", "server");
    client = stack(wire.a(), CLIENT_MAC, CLIENT, config);
    server = stack(wire.b(), SERVER_MAC, SERVER, config);
    pump(() -> client.host().resolve(SERVER) && server.host().resolve(CLIENT), HANDSHAKE_NANOS);
  }

  private static TcpStack stack(
      final MemoryPort port, final long mac, final int address, final TcpConfig config) {
    final HostAgent host =
        new HostAgent(
            new HostContext()
                .port(port)
                .mac(mac)
                .address(address)
                .clock(SystemNanoClock.INSTANCE)
                .arpReachableNanos(3_600_000_000_000L));
    return new TcpStack(host, config, new TcpHandler() {}, SystemNanoClock.INSTANCE);
  }

  /** Bulk transfer client to server for {@code nanos} after a warm-up; the server discards. */
  public Bulk bulk(final long nanos) {
    final int[] ids = connectPair();
    final TcpEngine a = client.engine();
    final TcpEngine b = server.engine();
    final long start = System.nanoTime();
    final long measureFrom = start + WARM_UP_NANOS;
    final long end = measureFrom + nanos;
    long counted = 0;
    boolean measuring = false;
    long now;
    while ((now = System.nanoTime()) < end) {
      if (!measuring && now >= measureFrom) {
        measuring = true;
        counted = 0;
      }
      a.write(ids[0], buffer, 0, Math.min(buffer.capacity(), a.writable(ids[0])), now);
      client.doWork();
      server.doWork();
      int n;
      while ((n = b.read(ids[1], buffer, 0, buffer.capacity(), now)) > 0) {
        counted += n;
      }
    }
    closePair(ids);
    return new Bulk(counted, nanos / 1e9);
  }

  /** One outstanding 64-byte request and a 64-byte response, for {@code nanos} after a warm-up. */
  public RpcResult rpc(final long nanos) {
    final int[] ids = connectPair();
    final TcpEngine a = client.engine();
    final TcpEngine b = server.engine();
    a.noDelay(ids[0], true);
    b.noDelay(ids[1], true);
    final RoundTripRecorder recorder = new RoundTripRecorder(WARM_UP_NANOS, nanos);
    for (long t0; recorder.running(t0 = System.nanoTime()); ) {
      if (a.write(ids[0], buffer, 0, RpcResult.MESSAGE, t0) != RpcResult.MESSAGE) {
        throw new IllegalStateException("request did not fit the send buffer");
      }
      client.flush();
      exchange(server, b, ids[1], client, true);
      exchange(client, a, ids[0], server, false);
      recorder.record(t0, System.nanoTime());
    }
    closePair(ids);
    return recorder.result();
  }

  /**
   * Runs both stacks until {@code reader} got one whole message on {@code id}; echoes it back when
   * {@code answer}.
   */
  private void exchange(
      final TcpStack readerStack,
      final TcpEngine reader,
      final int id,
      final TcpStack other,
      final boolean answer) {
    int got = 0;
    while (got < RpcResult.MESSAGE) {
      readerStack.doWork();
      final int n = reader.read(id, buffer, got, RpcResult.MESSAGE - got, System.nanoTime());
      if (n < 0) {
        throw new IllegalStateException("connection closed during the RPC benchmark");
      }
      got += n;
      if (n == 0) {
        other.doWork();
      }
    }
    if (answer) {
      reader.write(id, buffer, 0, RpcResult.MESSAGE, System.nanoTime());
      readerStack.flush();
    }
  }

  /**
   * Opens {@code connections} idle established connections and returns the heap and off-heap memory
   * they added per connection end (client and server each hold one TCB and its buffers). The
   * engines' fixed tables were sized for them at construction and are not counted.
   */
  public IdleMemory idleMemory(final int connections, final int bufferSize) {
    final long heapBefore = usedHeap();
    final long directBefore = usedDirect();
    final TcpEngine a = client.engine();
    final TcpEngine b = server.engine();
    final int[] listeners = new int[connections / PORTS_PER_SERVER_PORT + 1];
    for (int i = 0; i < listeners.length; i++) {
      listeners[i] = b.listen(SERVER, PORT + 100 + i, OPEN_BATCH * 2);
    }
    int opened = 0;
    int accepted = 0;
    final long deadline = System.nanoTime() + HANDSHAKE_NANOS + connections * 100_000L;
    while (accepted < connections) {
      final long now = System.nanoTime();
      if (now > deadline) {
        throw new IllegalStateException(
            "only " + accepted + " of " + connections + " idle connections opened in time");
      }
      for (int k = 0;
          k < OPEN_BATCH && opened < connections && opened - accepted < OPEN_BATCH;
          k++) {
        final int serverPort = PORT + 100 + opened / PORTS_PER_SERVER_PORT;
        final int localPort = 1024 + opened % PORTS_PER_SERVER_PORT;
        if (a.connect(CLIENT, localPort, SERVER, serverPort, now) < 0) {
          throw new IllegalStateException("no connection slot for idle connection " + opened);
        }
        opened++;
      }
      client.doWork();
      server.doWork();
      for (final int listener : listeners) {
        while (b.accept(listener) >= 0) {
          accepted++;
        }
      }
    }
    // Let the last handshake ACKs and any delayed ACK settle.
    final long settle = System.nanoTime() + 100_000_000L;
    pump(() -> System.nanoTime() > settle, HANDSHAKE_NANOS);
    if (a.connections() < connections || b.connections() < connections) {
      throw new IllegalStateException("idle connections were lost while settling");
    }
    final long heap = usedHeap() - heapBefore;
    final long direct = usedDirect() - directBefore;
    return new IdleMemory(
        connections, bufferSize, heap / (2.0 * connections), direct / (2.0 * connections));
  }

  private int[] connectPair() {
    final TcpEngine a = client.engine();
    final TcpEngine b = server.engine();
    final int port = nextServerPort++;
    final int listener = b.listen(SERVER, port, 4);
    final int id = a.connect(CLIENT, nextLocalPort++, SERVER, port, System.nanoTime());
    final int[] accepted = {-1};
    pump(() -> (accepted[0] = b.accept(listener)) >= 0, HANDSHAKE_NANOS);
    pump(() -> a.state(id) == TcpState.ESTABLISHED, HANDSHAKE_NANOS);
    return new int[] {id, accepted[0]};
  }

  private void closePair(final int[] ids) {
    client.engine().abort(ids[0], System.nanoTime());
    client.engine().close(ids[0], System.nanoTime());
    pump(() -> server.engine().closeReason(ids[1]) != 0, HANDSHAKE_NANOS);
    server.engine().close(ids[1], System.nanoTime());
  }

  private void pump(final BooleanSupplier done, final long timeoutNanos) {
    final long deadline = System.nanoTime() + timeoutNanos;
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the two vstack engines did not finish a step in time");
      }
      client.doWork();
      server.doWork();
    }
  }

  private static long usedHeap() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static long usedDirect() {
    for (final BufferPoolMXBean pool :
        ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
      if (pool.getName().equals("direct")) {
        return pool.getMemoryUsed();
      }
    }
    throw new IllegalStateException("no direct buffer pool MXBean");
  }

  @Override
  public void close() {
    client.onClose();
    server.onClose();
    wire.close();
  }
}
