package io.vstack.demo;

import io.vstack.http.HttpDownload;
import io.vstack.tcp.TcpEngine;
import io.vstack.wire.Ipv4Address;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A tenant application: one HTTP download from a server vIP, connected on its first step (so the
 * SYN is charged to the tenant), its body hashed with SHA-256 as it arrives and compared with the
 * file the server holds.
 */
final class Transfer implements ChargedHost.App {
  private final String tenant;
  private final TcpEngine engine;
  private final int localVip;
  private final int localPort;
  private final int serverVip;
  private final String path;
  private final long expectedBytes;
  private final String expectedSha256;
  private final MessageDigest sha256;
  private final byte[] chunk = new byte[64 * 1024];
  private HttpDownload download;
  private String failure;
  private String receivedSha256;
  private final long startNanos = System.nanoTime();
  private long elapsedNanos;
  private boolean done;

  Transfer(
      final String tenant,
      final TcpEngine engine,
      final int localVip,
      final int localPort,
      final int serverVip,
      final String path,
      final long expectedBytes,
      final String expectedSha256) {
    this.tenant = tenant;
    this.engine = engine;
    this.localVip = localVip;
    this.localPort = localPort;
    this.serverVip = serverVip;
    this.path = path;
    this.expectedBytes = expectedBytes;
    this.expectedSha256 = expectedSha256;
    try {
      this.sha256 = MessageDigest.getInstance("SHA-256");
    } catch (final NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  @Override
  public int step(final long now) {
    if (isDone()) {
      return 0;
    }
    if (download == null) {
      final int id = engine.connect(localVip, localPort, serverVip, RemoteHost.HTTP_PORT, now);
      if (id < 0) {
        return finish("connect failed (" + id + ")");
      }
      download =
          new HttpDownload(
              engine,
              id,
              Ipv4Address.toString(serverVip),
              path,
              (buffer, offset, length) -> {
                for (int done = 0; done < length; done += chunk.length) {
                  final int n = Math.min(chunk.length, length - done);
                  buffer.getBytes(offset + done, chunk, 0, n);
                  sha256.update(chunk, 0, n);
                }
              });
      return 1;
    }
    final long before = download.bodyReceived();
    if (download.step(now)) {
      finish(check());
    }
    return download.bodyReceived() != before || isDone() ? 1 : 0;
  }

  private String check() {
    if (download.failure() != null) {
      return download.failure();
    }
    if (download.status() != 200) {
      return "HTTP status " + download.status();
    }
    receivedSha256 = HexFormat.of().formatHex(sha256.digest());
    if (download.bodyReceived() != expectedBytes) {
      return download.bodyReceived() + " bytes instead of " + expectedBytes;
    }
    return receivedSha256.equals(expectedSha256) ? null : "SHA-256 differs from the file's";
  }

  private int finish(final String why) {
    failure = why;
    elapsedNanos = System.nanoTime() - startNanos;
    done = true;
    return 1;
  }

  boolean isDone() {
    return done;
  }

  boolean passed() {
    return isDone() && failure == null;
  }

  /** Why it failed, or null. */
  String failure() {
    return failure;
  }

  String tenant() {
    return tenant;
  }

  String url() {
    return "http://" + Ipv4Address.toString(serverVip) + path;
  }

  long bytes() {
    return download == null ? 0 : download.bodyReceived();
  }

  long expectedBytes() {
    return expectedBytes;
  }

  /** SHA-256 of the body, hex, once done (null before or when the body never completed). */
  String sha256() {
    return receivedSha256;
  }

  /** Wall-clock time from creation to completion. */
  long elapsedNanos() {
    return elapsedNanos;
  }
}
