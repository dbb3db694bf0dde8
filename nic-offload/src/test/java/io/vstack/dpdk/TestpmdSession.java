package io.vstack.dpdk;

import static org.assertj.core.api.Assertions.fail;

import io.vstack.netns.RequiredTool;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real {@code dpdk-testpmd} (package dpdk-dev) interactively on vdevs, feeding it command
 * lines, and returns what it answered to each. A missing testpmd fails the test naming the package;
 * the run is bounded in time and the process is killed whatever happens. stdout is line buffered
 * ({@code stdbuf -oL}) and merged with stderr so that each answer ("Flow rule validated" on stdout,
 * "Caught PMD error" on stderr) lands after its own prompt.
 */
public final class TestpmdSession {
  /** testpmd's parse failure: the line did not fit its grammar. */
  public static final String BAD_ARGUMENTS = "Bad arguments";

  /** testpmd's answer when the PMD accepted {@code flow validate}. */
  public static final String VALIDATED = "Flow rule validated";

  /** testpmd's prefix when the PMD refused a flow command. */
  public static final String PMD_ERROR = "Caught PMD error";

  private static final long TIMEOUT_SECONDS = 90;

  private TestpmdSession() {}

  /**
   * Starts testpmd without hugepages or PCI on {@code vdevs} (e.g. {@code net_null0}), sends {@code
   * lines} then {@code quit}, and returns one answer per line (the text between that line's echo
   * and the next prompt).
   */
  public static List<String> answers(final List<String> vdevs, final List<String> lines) {
    final List<String> command =
        new ArrayList<>(
            List.of(
                RequiredTool.require("stdbuf"),
                "-oL",
                RequiredTool.require(io.vstack.flow.syntax.Testpmd.PROGRAM)));
    command.addAll(io.vstack.flow.syntax.Testpmd.onDevices(vdevs, "--total-num-mbufs=2048"));
    final String log = run(command, String.join("\n", lines) + "\nquit\n");
    final String[] segments = log.split("testpmd> ", -1);
    if (segments.length != lines.size() + 2) {
      fail(
          "testpmd answered "
              + (segments.length - 2)
              + " of "
              + lines.size()
              + " lines (did it crash?):\n"
              + log);
    }
    final List<String> answers = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      final String segment = segments[i + 1];
      if (!segment.startsWith(lines.get(i))) {
        fail("testpmd echo out of step: expected " + lines.get(i) + " got " + segment);
      }
      answers.add(segment.substring(lines.get(i).length()));
    }
    return answers;
  }

  private static String run(final List<String> command, final String stdin) {
    Process process = null;
    Path input = null;
    Path output = null;
    try {
      input = Files.createTempFile("vso-testpmd", ".in");
      output = Files.createTempFile("vso-testpmd", ".out");
      Files.writeString(input, stdin, StandardCharsets.UTF_8);
      process =
          new ProcessBuilder(command)
              .redirectInput(input.toFile())
              .redirectOutput(output.toFile())
              .redirectErrorStream(true)
              .start();
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        fail("dpdk-testpmd did not finish within " + TIMEOUT_SECONDS + " s");
      }
      final String log = Files.readString(output, StandardCharsets.ISO_8859_1);
      if (process.exitValue() != 0) {
        fail("dpdk-testpmd exited " + process.exitValue() + ":\n" + log);
      }
      return log;
    } catch (final IOException e) {
      return fail("dpdk-testpmd could not run (" + e.getMessage() + "): apt-get install dpdk-dev");
    } catch (final InterruptedException e) {
      Thread.currentThread().interrupt();
      return fail("interrupted");
    } finally {
      if (process != null && process.isAlive()) {
        process.destroyForcibly();
      }
      deleteQuietly(input);
      deleteQuietly(output);
    }
  }

  private static void deleteQuietly(final Path file) {
    if (file != null) {
      try {
        Files.deleteIfExists(file);
      } catch (final IOException e) {
        // a temp file left behind is harmless
      }
    }
  }
}
