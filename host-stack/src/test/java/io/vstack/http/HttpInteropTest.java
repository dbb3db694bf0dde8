package io.vstack.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vstack.netns.Commands;
import io.vstack.stack.LinuxTcpLab;
import io.vstack.tcp.TcpEngine;
import io.vstack.tcp.TcpState;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP samples against real peers in a network namespace over a TAP: {@code curl} downloads
 * from {@link HttpFileServer}, and {@link HttpDownload} downloads from {@code python3 -m
 * http.server}; both compared by SHA-256.
 */
public class HttpInteropTest {
  /** File size; {@code -Dvstack.http.bytes=67108864} to change the 64 MiB default. */
  private static final long FILE_BYTES = Long.getLong("vstack.http.bytes", 64L << 20);

  private static final Duration TIMEOUT = Duration.ofSeconds(120);
  private static final int PORT = 8080;

  @TempDir Path dir;

  @Test
  void shouldServeTheFileCurlDownloadsWithTheSameSha256() throws Exception {
    final Path served = Files.createDirectories(dir.resolve("www"));
    final String sha = writeRandomFile(served.resolve("blob.bin"), FILE_BYTES);
    final Path downloaded = dir.resolve("curl.out");
    try (LinuxTcpLab lab = LinuxTcpLab.open("vsw");
        HttpFileServer server =
            new HttpFileServer(lab.stack.engine(), LinuxTcpLab.VSTACK_ADDRESS, PORT, served, 8);
        Commands.Background curl =
            lab.ns.start(
                "curl",
                "-sS",
                "--max-time",
                "100",
                "-o",
                downloaded.toString(),
                "-w",
                "%{http_code} %{size_download} %{speed_download}",
                "http://" + LinuxTcpLab.VSTACK_IP + ":" + PORT + "/blob.bin");
        Commands.Background missing =
            lab.ns.start(
                "curl",
                "-sS",
                "--max-time",
                "30",
                "-o",
                "/dev/null",
                "-w",
                "%{http_code}",
                "http://" + LinuxTcpLab.VSTACK_IP + ":" + PORT + "/../etc/passwd?x")) {
      lab.runUntil(
          () -> {
            server.doWork(lab.stack.now());
            return !curl.process().isAlive() && !missing.process().isAlive();
          },
          TIMEOUT);
      final Commands.Result result = curl.await(Duration.ofSeconds(5));
      assertThat(result.exitCode()).as("curl: %s", result.stderr()).isZero();
      final String[] out = result.stdout().strip().split(" ");
      assertThat(out[0]).isEqualTo("200");
      assertThat(Long.parseLong(out[1])).isEqualTo(FILE_BYTES);
      assertThat(sha256(downloaded)).isEqualTo(sha);
      System.out.printf(
          "[http] curl downloaded %d bytes from vstack at %.1f MB/s%n",
          FILE_BYTES, Double.parseDouble(out[2]) / 1e6);
      // curl normalizes "/../" away, so the request is for /etc/passwd under the root: not found.
      assertThat(missing.await(Duration.ofSeconds(5)).stdout().strip()).isEqualTo("404");
      assertThat(server.responses()).isEqualTo(2);
    }
  }

  @Test
  void shouldDownloadFromPythonHttpServerWithTheSameSha256() throws Exception {
    final String sha = writeRandomFile(dir.resolve("blob.bin"), FILE_BYTES);
    try (LinuxTcpLab lab = LinuxTcpLab.open("vsw");
        Commands.Background python =
            lab.ns.start(
                LinuxTcpLab.PYTHON,
                "-m",
                "http.server",
                "8000",
                "--bind",
                LinuxTcpLab.LINUX_IP,
                "--directory",
                dir.toString())) {
      final TcpEngine engine = lab.stack.engine();
      lab.resolveLinux();
      final int id = connectWhenListening(lab, engine, python);
      final MessageDigest digest = MessageDigest.getInstance("SHA-256");
      final byte[] copy = new byte[HttpDownload.MAX_RESPONSE_HEAD * 4];
      final HttpDownload download =
          new HttpDownload(
              engine,
              id,
              LinuxTcpLab.LINUX_IP + ":8000",
              "/blob.bin",
              (buffer, offset, length) -> {
                buffer.getBytes(offset, copy, 0, length);
                digest.update(copy, 0, length);
              });
      final long start = System.nanoTime();
      lab.run(() -> download.step(lab.stack.now()), TIMEOUT, "download");
      final double seconds = (System.nanoTime() - start) / 1e9;
      assertThat(download.failure()).isNull();
      assertThat(download.status()).isEqualTo(200);
      assertThat(download.contentLength()).isEqualTo(FILE_BYTES);
      assertThat(download.bodyReceived()).isEqualTo(FILE_BYTES);
      assertThat(HexFormat.of().formatHex(digest.digest())).isEqualTo(sha);
      System.out.printf(
          "[http] vstack downloaded %d bytes from python3 http.server at %.1f MB/s%n",
          FILE_BYTES, FILE_BYTES / 1e6 / seconds);
    }
  }

  /** Retries the active open until http.server listens (a RST means not yet). */
  private static int connectWhenListening(
      final LinuxTcpLab lab, final TcpEngine engine, final Commands.Background python) {
    final long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline && python.process().isAlive()) {
      final int id =
          engine.connect(
              LinuxTcpLab.VSTACK_ADDRESS,
              ThreadLocalRandom.current().nextInt(40_000, 60_000),
              LinuxTcpLab.LINUX_ADDRESS,
              8000,
              lab.stack.now());
      lab.runUntil(
          () -> engine.state(id) == TcpState.ESTABLISHED || engine.closeReason(id) != 0,
          Duration.ofSeconds(10));
      if (engine.state(id) == TcpState.ESTABLISHED) {
        return id;
      }
      engine.close(id, lab.stack.now());
      LinuxTcpLab.sleep(100);
    }
    throw new AssertionError("python3 -m http.server did not accept: " + python.stderrSoFar());
  }

  /** Writes {@code size} random bytes to {@code file}; returns their SHA-256 in hex. */
  public static String writeRandomFile(final Path file, final long size) throws IOException {
    final MessageDigest digest = sha256Digest();
    final SplittableRandom random = new SplittableRandom(ThreadLocalRandom.current().nextLong());
    final byte[] chunk = new byte[1 << 20];
    try (OutputStream out = Files.newOutputStream(file)) {
      for (long left = size; left > 0; left -= chunk.length) {
        random.nextBytes(chunk);
        final int n = (int) Math.min(chunk.length, left);
        out.write(chunk, 0, n);
        digest.update(chunk, 0, n);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /** SHA-256 of a file, in hex. */
  public static String sha256(final Path file) throws IOException {
    final MessageDigest digest = sha256Digest();
    try (var in = Files.newInputStream(file)) {
      final byte[] buffer = new byte[1 << 20];
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static MessageDigest sha256Digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (final java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
