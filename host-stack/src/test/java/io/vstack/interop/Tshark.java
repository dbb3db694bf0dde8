package io.vstack.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.vstack.pcap.CaptureFormat;
import io.vstack.pcap.CaptureWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Decodes frames with the real tshark, the independent reference our wire formats are checked
 * against. Frames go into a classic pcap (Ethernet link type); tshark runs with checksum validation
 * switched on, so a wrong checksum is an expert warning.
 */
public final class Tshark {
  private static final String[] CHECKSUM_PREFS = {
    "-o", "ip.check_checksum:TRUE",
    "-o", "tcp.check_checksum:TRUE",
    "-o", "udp.check_checksum:TRUE",
  };

  private Tshark() {}

  /** Writes frames as a microsecond pcap with link type Ethernet, one second apart. */
  public static void writePcap(final Path file, final List<byte[]> frames) throws IOException {
    try (CaptureWriter writer = CaptureWriter.create(file, CaptureFormat.PCAP_MICROS)) {
      long second = 1;
      for (final byte[] frame : frames) {
        writer.write(new UnsafeBuffer(frame), 0, frame.length, second++ * 1_000_000_000L);
      }
    }
  }

  /**
   * Decodes each frame and returns, per frame, the values of the given fields (tshark {@code -T
   * fields}); a field with several occurrences is joined by commas.
   */
  public static List<List<String>> fields(final Path pcap, final String... fields) {
    return fields(pcap, List.of(), fields);
  }

  /**
   * As {@link #fields(Path, String...)}, with extra tshark preferences ({@code name:value}, each
   * passed as {@code -o}), e.g. {@code tcp.relative_sequence_numbers:FALSE}.
   */
  public static List<List<String>> fields(
      final Path pcap, final List<String> preferences, final String... fields) {
    final List<String> command = command(pcap, preferences);
    command.addAll(
        List.of("-T", "fields", "-E", "separator=/t", "-E", "occurrence=a", "-E", "aggregator=,"));
    for (final String field : fields) {
      command.add("-e");
      command.add(field);
    }
    final List<List<String>> rows = new ArrayList<>();
    for (final String line : run(command)) {
      rows.add(Arrays.asList(line.split("\t", -1)));
    }
    return rows;
  }

  /** Fails when tshark flags any frame as malformed or raises an expert warning/error. */
  public static void assertNoExpertWarnings(final Path pcap) {
    assertNoExpertWarnings(pcap, List.of());
  }

  /**
   * As {@link #assertNoExpertWarnings(Path)}, with extra tshark preferences ({@code name:value}).
   */
  public static void assertNoExpertWarnings(final Path pcap, final List<String> preferences) {
    final List<String> command = command(pcap, preferences);
    command.addAll(
        List.of(
            "-Y",
            "_ws.malformed || _ws.expert.severity >= \"warning\"",
            "-T",
            "fields",
            "-e",
            "frame.number",
            "-e",
            "_ws.expert.message",
            "-e",
            "_ws.col.info"));
    final List<String> flagged = run(command);
    assertThat(flagged)
        .as("frames tshark flags as malformed or with expert warnings/errors")
        .isEmpty();
  }

  private static List<String> command(final Path pcap, final List<String> preferences) {
    final List<String> command = new ArrayList<>(List.of("tshark", "-n", "-r", pcap.toString()));
    command.addAll(Arrays.asList(CHECKSUM_PREFS));
    for (final String preference : preferences) {
      command.add("-o");
      command.add(preference);
    }
    return command;
  }

  /** tshark's one-line summary of every frame, for failure messages. */
  public static List<String> summaries(final Path pcap) {
    return run(List.of("tshark", "-n", "-r", pcap.toString()));
  }

  private static List<String> run(final List<String> command) {
    try {
      final Process process = new ProcessBuilder(command).redirectErrorStream(false).start();
      final byte[] stdout = process.getInputStream().readAllBytes();
      final byte[] stderr = process.getErrorStream().readAllBytes();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        fail("tshark timed out: " + command);
      }
      if (process.exitValue() != 0) {
        fail(
            "tshark failed (exit "
                + process.exitValue()
                + "): "
                + new String(stderr, StandardCharsets.UTF_8));
      }
      final String text = new String(stdout, StandardCharsets.UTF_8);
      return text.isEmpty() ? List.of() : List.of(text.split("\n"));
    } catch (final IOException e) {
      throw new AssertionError(
          "cannot run tshark (install Debian package 'tshark'): " + e.getMessage(), e);
    } catch (final InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
