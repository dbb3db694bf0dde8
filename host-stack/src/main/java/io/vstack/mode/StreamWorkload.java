package io.vstack.mode;

import io.vstack.port.MemoryPort;
import io.vstack.port.PortCounters;
import io.vstack.tcp.TcpConfig;
import io.vstack.tcp.TcpEngine;
import io.vstack.tcp.TcpState;
import io.vstack.wire.OverlayProtocol;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Two hosts of one {@link StackMode} joined by a {@link MemoryPort} wire, driven on one thread:
 * {@code connections} established TCP connections (spread over the tenants) stream messages from
 * the first host to the second, which reads them and acknowledges. Nagle is off, and each
 * connection keeps at most {@link Shape#inFlightBytes()} unacknowledged, so small messages leave as
 * one segment each instead of coalescing behind a full window.
 *
 * <p>{@link #round()} is one duty cycle of both hosts plus the application's reads and writes;
 * {@link #framesCrossed()} counts the frames that crossed the wire in both directions (data and
 * ACKs), the packets a benchmark divides its time by. With {@code verify} every connection hashes
 * what it sent and received (SHA-256), to check that a mode delivers the bytes intact; benchmarks
 * leave it off.
 */
public final class StreamWorkload implements AutoCloseable {
  /** The first server port; tenant {@code t} listens on {@code SERVER_PORT + t}. */
  public static final int SERVER_PORT = 5001;

  /** MSS of every engine: the segment fits the overlay's inner MTU, so all modes send alike. */
  public static final int MSS = 1400;

  private static final int CLIENT_PORT = 40_000;
  private static final int PATTERN_LENGTH = 1 << 16;
  private static final long STALL_NANOS = TimeUnit.SECONDS.toNanos(10);

  /**
   * What the connections send.
   *
   * @param tenants tenants per host (connection {@code c} belongs to tenant {@code c % tenants})
   * @param connections established connections
   * @param messageLength bytes per application write
   * @param inFlightBytes unacknowledged bytes a connection may have before it stops writing
   */
  public record Shape(int tenants, int connections, int messageLength, int inFlightBytes) {
    public Shape {
      if (tenants < 1 || tenants > HostPlan.MAX_TENANTS) {
        throw new IllegalArgumentException(
            "tenants must be 1.." + HostPlan.MAX_TENANTS + ": " + tenants);
      }
      if (connections < 1 || connections > 1000) {
        throw new IllegalArgumentException("connections must be 1..1000: " + connections);
      }
      if (messageLength < 1 || messageLength > PATTERN_LENGTH / 2) {
        throw new IllegalArgumentException(
            "message length must be 1.." + PATTERN_LENGTH / 2 + ": " + messageLength);
      }
      if (inFlightBytes < messageLength) {
        throw new IllegalArgumentException("in-flight bytes must be at least one message");
      }
    }

    /**
     * 64-byte messages, at most 32 in flight per connection: one small segment per message; the
     * receiver acknowledges about every 22nd (each MSS of window its reads free).
     */
    public static Shape small(final int tenants, final int connections) {
      return new Shape(tenants, connections, 64, 32 * 64);
    }

    /** 16 KiB writes, 64 KiB in flight per connection: MSS-sized segments. */
    public static Shape bulk(final int tenants, final int connections) {
      return new Shape(tenants, connections, 16 * 1024, 64 * 1024);
    }
  }

  private final StackMode mode;
  private final Shape shape;
  private final NanoClock clock;
  private final boolean verify;
  private final MemoryPort.Pair wire;
  private final ModeHost client;
  private final ModeHost server;
  private final UnsafeBuffer pattern;
  private final byte[] patternBytes;
  private final byte[] in = new byte[PATTERN_LENGTH];
  private final UnsafeBuffer inBuffer = new UnsafeBuffer(in);
  private final TcpEngine[] clientEngines;
  private final TcpEngine[] serverEngines;
  private final int[] clientIds;
  private final int[] serverIds;
  private final int[] position;
  private final long[] sent;
  private final long[] received;
  private final MessageDigest[] sentDigests;
  private final MessageDigest[] receivedDigests;
  private int established;
  private boolean writing = true;

  /**
   * Builds both hosts on a new wire; call {@link #establish()} before {@link #run}.
   *
   * @param verify hash every byte sent and received (for tests)
   */
  public StreamWorkload(
      final StackMode mode, final Shape shape, final NanoClock clock, final boolean verify) {
    this.mode = mode;
    this.shape = shape;
    this.clock = clock;
    this.verify = verify;
    final HostPlan[] plans = HostPlan.twoHosts(shape.tenants(), OverlayProtocol.VXLAN);
    final TcpConfig tcp =
        new TcpConfig().nagle(false).mss(MSS).maxConnections(shape.connections() + 16);
    this.wire =
        MemoryPort.pair(
            "client", "server", MemoryPort.DEFAULT_SLOTS, MemoryPort.DEFAULT_MAX_FRAME_LENGTH);
    this.client = mode.build(wire.a(), plans[0], tcp, clock);
    this.server = mode.build(wire.b(), plans[1], tcp, clock);
    this.patternBytes = new byte[PATTERN_LENGTH];
    new SplittableRandom(0x5EED).nextBytes(patternBytes);
    this.pattern = new UnsafeBuffer(patternBytes);
    final int n = shape.connections();
    this.clientEngines = new TcpEngine[n];
    this.serverEngines = new TcpEngine[n];
    this.clientIds = new int[n];
    this.serverIds = new int[n];
    this.position = new int[n];
    this.sent = new long[n];
    this.received = new long[n];
    this.sentDigests = new MessageDigest[n];
    this.receivedDigests = new MessageDigest[n];
    for (int c = 0; c < n; c++) {
      position[c] = (c * 977) % (PATTERN_LENGTH / 2);
      if (verify) {
        sentDigests[c] = sha256();
        receivedDigests[c] = sha256();
      }
    }
  }

  public StackMode mode() {
    return mode;
  }

  public Shape shape() {
    return shape;
  }

  /** The sending host (0) or the receiving host (1). */
  public ModeHost host(final int index) {
    return index == 0 ? client : server;
  }

  /**
   * Resolves the next hops and opens every connection, one after the other.
   *
   * @throws IllegalStateException when that does not complete within seconds
   */
  public StreamWorkload establish() {
    final int tenants = shape.tenants();
    final int[] listeners = new int[tenants];
    for (int slot = 0; slot < tenants; slot++) {
      listeners[slot] =
          server.engine(slot).listen(server.address(slot), SERVER_PORT + slot, shape.connections());
      final int s = slot;
      roundsUntil(
          () -> client.resolve(s, server.address(s)) & server.resolve(s, client.address(s)),
          "resolving the peer of tenant " + slot);
    }
    for (int c = 0; c < shape.connections(); c++) {
      final int slot = c % tenants;
      clientEngines[c] = client.engine(slot);
      serverEngines[c] = server.engine(slot);
      clientIds[c] =
          clientEngines[c].connect(
              client.address(slot),
              CLIENT_PORT + c,
              server.address(slot),
              SERVER_PORT + slot,
              clock.nanoTime());
      if (clientIds[c] < 0) {
        throw new IllegalStateException("connection " + c + " could not be opened");
      }
      client.flush();
      final int connection = c;
      roundsUntil(
          () -> (serverIds[connection] = serverEngines[connection].accept(listeners[slot])) >= 0,
          "accepting connection " + c);
      if (clientEngines[c].state(clientIds[c]) != TcpState.ESTABLISHED) {
        throw new IllegalStateException(
            "connection " + c + " is " + clientEngines[c].state(clientIds[c]));
      }
      established = c + 1;
    }
    return this;
  }

  private void roundsUntil(final BooleanSupplier done, final String what) {
    final long deadline = clock.nanoTime() + STALL_NANOS;
    while (!done.getAsBoolean()) {
      round();
      if (clock.nanoTime() - deadline > 0) {
        throw new IllegalStateException(mode.label() + ": stalled " + what);
      }
    }
  }

  /**
   * Runs rounds until at least {@code frames} more frames crossed the wire.
   *
   * @return the frames that crossed (at least {@code frames}, at most one round's worth more)
   * @throws IllegalStateException when no frame crosses for seconds
   */
  public long run(final long frames) {
    final long start = framesCrossed();
    long last = start;
    long lastProgress = clock.nanoTime();
    int rounds = 0;
    long crossed;
    while ((crossed = framesCrossed()) - start < frames) {
      round();
      if ((++rounds & 1023) == 0) {
        final long now = clock.nanoTime();
        if (crossed != last) {
          last = crossed;
          lastProgress = now;
        } else if (now - lastProgress > STALL_NANOS) {
          throw new IllegalStateException(
              mode.label() + ": no frame crossed the wire for 10 s after " + (crossed - start));
        }
      }
    }
    return crossed - start;
  }

  /** One duty cycle of both hosts and one step of every connection's reader and writer. */
  public void round() {
    client.doWork();
    server.doWork();
    final long now = clock.nanoTime();
    for (int c = 0; c < established; c++) {
      read(c, now);
      if (writing) {
        write(c, now);
      }
    }
    client.flush();
    server.flush();
  }

  private void read(final int c, final long now) {
    int n;
    while ((n = serverEngines[c].read(serverIds[c], inBuffer, 0, in.length, now)) > 0) {
      if (verify) {
        receivedDigests[c].update(in, 0, n);
      }
      received[c] += n;
    }
    if (n == TcpEngine.ERROR || n == TcpEngine.EOF) {
      throw new IllegalStateException(
          mode.label() + ": connection " + c + " ended: " + serverEngines[c].state(serverIds[c]));
    }
  }

  private void write(final int c, final long now) {
    final TcpEngine engine = clientEngines[c];
    final int id = clientIds[c];
    final int length = shape.messageLength();
    while (engine.unacknowledged(id) + length <= shape.inFlightBytes()) {
      final int written = engine.write(id, pattern, position[c], length, now);
      if (written <= 0) {
        if (written == TcpEngine.ERROR) {
          throw new IllegalStateException(
              mode.label() + ": connection " + c + " cannot write: " + engine.state(id));
        }
        return;
      }
      if (verify) {
        sentDigests[c].update(patternBytes, position[c], written);
      }
      sent[c] += written;
      position[c] = (position[c] + written) % (PATTERN_LENGTH / 2);
    }
  }

  /**
   * Stops writing and runs rounds until every connection delivered all it wrote.
   *
   * @throws IllegalStateException when that does not happen within seconds
   */
  public void drain() {
    writing = false;
    roundsUntil(
        () -> {
          for (int c = 0; c < established; c++) {
            if (received[c] != sent[c]) {
              return false;
            }
          }
          return true;
        },
        "draining");
  }

  /** The counters of the wire's end at host {@code index} (0 sends, 1 receives). */
  public PortCounters wireCounters(final int index) {
    return index == 0 ? wire.a().counters() : wire.b().counters();
  }

  /** Frames that crossed the wire so far, both directions. */
  public long framesCrossed() {
    return wire.a().counters().txFrames() + wire.b().counters().txFrames();
  }

  /** Frames the wire dropped (a ring was full). */
  public long framesDropped() {
    return wire.a().counters().txDropped() + wire.b().counters().txDropped();
  }

  /** Bytes connection {@code c} delivered to the receiving application. */
  public long received(final int c) {
    return received[c];
  }

  /** Bytes connection {@code c}'s sender wrote. */
  public long sent(final int c) {
    return sent[c];
  }

  /** Bytes delivered by all connections. */
  public long bytesDelivered() {
    long total = 0;
    for (final long r : received) {
      total += r;
    }
    return total;
  }

  /** SHA-256 of what connection {@code c} wrote (requires {@code verify}). */
  public String sentSha256(final int c) {
    return hex(sentDigests[c]);
  }

  /** SHA-256 of what connection {@code c} delivered (requires {@code verify}). */
  public String receivedSha256(final int c) {
    return hex(receivedDigests[c]);
  }

  private static String hex(final MessageDigest digest) {
    try {
      return HexFormat.of().formatHex(((MessageDigest) digest.clone()).digest());
    } catch (final CloneNotSupportedException e) {
      throw new IllegalStateException(e);
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (final NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    client.close();
    server.close();
    wire.close();
  }
}
