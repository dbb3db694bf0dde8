package io.vstack.stack;

import io.vstack.tcp.TcpEngine;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * vstack's end of a bulk transfer on one connection: writes {@code toSend} seeded random bytes,
 * half-closes, and reads (hashing) until EOF; optionally sends only after EOF. SHA-256 of both
 * directions for comparison with the Linux side.
 */
public final class StreamPump {
  private static final int CHUNK = 64 * 1024;

  private final TcpEngine engine;
  private final int id;
  private final long toSend;
  private final boolean sendAfterEof;
  private final SplittableRandom data;
  private final MessageDigest sentDigest = sha256();
  private final MessageDigest receivedDigest = sha256();
  private final byte[] chunk = new byte[CHUNK];
  private final UnsafeBuffer chunkBuffer = new UnsafeBuffer(chunk);
  private final byte[] in = new byte[CHUNK];
  private final UnsafeBuffer inBuffer = new UnsafeBuffer(in);
  private int chunkPosition;
  private int chunkLength;
  private long generated;
  private long sent;
  private long sendLimit = Long.MAX_VALUE;
  private long received;
  private boolean eof;
  private boolean shutdown;
  private long firstByteNanos;
  private long lastByteNanos;

  public StreamPump(
      final TcpEngine engine,
      final int id,
      final long toSend,
      final long seed,
      final boolean sendAfterEof) {
    this.engine = engine;
    this.id = id;
    this.toSend = toSend;
    this.sendAfterEof = sendAfterEof;
    this.data = new SplittableRandom(seed);
  }

  /** One step; true when everything was sent (FIN queued) and EOF was read. */
  public boolean step(final long now) {
    while (true) {
      final int n = engine.read(id, inBuffer, 0, CHUNK, now);
      if (n > 0) {
        if (received == 0) {
          firstByteNanos = now;
        }
        receivedDigest.update(in, 0, n);
        received += n;
        lastByteNanos = now;
      } else {
        eof |= n == TcpEngine.EOF;
        if (n == TcpEngine.ERROR) {
          throw new AssertionError(
              "read failed on connection "
                  + id
                  + ": "
                  + engine.state(id)
                  + " close reason "
                  + engine.closeReason(id));
        }
        break;
      }
    }
    if (!sendAfterEof || eof) {
      write(now);
    }
    return eof && shutdown;
  }

  /** Sends no more than {@code bytes} in total until raised again (holds a transfer mid-way). */
  void limitSending(final long bytes) {
    sendLimit = bytes;
  }

  long sent() {
    return sent;
  }

  private void write(final long now) {
    final long allowed = Math.min(toSend, sendLimit);
    while (sent < allowed) {
      if (chunkPosition == chunkLength) {
        chunkLength = (int) Math.min(CHUNK, toSend - generated);
        data.nextBytes(chunk);
        sentDigest.update(chunk, 0, chunkLength);
        generated += chunkLength;
        chunkPosition = 0;
      }
      final int length = (int) Math.min(chunkLength - chunkPosition, allowed - sent);
      final int written = engine.write(id, chunkBuffer, chunkPosition, length, now);
      if (written <= 0) {
        if (written == TcpEngine.ERROR) {
          throw new AssertionError(
              "write failed on connection "
                  + id
                  + ": "
                  + engine.state(id)
                  + " close reason "
                  + engine.closeReason(id)
                  + " after "
                  + sent
                  + " bytes sent, "
                  + received
                  + " received");
        }
        return;
      }
      if (sent == 0) {
        firstByteNanos = firstByteNanos == 0 ? now : firstByteNanos;
      }
      chunkPosition += written;
      sent += written;
    }
    if (!shutdown && sent == toSend) {
      engine.shutdownOutput(id, now);
      shutdown = true;
    }
  }

  public long received() {
    return received;
  }

  public String sentSha256() {
    return HexFormat.of().formatHex(((MessageDigest) clone(sentDigest)).digest());
  }

  public String receivedSha256() {
    return HexFormat.of().formatHex(((MessageDigest) clone(receivedDigest)).digest());
  }

  /** Receive rate in MB/s (10^6 bytes) from the first to the last byte read. */
  public double receivedMegabytesPerSecond() {
    final long nanos = Math.max(1, lastByteNanos - firstByteNanos);
    return received * 1e3 / nanos;
  }

  private static Object clone(final MessageDigest digest) {
    try {
      return digest.clone();
    } catch (final CloneNotSupportedException e) {
      throw new AssertionError(e);
    }
  }

  public static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (final NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  public static String sha256(final byte[] data) {
    return HexFormat.of().formatHex(sha256().digest(data));
  }
}
