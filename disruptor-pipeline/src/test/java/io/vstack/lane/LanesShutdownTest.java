package io.vstack.lane;

import static org.assertj.core.api.Assertions.assertThat;

import io.vstack.libc.JvmFlags;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** SIGTERM to a process running lanes: every frame already taken is handled before it exits. */
class LanesShutdownTest {
  private static final Pattern RESULT =
      Pattern.compile(
          "closed=(\\w+) taken=(\\d+) handled=(\\d+) undrained=(\\d+) sequenceErrors=(\\d+)");

  @ParameterizedTest
  @EnumSource(ThreadingMode.class)
  void shouldDrainInFlightFramesWhenTheProcessGetsSigterm(final ThreadingMode mode)
      throws Exception {
    final Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    final List<String> command = new ArrayList<>();
    command.add(java.toString());
    command.addAll(JvmFlags.ALL);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(ShutdownProbe.class.getName());
    command.add(mode.name());
    final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    final List<String> output = new ArrayList<>();
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null && !line.equals("ready")) {
        output.add(line);
      }
      assertThat(line).as("probe output: %s", output).isEqualTo("ready");
      // SIGTERM; Process.destroy() would also close our end of its output
      assertThat(process.toHandle().destroy()).isTrue();
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("exit after SIGTERM").isTrue();
      while ((line = reader.readLine()) != null) {
        output.add(line);
      }
    } finally {
      process.destroyForcibly();
    }
    assertThat(process.exitValue()).as("exit status after SIGTERM").isEqualTo(143);
    final Matcher result =
        output.stream()
            .map(RESULT::matcher)
            .filter(Matcher::matches)
            .findFirst()
            .orElseThrow(() -> new AssertionError("no result line in " + output));
    assertThat(result.group(1)).isEqualTo("true");
    final long taken = Long.parseLong(result.group(2));
    assertThat(taken).as("frames taken before SIGTERM").isPositive().isLessThan(3000);
    assertThat(Long.parseLong(result.group(3))).as("handled").isEqualTo(taken);
    assertThat(Long.parseLong(result.group(4))).as("undrained").isZero();
    assertThat(Long.parseLong(result.group(5))).as("sequence errors").isZero();
  }
}
