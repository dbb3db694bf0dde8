package io.vstack.tcp;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Two engines joined by a {@link SimulatedLink}, plus applications on both ends that stream a
 * deterministic byte pattern and hash what they send and receive (SHA-256). Time is simulated: the
 * loop jumps to the next packet delivery, but at most one millisecond, so timers run.
 *
 * <p>The loop itself does not allocate (digests update from preallocated arrays), which lets the
 * allocation test attribute every allocated byte to the engines.
 */
final class Simulation {
  static final int ADDRESS_A = 0x0A00_0001;
  static final int ADDRESS_B = 0x0A00_0002;
  static final int PORT_A = 40_000;
  static final int PORT_B = 80;
  static final long MS = 1_000_000L;

  final long seed;
  final SimulatedLink link;
  final TcpEngine a;
  final TcpEngine b;
  long now;

  /** One direction of application traffic. */
  static final class Stream {
    final long total;
    long written;
    long received;
    boolean eof;

    /** Stream offset of the first received byte that differs from the pattern, or -1. */
    long firstMismatch = -1;

    final MessageDigest sentDigest = sha256();
    final MessageDigest receivedDigest = sha256();

    Stream(final long total) {
      this.total = total;
    }
  }

  private final byte[] writeScratch = new byte[16 * 1024];
  private final UnsafeBuffer writeBuffer = new UnsafeBuffer(writeScratch);
  private final byte[] readScratch = new byte[64 * 1024];
  private final UnsafeBuffer readBuffer = new UnsafeBuffer(readScratch);

  Simulation(
      final TcpConfig configA,
      final TcpConfig configB,
      final SimulatedLink.Impairments imp,
      final long seed) {
    this(configA, configB, imp, seed, new TcpHandler() {}, new TcpHandler() {});
  }

  Simulation(
      final TcpConfig configA,
      final TcpConfig configB,
      final SimulatedLink.Impairments imp,
      final long seed,
      final TcpHandler handlerA,
      final TcpHandler handlerB) {
    this.seed = seed;
    this.link = new SimulatedLink(imp, seed);
    this.a = new TcpEngine(configA.secret(seed, 1), link.fromA, handlerA, 0);
    this.b = new TcpEngine(configB.secret(seed, 2), link.fromB, handlerB, 0);
    link.attach(a, b);
  }

  static TcpConfig config() {
    return new TcpConfig()
        .maxConnections(8)
        .sendBufferSize(256 * 1024)
        .receiveBufferSize(256 * 1024)
        .timeWaitNanos(1_000 * MS);
  }

  /** A listener on B and a connection from A; returns {idA, idB} once B accepted. */
  int[] connect(final long limitNanos) {
    final int listener = b.listen(ADDRESS_B, PORT_B, 16);
    link.now(now);
    final int idA = a.connect(ADDRESS_A, PORT_A, ADDRESS_B, PORT_B, now);
    int idB = -1;
    while (idB < 0 && now < limitNanos) {
      step();
      idB = b.accept(listener);
    }
    return new int[] {idA, idB};
  }

  /** Advances time to the next event (at most 1 ms) and runs link and timers. */
  void step() {
    final long next = Math.min(link.nextDelivery(), now + MS);
    now = Math.max(next, now + 1);
    link.deliverDue(now);
    link.now(now);
    a.poll(now);
    b.poll(now);
  }

  /** Pushes pattern bytes into {@code id} on {@code engine}; shuts output down when complete. */
  void pump(final TcpEngine engine, final int id, final Stream stream, final boolean shutdown) {
    link.now(now);
    while (stream.written < stream.total && engine.writable(id) > 0) {
      final int chunk = (int) Math.min(writeScratch.length, stream.total - stream.written);
      fill(stream.written, chunk);
      final int taken = engine.write(id, writeBuffer, 0, chunk, now);
      if (taken <= 0) {
        break;
      }
      stream.sentDigest.update(writeScratch, 0, taken);
      stream.written += taken;
    }
    if (shutdown && stream.written == stream.total) {
      engine.shutdownOutput(id, now);
    }
  }

  /** Reads everything available from {@code id} into the stream's digest. */
  void drain(final TcpEngine engine, final int id, final Stream stream) {
    link.now(now);
    while (true) {
      final int n = engine.read(id, readBuffer, 0, readScratch.length, now);
      if (n == TcpEngine.EOF) {
        stream.eof = true;
        return;
      }
      if (n <= 0) {
        return;
      }
      stream.receivedDigest.update(readScratch, 0, n);
      if (stream.firstMismatch < 0) {
        for (int i = 0; i < n; i++) {
          if (readScratch[i] != patternByte(stream.received + i)) {
            stream.firstMismatch = stream.received + i;
            break;
          }
        }
      }
      stream.received += n;
    }
  }

  /** The pattern: byte i of the stream is a cheap hash of i and the seed. */
  private void fill(final long position, final int length) {
    for (int i = 0; i < length; i++) {
      writeScratch[i] = patternByte(position + i);
    }
  }

  private byte patternByte(final long position) {
    return (byte) ((position * 0x9E37_79B9_7F4A_7C15L ^ seed) >>> 29);
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (final NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
