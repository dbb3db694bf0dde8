package io.vstack.pcap;

import static org.assertj.core.api.Assertions.assertThat;

import io.vstack.netns.Commands;
import io.vstack.netns.RequiredTool;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * What Wireshark's own tools say about a capture file: the independent reference that {@link
 * CaptureReader}, {@link CaptureWriter} and our wire formats are checked against. Decoding runs
 * with checksum validation switched on, so a wrong checksum is an expert warning.
 */
public final class Tshark {
  /** One frame as tshark decodes it. */
  public record Frame(
      int number,
      long timestampNanos,
      int length,
      int capturedLength,
      int interfaceId,
      byte[] bytes) {}

  private static final Pattern RAW = Pattern.compile("\"frame_raw\": \\[\\s*\"([0-9a-f]*)\"");
  private static final Pattern TIME =
      Pattern.compile("\"frame\\.time_epoch\": \"(\\d+)\\.(\\d{9})\"");
  private static final Pattern LEN = Pattern.compile("\"frame\\.len\": \"(\\d+)\"");
  private static final Pattern CAP_LEN = Pattern.compile("\"frame\\.cap_len\": \"(\\d+)\"");
  private static final Pattern IFACE = Pattern.compile("\"frame\\.interface_id\": \"(\\d+)\"");
  private static final Pattern NUMBER = Pattern.compile("\"frame\\.number\": \"(\\d+)\"");
  private static final Pattern TYPE = Pattern.compile("File type:\\s+(\\S+)");
  private static final Pattern PACKETS = Pattern.compile("Number of packets:\\s+(\\d+)");

  private static final List<String> CHECKSUM_PREFS =
      List.of(
          "-o", "ip.check_checksum:TRUE",
          "-o", "tcp.check_checksum:TRUE",
          "-o", "udp.check_checksum:TRUE");

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
    final List<String> command = decode(pcap, preferences);
    command.addAll(
        List.of("-T", "fields", "-E", "separator=/t", "-E", "occurrence=a", "-E", "aggregator=,"));
    for (final String field : fields) {
      command.add("-e");
      command.add(field);
    }
    final List<List<String>> rows = new ArrayList<>();
    for (final String line : lines(command)) {
      rows.add(Arrays.asList(line.split("\t", -1)));
    }
    return rows;
  }

  /** Frames of {@code pcap} that match the display filter {@code filter} ({@code tshark -Y}). */
  public static long count(final Path pcap, final String filter) {
    final List<String> command =
        new ArrayList<>(List.of(RequiredTool.require("tshark"), "-n", "-r", pcap.toString()));
    command.addAll(List.of("-Y", filter, "-T", "fields", "-e", "frame.number"));
    return lines(command).stream().filter(l -> !l.isBlank()).count();
  }

  /** Fails when tshark flags any frame as malformed or raises an expert warning/error. */
  public static void assertNoExpertWarnings(final Path pcap) {
    assertNoExpertWarnings(pcap, List.of());
  }

  /**
   * As {@link #assertNoExpertWarnings(Path)}, with extra tshark preferences ({@code name:value}).
   */
  public static void assertNoExpertWarnings(final Path pcap, final List<String> preferences) {
    final List<String> command = decode(pcap, preferences);
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
    assertThat(lines(command))
        .as("frames tshark flags as malformed or with expert warnings/errors")
        .isEmpty();
  }

  /** tshark's one-line summary of every frame, for failure messages. */
  public static List<String> summaries(final Path pcap) {
    return lines(List.of(RequiredTool.require("tshark"), "-n", "-r", pcap.toString()));
  }

  private static List<String> decode(final Path pcap, final List<String> preferences) {
    final List<String> command =
        new ArrayList<>(List.of(RequiredTool.require("tshark"), "-n", "-r", pcap.toString()));
    command.addAll(CHECKSUM_PREFS);
    for (final String preference : preferences) {
      command.add("-o");
      command.add(preference);
    }
    return command;
  }

  private static List<String> lines(final List<String> command) {
    final String text =
        Commands.run(Duration.ofSeconds(60), command.toArray(String[]::new)).orFail().stdout();
    return text.isEmpty() ? List.of() : List.of(text.split("\n"));
  }

  /**
   * Every frame of {@code file}, decoded by {@code tshark -T json -x}; fails when tshark rejects
   * the file.
   */
  public static List<Frame> frames(final Path file) {
    final String json =
        Commands.run(
                Duration.ofSeconds(60),
                RequiredTool.require("tshark"),
                "-n",
                "-r",
                file.toString(),
                "-T",
                "json",
                "-x")
            .orFail()
            .stdout();
    final List<Frame> frames = new ArrayList<>();
    for (final String packet : json.split("\"_index\"")) {
      final Matcher raw = RAW.matcher(packet);
      if (!raw.find()) {
        continue;
      }
      final Matcher time = find(TIME, packet);
      frames.add(
          new Frame(
              Integer.parseInt(find(NUMBER, packet).group(1)),
              Long.parseLong(time.group(1)) * 1_000_000_000L + Long.parseLong(time.group(2)),
              Integer.parseInt(find(LEN, packet).group(1)),
              Integer.parseInt(find(CAP_LEN, packet).group(1)),
              IFACE.matcher(packet).find() ? Integer.parseInt(find(IFACE, packet).group(1)) : 0,
              HexFormat.of().parseHex(raw.group(1))));
    }
    return frames;
  }

  /** The packet count {@code capinfos} reports. */
  public static long capinfosCount(final Path file) {
    final String out =
        Commands.run(RequiredTool.require("capinfos"), "-c", "-M", file.toString()).stdout();
    return Long.parseLong(find(PACKETS, out).group(1));
  }

  /** The file type {@code capinfos -t -M} reports: "pcap", "nsecpcap", "pcapng", ... */
  public static String capinfosType(final Path file) {
    final String out =
        Commands.run(RequiredTool.require("capinfos"), "-t", "-M", file.toString()).stdout();
    return find(TYPE, out).group(1);
  }

  private static Matcher find(final Pattern pattern, final String text) {
    final Matcher m = pattern.matcher(text);
    if (!m.find()) {
      throw new AssertionError(
          "tshark output lacks "
              + pattern
              + ": "
              + text.substring(0, Math.min(400, text.length())));
    }
    return m;
  }
}
