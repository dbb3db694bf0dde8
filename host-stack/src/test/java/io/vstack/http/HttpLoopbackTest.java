package io.vstack.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vstack.host.HostAgent;
import io.vstack.host.HostContext;
import io.vstack.port.MemoryPort;
import io.vstack.port.Port;
import io.vstack.stack.TcpStack;
import io.vstack.tcp.TcpConfig;
import io.vstack.tcp.TcpEngine;
import io.vstack.tcp.TcpHandler;
import io.vstack.wire.Ipv4Address;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import org.agrona.concurrent.CachedNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link HttpDownload} against {@link HttpFileServer}, two vstack stacks on a {@link MemoryPort}
 * wire with an injected clock: the file arrives byte for byte, and bad requests get the right
 * status.
 */
class HttpLoopbackTest {
  private static final int SERVER = Ipv4Address.parse("192.0.2.80");
  private static final int CLIENT = Ipv4Address.parse("192.0.2.81");

  @TempDir Path dir;

  private final CachedNanoClock clock = new CachedNanoClock();

  @Test
  void shouldDownloadTheExactFileBytesWhenTheClientGetsAnExistingPath() throws Exception {
    final byte[] content = new byte[3_000_001];
    new SplittableRandom(5).nextBytes(content);
    Files.write(dir.resolve("f.bin"), content);
    try (MemoryPort.Pair wire = MemoryPort.pair("s", "c")) {
      final TcpStack serverStack = stack(wire.a(), 1, SERVER);
      final TcpStack client = stack(wire.b(), 2, CLIENT);
      try (HttpFileServer server = new HttpFileServer(serverStack.engine(), SERVER, 80, dir, 4)) {
        final int id = connect(serverStack, client, server);
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        final byte[] copy = new byte[65_536];
        final HttpDownload download =
            new HttpDownload(
                client.engine(),
                id,
                "192.0.2.80",
                "/f.bin",
                (buffer, offset, length) -> {
                  buffer.getBytes(offset, copy, 0, length);
                  body.write(copy, 0, length);
                });
        run(serverStack, client, server, () -> download.step(clock.nanoTime()));
        assertThat(download.failure()).isNull();
        assertThat(download.status()).isEqualTo(200);
        assertThat(download.contentLength()).isEqualTo(content.length);
        assertThat(Arrays.equals(body.toByteArray(), content)).as("body bytes").isTrue();
      }
    }
  }

  @Test
  void shouldAnswer405ForPost404ForAMissingFileAnd400ForAPathOutsideTheRoot() throws Exception {
    Files.writeString(dir.resolve("x.txt"), "x");
    try (MemoryPort.Pair wire = MemoryPort.pair("s", "c")) {
      final TcpStack serverStack = stack(wire.a(), 1, SERVER);
      final TcpStack client = stack(wire.b(), 2, CLIENT);
      try (HttpFileServer server = new HttpFileServer(serverStack.engine(), SERVER, 80, dir, 4)) {
        assertThat(exchange(serverStack, client, server, "POST /x.txt HTTP/1.1\r\nHost: s\r\n\r\n"))
            .startsWith("HTTP/1.1 405 ");
        assertThat(exchange(serverStack, client, server, "GET /nope HTTP/1.1\r\nHost: s\r\n\r\n"))
            .startsWith("HTTP/1.1 404 ");
        assertThat(
                exchange(serverStack, client, server, "GET /../x.txt HTTP/1.1\r\nHost: s\r\n\r\n"))
            .startsWith("HTTP/1.1 400 ");
        assertThat(exchange(serverStack, client, server, "nonsense\r\n\r\n"))
            .startsWith("HTTP/1.1 400 ");
        assertThat(exchange(serverStack, client, server, "GET /x.txt HTTP/1.1\r\nHost: s\r\n\r\n"))
            .startsWith("HTTP/1.1 200 ")
            .contains("Content-Length: 1\r\n")
            .endsWith("\r\n\r\nx");
        assertThat(server.responses()).isEqualTo(5);
      }
    }
  }

  private int nextPort = 40_000;

  private TcpStack stack(final Port port, final long mac, final int address) {
    return new TcpStack(
        new HostAgent(
            new HostContext()
                .port(port)
                .mac(0x0200_0000_0000L | mac)
                .address(address)
                .clock(clock)),
        new TcpConfig(),
        new TcpHandler() {},
        clock);
  }

  private int connect(final TcpStack server, final TcpStack client, final HttpFileServer http) {
    run(server, client, http, () -> client.host().resolve(SERVER));
    final TcpEngine engine = client.engine();
    final int id = engine.connect(CLIENT, nextPort++, SERVER, 80, clock.nanoTime());
    run(server, client, http, () -> engine.state(id) == io.vstack.tcp.TcpState.ESTABLISHED);
    return id;
  }

  /** Sends a raw request and returns everything the server answered up to its FIN. */
  private String exchange(
      final TcpStack server,
      final TcpStack client,
      final HttpFileServer http,
      final String request) {
    final int id = connect(server, client, http);
    final TcpEngine engine = client.engine();
    final byte[] bytes = request.getBytes(StandardCharsets.ISO_8859_1);
    assertThat(engine.write(id, new UnsafeBuffer(bytes), 0, bytes.length, clock.nanoTime()))
        .isEqualTo(bytes.length);
    final StringBuilder response = new StringBuilder();
    final byte[] in = new byte[4096];
    final UnsafeBuffer inBuffer = new UnsafeBuffer(in);
    run(
        server,
        client,
        http,
        () -> {
          final int n = engine.read(id, inBuffer, 0, in.length, clock.nanoTime());
          if (n > 0) {
            response.append(new String(in, 0, n, StandardCharsets.ISO_8859_1));
          }
          return n == TcpEngine.EOF;
        });
    engine.close(id, clock.nanoTime());
    return response.toString();
  }

  private void run(
      final TcpStack server,
      final TcpStack client,
      final HttpFileServer http,
      final BooleanSupplier done) {
    for (int i = 0; i < 5_000_000; i++) {
      clock.advance(20_000);
      server.doWork();
      client.doWork();
      http.doWork(clock.nanoTime());
      final boolean finished = done.getAsBoolean();
      server.flush();
      client.flush();
      if (finished) {
        return;
      }
    }
    throw new AssertionError("not done after 5,000,000 duty cycles");
  }
}
