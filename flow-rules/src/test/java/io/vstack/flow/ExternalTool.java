package io.vstack.flow;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a real peer tool (testpmd, tshark) for a test: found on PATH or the test fails naming the
 * Debian package; bounded in time; killed and cleaned up whatever happens.
 */
public final class ExternalTool {
  private static final long TIMEOUT_SECONDS = 60;

  private final String executable;

  private ExternalTool(final String executable) {
    this.executable = executable;
  }

  /** The tool {@code name}; fails the test with an install hint naming {@code debianPackage}. */
  public static ExternalTool require(final String name, final String debianPackage) {
    for (final String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      final File candidate = new File(dir, name);
      if (candidate.canExecute()) {
        return new ExternalTool(candidate.getPath());
      }
    }
    return fail(
        name
            + " not found on PATH: install Debian package "
            + debianPackage
            + " (apt-get install "
            + debianPackage
            + ")");
  }

  /**
   * Runs the tool with {@code arguments} and {@code stdin} as input; returns stdout (plus stderr
   * when {@code withStderr}). Fails the test on timeout or a non-zero exit.
   */
  public String run(final String stdin, final boolean withStderr, final String... arguments)
      throws IOException, InterruptedException {
    final Path input = Files.createTempFile("vsf-tool", ".in");
    final Path output = Files.createTempFile("vsf-tool", ".out");
    Process process = null;
    try {
      Files.writeString(input, stdin, StandardCharsets.UTF_8);
      final List<String> command = new ArrayList<>(List.of(executable));
      command.addAll(List.of(arguments));
      final ProcessBuilder builder =
          new ProcessBuilder(command).redirectInput(input.toFile()).redirectOutput(output.toFile());
      if (withStderr) {
        builder.redirectErrorStream(true);
      } else {
        builder.redirectError(ProcessBuilder.Redirect.DISCARD);
      }
      process = builder.start();
      if (!process.waitFor(TIMEOUT_SECONDS, SECONDS)) {
        fail(
            executable
                + " did not finish within "
                + TIMEOUT_SECONDS
                + " s; output:\n"
                + Files.readString(output));
      }
      final String result = Files.readString(output, StandardCharsets.UTF_8);
      if (process.exitValue() != 0) {
        fail(
            executable
                + " "
                + String.join(" ", arguments)
                + " exited with "
                + process.exitValue()
                + ":\n"
                + result);
      }
      return result;
    } finally {
      if (process != null && process.isAlive()) {
        process.destroyForcibly().waitFor(10, SECONDS);
      }
      Files.deleteIfExists(input);
      Files.deleteIfExists(output);
    }
  }
}
