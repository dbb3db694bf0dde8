package io.vstack.netns;

import io.vstack.flow.syntax.Testpmd;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The external programs that interop tests run, each with the Debian package that provides it, so a
 * machine without one fails the test with a message saying what to install (tests never skip for a
 * missing tool).
 */
public final class RequiredTool {
  private static final Map<String, String> PACKAGES =
      Map.ofEntries(
          Map.entry("ip", "iproute2"),
          Map.entry("tc", "iproute2"),
          Map.entry("tshark", "tshark"),
          Map.entry("tcpdump", "tcpdump"),
          Map.entry("dumpcap", "wireshark-common"),
          Map.entry("editcap", "wireshark-common"),
          Map.entry("mergecap", "wireshark-common"),
          Map.entry("capinfos", "wireshark-common"),
          Map.entry("text2pcap", "wireshark-common"),
          Map.entry("arping", "arping"),
          Map.entry("ping", "iputils-ping"),
          Map.entry("nft", "nftables"),
          Map.entry("setpriv", "util-linux"),
          Map.entry("tcpreplay", "tcpreplay"),
          Map.entry("tmux", "tmux"),
          Map.entry("stdbuf", "coreutils"),
          Map.entry("gcc", "gcc"),
          Map.entry("pkg-config", "pkg-config"),
          Map.entry("python3", "python3-scapy"),
          Map.entry("curl", "curl"),
          Map.entry("iperf3", "iperf3"),
          Map.entry(Testpmd.PROGRAM, Testpmd.PACKAGE));

  private RequiredTool() {}

  /**
   * The absolute path of {@code tool} on the PATH (or in /usr/sbin, /sbin).
   *
   * @throws CommandException naming the Debian package when it is missing.
   */
  public static String require(final String tool) {
    if (tool.indexOf('/') >= 0) {
      if (Files.isExecutable(Path.of(tool))) {
        return tool;
      }
      throw new CommandException(missing(Path.of(tool).getFileName().toString()));
    }
    final String path =
        System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/sbin:/sbin";
    for (final String dir : path.split(File.pathSeparator)) {
      if (!dir.isEmpty()) {
        final Path candidate = Path.of(dir, tool);
        if (Files.isExecutable(candidate)) {
          return candidate.toString();
        }
      }
    }
    throw new CommandException(missing(tool));
  }

  /** The message for a missing tool, e.g. "tshark not found: apt-get install tshark". */
  static String missing(final String tool) {
    final String pkg = PACKAGES.get(tool);
    return tool
        + " not found on PATH: this test needs it; install it with `apt-get install "
        + (pkg == null ? "<the package providing " + tool + ">" : pkg)
        + "`";
  }
}
