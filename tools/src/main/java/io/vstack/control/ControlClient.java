package io.vstack.control;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * One connection to the daemon's control socket: sends requests and reads replies, each bounded by
 * a timeout so a stuck daemon cannot hang the CLI.
 */
public final class ControlClient implements AutoCloseable {
  /** Longest reply line read (a full rule list of a busy port fits). */
  public static final int MAX_REPLY_BYTES = 64 * 1024 * 1024;

  private final SocketChannel channel;
  private final Selector selector;
  private final Duration timeout;
  private ByteBuffer input = ByteBuffer.allocate(64 * 1024);

  private ControlClient(
      final SocketChannel channel, final Selector selector, final Duration timeout) {
    this.channel = channel;
    this.selector = selector;
    this.timeout = timeout;
  }

  /**
   * Connects to the daemon at {@code socket}.
   *
   * @throws IOException when nothing listens there (or it is not reachable)
   */
  public static ControlClient connect(final Path socket, final Duration timeout)
      throws IOException {
    final SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
    try {
      channel.connect(UnixDomainSocketAddress.of(socket));
      channel.configureBlocking(false);
      final Selector selector = Selector.open();
      return new ControlClient(channel, selector, timeout);
    } catch (final IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /** Sends {@code request} and returns the daemon's reply object. */
  @SuppressWarnings("unchecked")
  public Map<String, Object> request(final Map<String, Object> request) throws IOException {
    final String line = Json.write(request) + "\n";
    final long deadline = System.nanoTime() + timeout.toNanos();
    final ByteBuffer out = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
    final SelectionKey key = channel.register(selector, SelectionKey.OP_WRITE);
    while (out.hasRemaining()) {
      channel.write(out);
      if (out.hasRemaining()) {
        await(key, SelectionKey.OP_WRITE, deadline);
      }
    }
    while (true) {
      final int newline = indexOfNewline();
      if (newline >= 0) {
        final String reply = new String(input.array(), 0, newline, StandardCharsets.UTF_8);
        input.flip().position(newline + 1);
        input.compact();
        final Object value = Json.parse(reply);
        if (!(value instanceof Map<?, ?>)) {
          throw new IOException("the daemon's reply is not a JSON object: " + reply);
        }
        return (Map<String, Object>) value;
      }
      if (!input.hasRemaining()) {
        if (input.capacity() >= MAX_REPLY_BYTES) {
          throw new IOException("the daemon's reply is longer than " + MAX_REPLY_BYTES + " bytes");
        }
        final ByteBuffer bigger = ByteBuffer.allocate(input.capacity() * 2);
        input.flip();
        bigger.put(input);
        input = bigger;
      }
      final int read = channel.read(input);
      if (read < 0) {
        throw new IOException("the daemon closed the connection without a reply");
      }
      if (read == 0) {
        await(key, SelectionKey.OP_READ, deadline);
      }
    }
  }

  private int indexOfNewline() {
    final byte[] bytes = input.array();
    for (int i = 0; i < input.position(); i++) {
      if (bytes[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  private void await(final SelectionKey key, final int ops, final long deadline)
      throws IOException {
    key.interestOps(ops);
    final long left = deadline - System.nanoTime();
    if (left <= 0
        || selector.select(Math.max(1, left / 1_000_000)) == 0 && System.nanoTime() >= deadline) {
      throw new IOException("no reply from the daemon within " + timeout.toSeconds() + " s");
    }
    selector.selectedKeys().clear();
  }

  @Override
  public void close() throws IOException {
    try {
      selector.close();
    } finally {
      channel.close();
    }
  }
}
