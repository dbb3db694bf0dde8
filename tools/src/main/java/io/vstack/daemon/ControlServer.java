package io.vstack.daemon;

import io.vstack.control.ControlProtocol;
import io.vstack.control.Json;
import java.io.IOException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The control socket: a Unix domain socket, mode 0600, served by one non-blocking selector thread,
 * so a slow, silent or hostile client never blocks the others.
 *
 * <p>Limits: at most {@link #MAX_CONNECTIONS} connections (more are told so and closed), requests
 * of at most {@link ControlProtocol#MAX_REQUEST_BYTES} bytes (a longer line gets an error reply and
 * the connection is closed), connections idle longer than the idle timeout are closed, and a client
 * that does not read its replies is dropped once {@link #MAX_PENDING_REPLY_BYTES} are queued. A
 * request that is not UTF-8 or not JSON gets an error reply; the handler's exceptions become error
 * replies too. Nothing a client sends ends the server.
 */
public final class ControlServer implements AutoCloseable {
  /** Connections served at once. */
  public static final int MAX_CONNECTIONS = 64;

  /** Replies queued for one client that is not reading before it is dropped. */
  public static final int MAX_PENDING_REPLY_BYTES = 4 * 1024 * 1024;

  private final Path socket;
  private final ServerSocketChannel server;
  private final Selector selector;
  private final Function<String, Map<String, Object>> handler;
  private final long idleTimeoutNanos;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile boolean running = true;

  private ControlServer(
      final Path socket,
      final ServerSocketChannel server,
      final Selector selector,
      final Function<String, Map<String, Object>> handler,
      final Duration idleTimeout) {
    this.socket = socket;
    this.server = server;
    this.selector = selector;
    this.handler = handler;
    this.idleTimeoutNanos = idleTimeout.toNanos();
  }

  /**
   * Binds {@code socket} (creating its directory with mode 0700 if missing; removing a stale socket
   * file nobody listens on) and sets the socket file to mode 0600.
   *
   * @param handler turns one request line into the reply object; may throw, which becomes an error
   *     reply
   * @throws IOException when another daemon already listens there, or binding fails
   */
  public static ControlServer bind(
      final Path socket,
      final Function<String, Map<String, Object>> handler,
      final Duration idleTimeout)
      throws IOException {
    final Path dir = socket.toAbsolutePath().getParent();
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(dir);
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    }
    if (Files.exists(socket)) {
      if (listening(socket)) {
        throw new IOException("another daemon is already serving " + socket);
      }
      Files.delete(socket);
    }
    final ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    try {
      server.bind(UnixDomainSocketAddress.of(socket));
      Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
      server.configureBlocking(false);
      final Selector selector = Selector.open();
      server.register(selector, SelectionKey.OP_ACCEPT);
      return new ControlServer(socket, server, selector, handler, idleTimeout);
    } catch (final IOException | RuntimeException e) {
      server.close();
      Files.deleteIfExists(socket);
      throw e;
    }
  }

  private static boolean listening(final Path socket) {
    try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      probe.connect(UnixDomainSocketAddress.of(socket));
      return true;
    } catch (final ConnectException e) {
      return false;
    } catch (final IOException e) {
      return false;
    }
  }

  /** The socket file served. */
  public Path socket() {
    return socket;
  }

  /** Serves until {@link #close()}; then closes every connection and removes the socket file. */
  public void run() {
    final List<Connection> connections = new ArrayList<>();
    try {
      while (running) {
        selector.select(250);
        for (final SelectionKey key : selector.selectedKeys()) {
          if (!key.isValid()) {
            continue;
          }
          if (key.isAcceptable()) {
            accept(connections);
          } else if (key.attachment() instanceof Connection connection) {
            connection.service(key);
          }
        }
        selector.selectedKeys().clear();
        final long now = System.nanoTime();
        connections.removeIf(c -> c.closeIfDone(now));
      }
    } catch (final IOException e) {
      System.err.println("vstack daemon: control socket failed: " + e.getMessage());
    } finally {
      connections.forEach(Connection::close);
      try {
        selector.close();
        server.close();
        Files.deleteIfExists(socket);
      } catch (final IOException e) {
        System.err.println("vstack daemon: cannot remove " + socket + ": " + e.getMessage());
      }
      stopped.countDown();
    }
  }

  /** Stops {@link #run()} and waits (bounded) until the socket file is gone. */
  @Override
  public void close() {
    running = false;
    selector.wakeup();
    try {
      stopped.await(5, TimeUnit.SECONDS);
    } catch (final InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void accept(final List<Connection> connections) throws IOException {
    final SocketChannel channel = server.accept();
    if (channel == null) {
      return;
    }
    channel.configureBlocking(false);
    final Connection connection = new Connection(channel);
    if (connections.size() >= MAX_CONNECTIONS) {
      connection.reply(
          error(
              "too many connections (" + MAX_CONNECTIONS + "); try again",
              ControlProtocol.KIND_FAILED));
      connection.closeAfterReplies = true;
    }
    connection.key = channel.register(selector, SelectionKey.OP_READ, connection);
    connection.flush();
    connections.add(connection);
  }

  static Map<String, Object> error(final String message, final String kind) {
    final Map<String, Object> reply = new LinkedHashMap<>();
    reply.put("ok", false);
    reply.put("error", message);
    reply.put("kind", kind);
    return reply;
  }

  private final class Connection {
    final SocketChannel channel;
    final ByteBuffer input = ByteBuffer.allocate(ControlProtocol.MAX_REQUEST_BYTES);
    final ArrayDeque<ByteBuffer> output = new ArrayDeque<>();
    final CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    SelectionKey key;
    int pendingBytes;
    long lastActive = System.nanoTime();
    boolean closeAfterReplies;
    boolean closed;

    Connection(final SocketChannel channel) {
      this.channel = channel;
    }

    void service(final SelectionKey selected) {
      lastActive = System.nanoTime();
      try {
        if (selected.isReadable() && !closeAfterReplies) {
          read();
        }
        if (selected.isValid() && selected.isWritable()) {
          flush();
        }
      } catch (final IOException e) {
        close();
      }
    }

    private void read() throws IOException {
      final int n = channel.read(input);
      if (n < 0) {
        closeAfterReplies = true;
        flush();
        return;
      }
      int start = 0;
      final byte[] bytes = input.array();
      for (int i = 0; i < input.position(); i++) {
        if (bytes[i] == '\n') {
          handle(ByteBuffer.wrap(bytes, start, i - start));
          start = i + 1;
          if (closeAfterReplies) {
            break;
          }
        }
      }
      input.flip().position(start);
      input.compact();
      if (!input.hasRemaining() && !closeAfterReplies) {
        reply(
            error(
                "request longer than " + ControlProtocol.MAX_REQUEST_BYTES + " bytes",
                ControlProtocol.KIND_INPUT));
        closeAfterReplies = true;
      }
      flush();
    }

    private void handle(final ByteBuffer line) {
      final String text;
      try {
        final CharBuffer chars = decoder.reset().decode(line);
        text = chars.toString();
      } catch (final CharacterCodingException e) {
        reply(error("request is not UTF-8 text", ControlProtocol.KIND_INPUT));
        return;
      }
      if (text.isBlank()) {
        return;
      }
      Map<String, Object> reply;
      try {
        reply = handler.apply(text);
      } catch (final RuntimeException e) {
        reply =
            error(
                "internal error: " + String.valueOf(e).replaceAll("[\\r\\n]+", " "),
                ControlProtocol.KIND_FAILED);
      }
      reply(reply);
    }

    void reply(final Map<String, Object> reply) {
      final byte[] bytes = (Json.write(reply) + "\n").getBytes(StandardCharsets.UTF_8);
      pendingBytes += bytes.length;
      output.add(ByteBuffer.wrap(bytes));
      if (pendingBytes > MAX_PENDING_REPLY_BYTES) {
        close();
      }
    }

    void flush() throws IOException {
      if (closed) {
        return;
      }
      while (!output.isEmpty()) {
        final ByteBuffer head = output.peek();
        final int n = channel.write(head);
        pendingBytes -= n;
        if (head.hasRemaining()) {
          break;
        }
        output.poll();
      }
      if (key != null && key.isValid()) {
        key.interestOps(
            (output.isEmpty() ? 0 : SelectionKey.OP_WRITE)
                | (closeAfterReplies ? 0 : SelectionKey.OP_READ));
      }
    }

    /** Closes when finished, broken or idle; true when closed. */
    boolean closeIfDone(final long now) {
      if (!closed && closeAfterReplies && output.isEmpty()) {
        close();
      }
      if (!closed && now - lastActive > idleTimeoutNanos) {
        close();
      }
      return closed;
    }

    void close() {
      if (closed) {
        return;
      }
      closed = true;
      output.clear();
      if (key != null) {
        key.cancel();
      }
      try {
        channel.close();
      } catch (final IOException e) {
        // closing a broken connection: nothing left to do
      }
    }
  }
}
