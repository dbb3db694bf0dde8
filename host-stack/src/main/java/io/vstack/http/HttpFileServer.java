package io.vstack.http;

import io.vstack.tcp.TcpEngine;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Serves the regular files under a directory with HTTP/1.1 {@code GET} on a {@link TcpEngine}
 * listener: {@code 200} with {@code Content-Length}, {@code 404} for a missing file, {@code 400}
 * for a malformed request or a path leaving the root, {@code 405} for other methods. Every response
 * ends with {@code Connection: close} and a FIN.
 *
 * <p>Call {@link #doWork} from the engine's thread; it accepts, reads requests and streams bodies
 * (file → direct buffer → engine) as far as the send buffers take them.
 */
public final class HttpFileServer implements AutoCloseable {
  /** Longest request head (request line and headers) accepted. */
  public static final int MAX_REQUEST_HEAD = 8192;

  private static final int BODY_CHUNK = 64 * 1024;

  private final TcpEngine engine;
  private final Path root;
  private final int listener;
  private final Exchange[] exchanges;
  private long responses;

  /**
   * Listens on {@code port}.
   *
   * @param maxConnections exchanges served at once (also the listener's backlog)
   */
  public HttpFileServer(
      final TcpEngine engine,
      final int address,
      final int port,
      final Path root,
      final int maxConnections) {
    this.engine = engine;
    this.root = root.toAbsolutePath().normalize();
    this.listener = engine.listen(address, port, maxConnections);
    this.exchanges = new Exchange[maxConnections];
    for (int i = 0; i < maxConnections; i++) {
      exchanges[i] = new Exchange();
    }
  }

  /** Responses fully handed to TCP so far. */
  public long responses() {
    return responses;
  }

  /** Advances every exchange; returns the work done (0 when idle). */
  public int doWork(final long now) {
    int work = 0;
    for (final Exchange exchange : exchanges) {
      if (exchange.id < 0) {
        final int id = engine.accept(listener);
        if (id < 0) {
          continue;
        }
        exchange.start(id);
        work++;
      }
      work += exchange.step(now);
    }
    return work;
  }

  @Override
  public void close() {
    for (final Exchange exchange : exchanges) {
      exchange.closeFile();
    }
  }

  private enum Phase {
    REQUEST,
    RESPONSE,
    DRAIN
  }

  /** One connection: request head in, response head and body out. */
  private final class Exchange {
    int id = -1;
    private Phase phase;
    private final byte[] head = new byte[MAX_REQUEST_HEAD];
    private final UnsafeBuffer headBuffer = new UnsafeBuffer(head);
    private int headLength;
    private final ByteBuffer chunk = ByteBuffer.allocateDirect(BODY_CHUNK);
    private final UnsafeBuffer chunkBuffer = new UnsafeBuffer(chunk);
    private final UnsafeBuffer discard = new UnsafeBuffer(new byte[4096]);
    private int chunkPosition;
    private int chunkLength;
    private FileChannel file;
    private long bodyRemaining;

    void start(final int connection) {
      id = connection;
      phase = Phase.REQUEST;
      headLength = 0;
      chunkPosition = 0;
      chunkLength = 0;
      bodyRemaining = 0;
    }

    int step(final long now) {
      if (id < 0) {
        return 0;
      }
      return switch (phase) {
        case REQUEST -> readRequest(now);
        case RESPONSE -> sendResponse(now);
        case DRAIN -> drain(now);
      };
    }

    private int readRequest(final long now) {
      final int n = engine.read(id, headBuffer, headLength, MAX_REQUEST_HEAD - headLength, now);
      if (n == TcpEngine.EOF || n == TcpEngine.ERROR) {
        finish(now);
        return 1;
      }
      if (n == 0) {
        return 0;
      }
      headLength += n;
      final int end = HttpHead.end(head, 0, headLength);
      if (end < 0) {
        if (headLength == MAX_REQUEST_HEAD) {
          respond(400, "request head too long\n", now);
        }
        return 1;
      }
      handle(new String(head, 0, end, StandardCharsets.ISO_8859_1), now);
      return 1;
    }

    private void handle(final String requestHead, final long now) {
      final String[] requestLine = requestHead.substring(0, requestHead.indexOf('\r')).split(" ");
      if (requestLine.length != 3
          || !requestLine[2].startsWith("HTTP/1.")
          || !requestLine[1].startsWith("/")) {
        respond(400, "malformed request line\n", now);
        return;
      }
      if (!requestLine[0].equals("GET")) {
        respond(405, "only GET is served\n", now);
        return;
      }
      final String target = requestLine[1];
      final int query = target.indexOf('?');
      final Path path =
          root.resolve((query < 0 ? target : target.substring(0, query)).substring(1)).normalize();
      if (!path.startsWith(root)) {
        respond(400, "path outside the served directory\n", now);
        return;
      }
      if (!Files.isRegularFile(path)) {
        respond(404, "not found\n", now);
        return;
      }
      try {
        file = FileChannel.open(path, StandardOpenOption.READ);
        bodyRemaining = file.size();
      } catch (final IOException e) {
        closeFile();
        respond(404, "cannot read file\n", now);
        return;
      }
      stage(
          "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: "
              + bodyRemaining
              + "\r\nConnection: close\r\n\r\n");
      phase = Phase.RESPONSE;
      sendResponse(now);
    }

    private void respond(final int status, final String body, final long now) {
      final String reason =
          switch (status) {
            case 400 -> "Bad Request";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            default -> "Error";
          };
      stage(
          "HTTP/1.1 "
              + status
              + " "
              + reason
              + "\r\nContent-Type: text/plain\r\nContent-Length: "
              + body.length()
              + "\r\nConnection: close\r\n\r\n"
              + body);
      phase = Phase.RESPONSE;
      sendResponse(now);
    }

    private void stage(final String text) {
      final byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
      chunkBuffer.putBytes(0, bytes);
      chunkPosition = 0;
      chunkLength = bytes.length;
    }

    private int sendResponse(final long now) {
      int work = 0;
      while (true) {
        if (chunkPosition == chunkLength && !refill(now)) {
          break;
        }
        final int written =
            engine.write(id, chunkBuffer, chunkPosition, chunkLength - chunkPosition, now);
        if (written == TcpEngine.ERROR) {
          finish(now);
          return 1;
        }
        if (written == 0) {
          return work;
        }
        chunkPosition += written;
        work++;
      }
      closeFile();
      responses++;
      engine.shutdownOutput(id, now);
      phase = Phase.DRAIN;
      return work + 1;
    }

    /** Reads the next piece of the file; false when the body is complete. */
    private boolean refill(final long now) {
      if (file == null || bodyRemaining == 0) {
        return false;
      }
      chunk.clear().limit((int) Math.min(BODY_CHUNK, bodyRemaining));
      try {
        final int n = file.read(chunk);
        if (n <= 0) {
          throw new IOException("file shrank while being served");
        }
        chunkPosition = 0;
        chunkLength = n;
        bodyRemaining -= n;
        return true;
      } catch (final IOException e) {
        // The head promised more bytes than exist: the client must see a broken response.
        bodyRemaining = 0;
        engine.abort(id, now);
        closeFile();
        return false;
      }
    }

    /** After our FIN: wait for the client's, discarding anything it still sends. */
    private int drain(final long now) {
      final int n = engine.read(id, discard, 0, discard.capacity(), now);
      if (n == TcpEngine.EOF || n == TcpEngine.ERROR) {
        finish(now);
        return 1;
      }
      return n > 0 ? 1 : 0;
    }

    private void finish(final long now) {
      closeFile();
      engine.close(id, now);
      id = -1;
    }

    void closeFile() {
      if (file != null) {
        try {
          file.close();
        } catch (final IOException e) {
          // Nothing to recover: the descriptor is gone either way.
        }
        file = null;
      }
    }
  }
}
