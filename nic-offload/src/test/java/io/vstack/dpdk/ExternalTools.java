package io.vstack.dpdk;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real peers the DPDK tests check against (gcc, tshark); a missing one fails the test. */
final class ExternalTools {
  private ExternalTools() {}

  /** Output (stdout) of a command that must exit 0 within {@code seconds}. */
  static String run(final int seconds, final List<String> command) {
    try {
      final Path out = Files.createTempFile("vsd-tool", ".out");
      try {
        final Process process =
            new ProcessBuilder(command)
                .redirectErrorStream(false)
                .redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.PIPE)
                .start();
        final String stderr;
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor();
          fail(command + " did not finish within " + seconds + " s");
        }
        stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        final String stdout = Files.readString(out);
        if (process.exitValue() != 0) {
          fail(command + " exited " + process.exitValue() + ": " + stderr + stdout);
        }
        return stdout;
      } finally {
        Files.deleteIfExists(out);
      }
    } catch (final IOException e) {
      return fail(command.get(0) + " could not run (" + e.getMessage() + "): install it");
    } catch (final InterruptedException e) {
      Thread.currentThread().interrupt();
      return fail("interrupted");
    }
  }

  /** Fails naming the Debian package when {@code tool} is not on the PATH. */
  static void require(final String tool, final String debianPackage) {
    for (final String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
      if (Files.isExecutable(Path.of(dir, tool))) {
        return;
      }
    }
    fail(tool + " not found: apt-get install " + debianPackage);
  }

  /**
   * Compiles the C program {@code resource} (next to this class) against libdpdk-dev with gcc and
   * returns what it prints, one {@code key value} pair per line.
   */
  static java.util.Map<String, String> runDpdkProgram(final String resource) {
    require("gcc", "gcc");
    require("pkg-config", "pkg-config");
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

  /** Writes an Ethernet (linktype 1) pcap file of {@code frames}, microsecond timestamps. */
  static void writePcap(final Path file, final List<byte[]> frames) throws IOException {
    int size = 24;
    for (final byte[] frame : frames) {
      size += 16 + frame.length;
    }
    final java.nio.ByteBuffer pcap =
        java.nio.ByteBuffer.allocate(size).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    pcap.putInt(0xa1b2c3d4)
        .putShort((short) 2)
        .putShort((short) 4)
        .putInt(0)
        .putInt(0)
        .putInt(65535)
        .putInt(1);
    int second = 1;
    for (final byte[] frame : frames) {
      pcap.putInt(second++).putInt(0).putInt(frame.length).putInt(frame.length).put(frame);
    }
    Files.write(file, pcap.array());
  }

  /** The frames of a capture file as tshark reads them ({@code tshark -x}). */
  static List<byte[]> tsharkFrames(final Path file) {
    require("tshark", "tshark");
    final String dump = run(60, List.of("tshark", "-r", file.toString(), "-x"));
    final List<byte[]> frames = new ArrayList<>();
    java.io.ByteArrayOutputStream current = null;
    for (final String line : dump.split("\n", -1)) {
      if (line.matches("^[0-9a-f]{4}  .*")) {
        if (line.startsWith("0000") && current != null) {
          frames.add(current.toByteArray());
          current = null;
        }
        if (current == null) {
          current = new java.io.ByteArrayOutputStream();
        }
        for (final String hex :
            line.substring(6, Math.min(line.length(), 53)).trim().split("\\s+")) {
          if (!hex.isEmpty()) {
            current.write(Integer.parseInt(hex, 16));
          }
        }
      }
    }
    if (current != null) {
      frames.add(current.toByteArray());
    }
    return frames;
  }

  /** {@code frame.len} of each frame, as tshark reports it. */
  static List<Integer> tsharkFrameLengths(final Path file) {
    final String out =
        run(60, List.of("tshark", "-r", file.toString(), "-T", "fields", "-e", "frame.len"));
    final List<Integer> lengths = new ArrayList<>();
    for (final String line : out.split("\n")) {
      if (!line.isBlank()) {
        lengths.add(Integer.parseInt(line.trim()));
      }
    }
    return lengths;
  }
}
