package io.vstack.daemon;

import io.vstack.control.ControlClient;
import io.vstack.netns.ThisJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code vstack daemon} as a real separate JVM (same classpath as the tests), for end-to-end tests.
 * {@link #close()} kills it if still running.
 */
final class DaemonProcess implements AutoCloseable {
  private final Process process;
  private final Path log;

  private DaemonProcess(final Process process, final Path log) {
    this.process = process;
    this.log = log;
  }

  /** Starts the daemon and waits (bounded) until its socket answers. */
  static DaemonProcess start(
      final Path config, final Path socket, final Path dir, final String... extra)
      throws IOException, InterruptedException {
    final List<String> command =
        new ArrayList<>(
            ThisJvm.command(
                List.of("-Xmx128m"),
                "io.vstack.cli.VstackCommand",
                "daemon",
                "--config",
                config.toString(),
                "--socket",
                socket.toString()));
    command.addAll(List.of(extra));
    final Path log = Files.createTempFile(dir, "daemon", ".log");
    final Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
            .start();
    final DaemonProcess daemon = new DaemonProcess(process, log);
    final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "daemon exited " + process.exitValue() + ": " + daemon.log());
      }
      if (Files.exists(socket)) {
        try (ControlClient client = ControlClient.connect(socket, Duration.ofSeconds(5))) {
          if (daemon.log().contains("serving on")) {
            return daemon;
          }
        } catch (final IOException e) {
          // not listening yet
        }
      }
      Thread.sleep(50);
    }
    daemon.close();
    throw new IllegalStateException(
        "daemon did not serve " + socket + " within 30 s: " + daemon.log());
  }

  String log() {
    try {
      return Files.readString(log);
    } catch (final IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  Process process() {
    return process;
  }

  /** SIGKILL, and wait for the end. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  /** SIGTERM; the exit code (bounded wait). */
  int terminate() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      throw new IllegalStateException("daemon ignored SIGTERM for 20 s: " + log());
    }
    return process.exitValue();
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }
}
