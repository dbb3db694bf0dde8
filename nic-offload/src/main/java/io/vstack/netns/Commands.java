package io.vstack.netns;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs external programs (iproute2, ping, tcpdump, tshark): bounded in time, output captured (to
 * files, so a chatty program cannot block on a full pipe), and a failure reported with the
 * program's stderr.
 */
public final class Commands {
  /** Default bound for one command. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  /** How a finished program ended. */
  public record Result(List<String> command, int exitCode, String stdout, String stderr) {
    /**
     * Returns this result, or throws an {@link CommandException} with stderr when the exit code was
     * not 0.
     */
    public Result orFail() {
      if (exitCode != 0) {
        throw new CommandException(
            String.join(" ", command)
                + " exited "
                + exitCode
                + ": "
                + stderr.strip()
                + (stdout.isBlank() ? "" : " (stdout: " + stdout.strip() + ")"));
      }
      return this;
    }
  }

  private Commands() {}

  /**
   * Runs a program and fails (CommandException with its stderr) unless it exits 0 within the
   * default timeout.
   */
  public static Result run(final String... command) {
    return run(DEFAULT_TIMEOUT, command).orFail();
  }

  /**
   * Runs a program to completion, whatever its exit code.
   *
   * @throws CommandException when the program cannot start (its tool's package is named) or does
   *     not finish within {@code timeout} (it is then killed).
   */
  public static Result run(final Duration timeout, final String... command) {
    try (Background process = start(command)) {
      return process.await(timeout);
    }
  }

  /** Starts a program in the background, e.g. a capture; {@link Background#close()} kills it. */
  public static Background start(final String... command) {
    return new Background(List.of(command));
  }

  /** A running program with its output going to temporary files. */
  public static final class Background implements AutoCloseable {
    private final List<String> command;
    private final Path stdout;
    private final Path stderr;
    private final Process process;

    Background(final List<String> command) {
      this.command = command;
      RequiredTool.require(command.getFirst());
      try {
        this.stdout = Files.createTempFile("vstack-cmd", ".out");
        this.stderr = Files.createTempFile("vstack-cmd", ".err");
        this.process =
            new ProcessBuilder(new ArrayList<>(command))
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile())
                .start();
      } catch (final IOException e) {
        throw new CommandException(
            "cannot start " + String.join(" ", command) + ": " + e.getMessage(), e);
      }
    }

    /** The process, e.g. to send it a signal. */
    public Process process() {
      return process;
    }

    /** Stderr written so far. */
    public String stderrSoFar() {
      return read(stderr);
    }

    /** Waits for the program to exit by itself; kills it and fails after {@code timeout}. */
    public Result await(final Duration timeout) {
      try {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
          throw new CommandException(
              String.join(" ", command)
                  + " did not finish within "
                  + timeout
                  + "; stderr: "
                  + read(stderr).strip());
        }
      } catch (final InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CommandException("interrupted waiting for " + command, e);
      }
      return new Result(command, process.exitValue(), read(stdout), read(stderr));
    }

    /** Asks the program to stop (SIGTERM) and waits for it, killing it after {@code timeout}. */
    public Result stop(final Duration timeout) {
      process.destroy();
      try {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
      } catch (final InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return new Result(
          command, process.isAlive() ? -1 : process.exitValue(), read(stdout), read(stderr));
    }

    /** Kills the program if still running and deletes its output files. */
    @Override
    public void close() {
      if (process.isAlive()) {
        process.destroyForcibly();
        try {
          process.waitFor(5, TimeUnit.SECONDS);
        } catch (final InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      try {
        Files.deleteIfExists(stdout);
        Files.deleteIfExists(stderr);
      } catch (final IOException e) {
        // Temporary files only: nothing to undo.
      }
    }

    private static String read(final Path file) {
      try {
        return Files.readString(file, StandardCharsets.UTF_8);
      } catch (final IOException e) {
        return "(output unreadable: " + e.getMessage() + ")";
      }
    }
  }
}
