package io.vstack.libc;

import static org.assertj.core.api.Assertions.assertThat;

import io.vstack.netns.ThisJvm;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class JvmFlagsTest {
  private static final Pattern RESULT = Pattern.compile("least=(\\d+) calls=(\\d+) errno=(\\d+)");
  private static final String DONT_INLINE_CAPTURE_CHECK =
      "-XX:CompileCommand=dontinline,jdk.internal.foreign.abi.SharedUtils::checkCaptureSegment";

  @Test
  void shouldRunTheTestsWithEveryFlagTheLauncherUses() throws IOException {
    final String testJvm =
        String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments());
    final String launcher = Files.readString(Path.of("..", "bin", "vstack"));
    for (final String flag : JvmFlags.ALL) {
      assertThat(testJvm).as("the test JVM's flags (vstack.jvmFlags)").contains(flag);
      assertThat(launcher).as("bin/vstack").contains(flag);
    }
  }

  @Test
  void shouldCaptureErrnoWithoutAllocatingEvenWhenTheJitRefusesSmallInlines() throws Exception {
    // InlineSmallCode=100 makes C2 decline to inline any method already compiled bigger than 100
    // bytes, as it can decline the capture check on a busy JVM; the flags must still hold. (Before
    // asSliceNoCheck joined them, about 1 run in 25 here still allocated, with both cores busy.)
    final long[] result = probe(List.of("-XX:InlineSmallCode=100"), 8_000);
    assertThat(result[2]).as("errno").isEqualTo(Errno.EBADF);
    assertThat(result[0]).as("bytes allocated by %d captured calls", result[1]).isZero();
  }

  @Test
  void shouldSeeTheSliceThatANonInlinedCaptureCheckAllocates() throws Exception {
    // The probe can see the allocation the flags prevent: one slice per call (interpreted, C1 or
    // C2 alike, so a short run shows it).
    final long[] result = probe(List.of(DONT_INLINE_CAPTURE_CHECK), 1_000);
    assertThat(result[0]).as("bytes per captured call").isGreaterThanOrEqualTo(16 * result[1]);
  }

  private static long[] probe(final List<String> jvmOptions, final long millis) throws Exception {
    final Process process =
        new ProcessBuilder(
                ThisJvm.command(
                    jvmOptions, ErrnoCaptureProbe.class.getName(), Long.toString(millis)))
            .redirectErrorStream(true)
            .start();
    try {
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("probe finished").isTrue();
      final String output =
          new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      final Matcher matcher = RESULT.matcher(output);
      assertThat(matcher.find()).as("probe output: %s", output).isTrue();
      return new long[] {
        Long.parseLong(matcher.group(1)),
        Long.parseLong(matcher.group(2)),
        Long.parseLong(matcher.group(3))
      };
    } finally {
      process.destroyForcibly();
    }
  }
}
