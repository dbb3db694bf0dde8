package io.vstack.pcap;

import io.vstack.netns.Commands;
import io.vstack.netns.RequiredTool;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What Wireshark's own tools say about a capture file: the reference that {@link CaptureReader} and
 * {@link CaptureWriter} are checked against.
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

  private Tshark() {}

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
