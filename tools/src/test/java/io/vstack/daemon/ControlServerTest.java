package io.vstack.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.vstack.control.ControlClient;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 1, unit = TimeUnit.MINUTES)
class ControlServerTest {
  @TempDir Path dir;

  private static SocketChannel open(final Path socket) throws IOException {
    final SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
    channel.connect(UnixDomainSocketAddress.of(socket));
    return channel;
  }

  /** Reads until end of stream (bounded by the test timeout); what the server sent. */
  private static String readToEnd(final SocketChannel channel) throws IOException {
    final ByteBuffer in = ByteBuffer.allocate(4096);
    while (channel.read(in) >= 0) {
      if (!in.hasRemaining()) {
        break;
      }
    }
    return new String(in.array(), 0, in.position(), StandardCharsets.UTF_8);
  }

  @Test
  void shouldTurnAwayConnectionsOverTheLimitAndCloseIdleOnes() throws Exception {
    final Path socket = dir.resolve("s.sock");
    final ControlServer server =
        ControlServer.bind(socket, line -> Map.of("ok", true, "echo", line), Duration.ofSeconds(1));
    final Thread loop = Thread.ofPlatform().start(server::run);
    final List<SocketChannel> silent = new ArrayList<>();
    try {
      for (int i = 0; i < ControlServer.MAX_CONNECTIONS; i++) {
        silent.add(open(socket));
      }
      try (SocketChannel extra = open(socket)) {
        assertThat(readToEnd(extra))
            .isEqualTo(
                "{\"ok\":false,\"error\":\"too many connections (64); try again\",\"kind\":\"failed\"}\n");
      }
      // Idle connections are closed by the server (end of stream), which frees the slots.
      for (final SocketChannel channel : silent) {
        assertThat(readToEnd(channel)).isEmpty();
      }
      try (ControlClient client = ControlClient.connect(socket, Duration.ofSeconds(5))) {
        assertThat(client.request(Map.of("op", "ping"))).containsEntry("ok", true);
      }
    } finally {
      for (final SocketChannel channel : silent) {
        channel.close();
      }
      server.close();
      loop.join(10_000);
    }
    assertThat(socket).doesNotExist();
  }

  @Test
  void shouldAnswerPipelinedRequestsInOrderAndTurnHandlerFailuresIntoErrors() throws Exception {
    final Path socket = dir.resolve("s.sock");
    final ControlServer server =
        ControlServer.bind(
            socket,
            line -> {
              if (line.equals("boom")) {
                throw new IllegalStateException("broken\nhandler");
              }
              return Map.of("ok", true, "echo", line);
            },
            Duration.ofSeconds(30));
    final Thread loop = Thread.ofPlatform().start(server::run);
    try (SocketChannel channel = open(socket)) {
      channel.write(ByteBuffer.wrap("a\nboom\nb\n".getBytes(StandardCharsets.UTF_8)));
      channel.shutdownOutput();
      assertThat(readToEnd(channel).lines().toList())
          .hasSize(3)
          .satisfies(l -> assertThat(l.get(0)).contains("\"echo\":\"a\""))
          .satisfies(
              l ->
                  assertThat(l.get(1))
                      .isEqualTo(
                          "{\"ok\":false,\"error\":\"internal error: java.lang.IllegalStateException:"
                              + " broken handler\",\"kind\":\"failed\"}"))
          .satisfies(l -> assertThat(l.get(2)).contains("\"echo\":\"b\""));
    } finally {
      server.close();
      loop.join(10_000);
    }
  }
}
