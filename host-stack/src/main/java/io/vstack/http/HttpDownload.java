package io.vstack.http;

import io.vstack.tcp.TcpEngine;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * One HTTP/1.1 {@code GET} over a {@link TcpEngine} connection: sends the request, parses the
 * status line and {@code Content-Length}, and streams the body to a {@link BodySink} without
 * buffering it. Call {@link #step} from the engine's thread until {@link #isDone()}.
 */
public final class HttpDownload {
  /** Longest response head accepted. */
  public static final int MAX_RESPONSE_HEAD = 16 * 1024;

  private static final int CHUNK = 64 * 1024;

  /** Receives the body as it arrives; the buffer is valid only during the call. */
  @FunctionalInterface
  public interface BodySink {
    void onBody(DirectBuffer buffer, int offset, int length);
  }

  private final TcpEngine engine;
  private final int id;
  private final BodySink sink;
  private final UnsafeBuffer request;
  private int requestSent;
  private final byte[] in = new byte[CHUNK];
  private final UnsafeBuffer inBuffer = new UnsafeBuffer(in);
  private final byte[] head = new byte[MAX_RESPONSE_HEAD];
  private int headLength;
  private boolean headDone;
  private int status = -1;
  private long contentLength = -1;
  private long bodyReceived;
  private boolean done;
  private String failure;

  /**
   * @param connection an open (or opening) connection of {@code engine}
   * @param host the {@code Host} header value
   * @param path the request target, starting with {@code /}
   */
  public HttpDownload(
      final TcpEngine engine,
      final int connection,
      final String host,
      final String path,
      final BodySink sink) {
    this.engine = engine;
    this.id = connection;
    this.sink = sink;
    this.request =
        new UnsafeBuffer(
            ("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
  }

  /** Sends what it can, reads what arrived; returns true when the download is over. */
  public boolean step(final long now) {
    if (!done) {
      advance(now);
      if (done) {
        engine.close(id, now);
      }
    }
    return done;
  }

  private void advance(final long now) {
    if (requestSent < request.capacity()) {
      final int written =
          engine.write(id, request, requestSent, request.capacity() - requestSent, now);
      if (written == TcpEngine.ERROR) {
        fail("connection closed before the request was sent");
        return;
      }
      requestSent += written;
    }
    while (!done) {
      final int n = engine.read(id, inBuffer, 0, CHUNK, now);
      if (n == 0) {
        break;
      }
      if (n < 0) {
        if (!headDone) {
          fail("connection closed before the response head");
          return;
        }
        if (contentLength >= 0 && bodyReceived < contentLength) {
          fail("connection closed after " + bodyReceived + " of " + contentLength + " bytes");
          return;
        }
        done = true;
        break;
      }
      consume(n);
    }
  }

  private void consume(final int n) {
    int offset = 0;
    if (!headDone) {
      final int take = Math.min(n, MAX_RESPONSE_HEAD - headLength);
      System.arraycopy(in, 0, head, headLength, take);
      final int searchFrom = Math.max(0, headLength - 3);
      headLength += take;
      final int end = HttpHead.end(head, searchFrom, headLength);
      if (end < 0) {
        if (headLength == MAX_RESPONSE_HEAD) {
          fail("response head longer than " + MAX_RESPONSE_HEAD + " bytes");
        }
        return;
      }
      offset = take - (headLength - end);
      headDone = true;
      if (!parseHead(new String(head, 0, end, StandardCharsets.ISO_8859_1))) {
        return;
      }
    }
    final long room = contentLength < 0 ? Long.MAX_VALUE : contentLength - bodyReceived;
    final int length = (int) Math.min(n - offset, room);
    if (length > 0) {
      sink.onBody(inBuffer, offset, length);
      bodyReceived += length;
    }
    if (contentLength >= 0 && bodyReceived == contentLength) {
      done = true;
    }
  }

  private boolean parseHead(final String text) {
    final String[] lines = text.split("\r\n");
    final String[] statusLine = lines[0].split(" ", 3);
    if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/1.")) {
      return fail("malformed status line: " + lines[0]);
    }
    try {
      status = Integer.parseInt(statusLine[1]);
      for (int i = 1; i < lines.length; i++) {
        final int colon = lines[i].indexOf(':');
        if (colon > 0
            && lines[i]
                .substring(0, colon)
                .trim()
                .toLowerCase(Locale.ROOT)
                .equals("content-length")) {
          contentLength = Long.parseLong(lines[i].substring(colon + 1).trim());
        }
      }
    } catch (final NumberFormatException e) {
      return fail("malformed status or Content-Length: " + e.getMessage());
    }
    return true;
  }

  private boolean fail(final String why) {
    failure = why;
    done = true;
    return true;
  }

  public boolean isDone() {
    return done;
  }

  /** Why the download failed, or null when it succeeded (or is still running). */
  public String failure() {
    return failure;
  }

  /** The response status code, -1 before the head arrived. */
  public int status() {
    return status;
  }

  /** {@code Content-Length} of the response, -1 when absent (body ends at EOF). */
  public long contentLength() {
    return contentLength;
  }

  public long bodyReceived() {
    return bodyReceived;
  }
}
