package io.vstack.dpdk;

import io.vstack.netns.Commands;
import io.vstack.netns.RequiredTool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Helpers of the DPDK tests: C programs built against libdpdk-dev (the reference for our layouts
 * and encodings), pcap input for net_pcap; programs run through {@link Commands}, so a missing one
 * fails naming its package.
 */
final class ExternalTools {
  private ExternalTools() {}

  /** Output (stdout) of a command that must exit 0 within {@code seconds}. */
  static String run(final int seconds, final List<String> command) {
    return Commands.run(Duration.ofSeconds(seconds), command.toArray(String[]::new))
        .orFail()
        .stdout();
  }

  /**
   * Compiles the C program {@code resource} (next to this class) against libdpdk-dev with gcc and
   * returns what it prints, one {@code key value} pair per line.
   */
  static java.util.Map<String, String> runDpdkProgram(final String resource) {
    RequiredTool.require("gcc");
    RequiredTool.require("pkg-config");
    try {
      final Path dir = Files.createTempDirectory("vsd-c");
      final Path source = dir.resolve(resource);
      final Path binary = dir.resolve("program");
      try (java.io.InputStream in = ExternalTools.class.getResourceAsStream(resource)) {
        Files.copy(in, source);
      }
      try {
        final String cflags = run(30, List.of("pkg-config", "--cflags", "libdpdk"));
        final List<String> gcc =
            new ArrayList<>(
                List.of(
                    "gcc", "-O0", "-Wall", "-Werror", "-o", binary.toString(), source.toString()));
        gcc.addAll(List.of(cflags.trim().split("\\s+")));
        run(120, gcc);
        final java.util.Map<String, String> values = new java.util.LinkedHashMap<>();
        for (final String line : run(30, List.of(binary.toString())).split("\n")) {
          final String[] parts = line.trim().split(" ", 2);
          values.put(parts[0], parts[1]);
        }
        return values;
      } finally {
        Files.deleteIfExists(binary);
        Files.deleteIfExists(source);
        Files.deleteIfExists(dir);
      }
    } catch (final IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
