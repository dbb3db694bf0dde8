package io.vstack.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.vstack.cli.CliRun;
import io.vstack.cli.ExitCodes;
import io.vstack.control.ControlClient;
import io.vstack.control.ControlProtocol;
import io.vstack.control.Json;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The daemon as a separate process, driven by the real CLI over its control socket. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class DaemonEndToEndTest {
  static final String CONFIG_RULE =
      "ingress pattern eth / ipv4 / udp dst is 4789 / end actions count / queue index 1 / end";
  static final String TCP_RULE =
      "priority 1 ingress pattern eth / ipv4 / tcp dst is 80 / end actions count / queue index 2 / end";
  static final String DROP_RULE = "priority 2 ingress pattern eth / ipv6 / end actions drop / end";

  @TempDir Path dir;
  private final List<AutoCloseable> cleanup = new ArrayList<>();
  private final CliRun cli = new CliRun();

  @AfterEach
  void stopEverything() throws Exception {
    for (final AutoCloseable c : cleanup.reversed()) {
      c.close();
    }
  }

  private Path config() throws IOException {
    final Path config = dir.resolve("vstack.yaml");
    Files.writeString(
        config,
        """
        ports:
          - name: uplink
            spec: memory:uplink
          - name: tenant
            spec: memory:tenant
        rules:
          uplink:
            - %s
        """
            .formatted(CONFIG_RULE));
    return config;
  }

  private DaemonProcess start(final Path socket) throws Exception {
    final DaemonProcess daemon = DaemonProcess.start(config(), socket, dir);
    cleanup.add(daemon);
    return daemon;
  }

  private int vstack(final String... args) {
    return cli.vstack(args);
  }

  private Map<String, Object> vstackJson(final Path socket, final String... args) {
    final List<String> all = new ArrayList<>(List.of(args));
    all.add("--socket");
    all.add(socket.toString());
    all.add("--json");
    assertThat(vstack(all.toArray(String[]::new)))
        .as("stderr: %s", cli.err())
        .isEqualTo(ExitCodes.OK);
    return cli.json();
  }

  private List<String> listedRules(final Path socket, final String port) {
    final List<String> rules = new ArrayList<>();
    for (final Object rule : (List<?>) vstackJson(socket, "flow", "list", port).get("rules")) {
      rules.add((String) ((Map<?, ?>) rule).get("rule"));
    }
    return rules;
  }

  @Test
  void shouldServeFlowCommandsAndRestoreRulesAfterKillNine() throws Exception {
    final Path socket = dir.resolve("run/vstack.sock");
    final DaemonProcess first = start(socket);
    assertThat(Files.getPosixFilePermissions(socket))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(listedRules(socket, "uplink")).containsExactly(CONFIG_RULE);

    final Map<String, Object> created = vstackJson(socket, "flow", "create", "uplink", TCP_RULE);
    assertThat(created).containsEntry("id", 1L).containsEntry("backend", "sw");
    assertThat((String) created.get("reason")).contains("memory port has no NIC flow offload");
    assertThat(vstack("flow", "create", "0", DROP_RULE, "--socket", socket.toString()))
        .isEqualTo(ExitCodes.OK);
    assertThat(cli.out()).startsWith("Flow rule #2 created on port uplink, backend: sw (");
    assertThat(vstack("flow", "validate", "tenant", DROP_RULE, "--socket", socket.toString()))
        .isEqualTo(ExitCodes.OK);
    assertThat(listedRules(socket, "tenant")).as("validate creates nothing").isEmpty();

    assertThat(vstack("flow", "list", "uplink", "--socket", socket.toString())).isEqualTo(0);
    assertThat(cli.out().lines().toList())
        .hasSize(4)
        .first()
        .asString()
        .matches("ID +GROUP +PRIO +ATTR +BACKEND +RULE");
    assertThat(cli.out()).contains("pattern eth / ipv4 / tcp dst is 80 / end actions count");

    assertThat(vstackJson(socket, "flow", "query", "uplink", "1", "count"))
        .containsEntry("hits", 0L)
        .containsEntry("bytes", 0L);
    assertThat(vstack("flow", "query", "uplink", "2", "--socket", socket.toString()))
        .isEqualTo(ExitCodes.FAILED);
    assertThat(cli.err().strip()).isEqualTo("vstack: sw: rule 2 has no COUNT action");

    assertThat(vstackJson(socket, "flow", "destroy", "uplink", "rule", "0").get("destroyed"))
        .isEqualTo(List.of(0L));
    assertThat(listedRules(socket, "uplink")).containsExactly(TCP_RULE, DROP_RULE);
    assertThat(vstack("flow", "destroy", "uplink", "9", "--socket", socket.toString()))
        .isEqualTo(ExitCodes.FAILED);
    assertThat(cli.err()).contains("port uplink has no rule 9");

    first.kill();
    assertThat(first.process().exitValue()).isEqualTo(137);
    assertThat(socket).as("kill -9 leaves a stale socket file").exists();
    assertThat(vstack("flow", "list", "uplink", "--socket", socket.toString()))
        .isEqualTo(ExitCodes.UNREACHABLE);
    assertThat(cli.err().strip())
        .isEqualTo(
            "vstack: cannot reach the daemon at " + socket + " (is 'vstack daemon' running?)");

    final DaemonProcess second = start(socket);
    assertThat(second.log())
        .contains("2 rules applied from " + dir.resolve("run/vstack-state.json"));
    assertThat(listedRules(socket, "uplink")).containsExactly(TCP_RULE, DROP_RULE);

    assertThat(vstackJson(socket, "flow", "flush", "uplink")).containsEntry("flushed", 2L);
    assertThat(listedRules(socket, "uplink")).isEmpty();

    assertThat(second.terminate()).isEqualTo(143);
    assertThat(second.log()).contains("vstack daemon: stopped");
    assertThat(socket).doesNotExist();
  }

  @Test
  void shouldKeepServingWhenClientsSendGarbage() throws Exception {
    final Path socket = dir.resolve("vstack.sock");
    final DaemonProcess daemon = start(socket);
    final long seed = System.nanoTime();
    final Random random = new Random(seed);
    final List<SocketChannel> idle = new ArrayList<>();
    try {
      // Half-open connections: some silent, some with half a request; they hold slots, not the
      // loop.
      for (int i = 0; i < 20; i++) {
        final SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        channel.connect(UnixDomainSocketAddress.of(socket));
        if (i % 2 == 0) {
          channel.write(
              ByteBuffer.wrap("{\"op\":\"list\",\"port\":".getBytes(StandardCharsets.UTF_8)));
        }
        idle.add(channel);
      }
      // Random bytes, then a clean close.
      for (int i = 0; i < 20; i++) {
        final byte[] junk = new byte[1 + random.nextInt(4000)];
        random.nextBytes(junk);
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
          channel.connect(UnixDomainSocketAddress.of(socket));
          channel.write(ByteBuffer.wrap(junk));
        }
      }
      assertThat(reply(socket, "{\"op\":\"list\",\"port\":\"uplink\",\"bogus\":1}"))
          .as("seed %d", seed)
          .containsEntry("ok", false)
          .containsEntry("kind", ControlProtocol.KIND_INPUT);
      assertThat((String) reply(socket, "not json").get("error"))
          .startsWith("bad JSON at offset 0");
      assertThat((String) reply(socket, "[1,2]").get("error"))
          .isEqualTo("a request must be a JSON object");
      assertThat((String) reply(socket, "{\"op\":\"reboot\"}").get("error"))
          .startsWith("unknown op");
      assertThat(
              reply(
                  socket,
                  "{\"op\":\"create\",\"port\":\"uplink\",\"rule\":\"ingress pattern eth / ipv5 / end actions drop / end\"}"))
          .containsEntry("column", 23L);
      assertThat((String) reply(socket, "{\"op\":\"list\",\"port\":\"nope\"}").get("error"))
          .isEqualTo("no port \"nope\" (ports: 0=uplink, 1=tenant)");
      assertThat(rawReply(socket, new byte[] {(byte) 0xff, (byte) 0xfe, '\n'}))
          .contains("request is not UTF-8 text");
      final byte[] huge = new byte[ControlProtocol.MAX_REQUEST_BYTES + 10];
      java.util.Arrays.fill(huge, (byte) 'x');
      assertThat(rawReply(socket, huge)).contains("request longer than 65536 bytes");

      assertThat(daemon.process().isAlive()).as("log: %s", daemon.log()).isTrue();
      assertThat(listedRules(socket, "uplink")).as("seed %d", seed).containsExactly(CONFIG_RULE);
    } finally {
      for (final SocketChannel channel : idle) {
        channel.close();
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> reply(final Path socket, final String line)
      throws IOException {
    final String text = rawReply(socket, (line + "\n").getBytes(StandardCharsets.UTF_8));
    return (Map<String, Object>) Json.parse(text.strip());
  }

  /** Sends {@code bytes} on a fresh connection and reads the first reply line. */
  private static String rawReply(final Path socket, final byte[] bytes) throws IOException {
    try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      channel.connect(UnixDomainSocketAddress.of(socket));
      final ByteBuffer out = ByteBuffer.wrap(bytes);
      while (out.hasRemaining()) {
        channel.write(out);
      }
      final ByteBuffer in = ByteBuffer.allocate(64 * 1024);
      while (true) {
        if (channel.read(in) < 0) {
          break;
        }
        final String text = new String(in.array(), 0, in.position(), StandardCharsets.UTF_8);
        if (text.indexOf('\n') >= 0) {
          return text.substring(0, text.indexOf('\n'));
        }
      }
      return new String(in.array(), 0, in.position(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void shouldRefuseToStartWhenAnotherDaemonServesTheSocket() throws Exception {
    final Path socket = dir.resolve("vstack.sock");
    start(socket);
    assertThat(vstack("daemon", "--config", config().toString(), "--socket", socket.toString()))
        .isEqualTo(ExitCodes.FAILED);
    assertThat(cli.err().strip())
        .isEqualTo("vstack: cannot start: another daemon is already serving " + socket);
    try (ControlClient client = ControlClient.connect(socket, Duration.ofSeconds(5))) {
      assertThat(client.request(Map.of("op", "ping"))).containsEntry("ok", true);
    }
  }
}
