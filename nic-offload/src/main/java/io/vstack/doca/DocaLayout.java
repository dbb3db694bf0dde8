package io.vstack.doca;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Offsets, sizes and enum values of the DOCA Flow structs vstack writes ({@code doca_flow_match},
 * {@code _actions}, {@code _fwd}, {@code _monitor}, {@code _resource_query}), taken from the
 * target's own headers instead of being written down by hand: DOCA's structs are full of anonymous
 * unions and change between releases (DOCA-NOTES.md sections 3 and 4). {@link #probe()} compiles
 * the bundled {@code doca_layout.c} with gcc against {@code pkg-config doca-flow} and reads what it
 * prints; {@link #parse} reads such output.
 */
public final class DocaLayout {
  /** The C program printing the layout, next to this class. */
  static final String PROGRAM = "doca_layout.c";

  /** Every name {@code doca_layout.c} prints; parse fails when one is missing. */
  static final List<String> NAMES =
      List.of(
          "MATCH_SIZE",
          "MATCH_OUTER_L3_META",
          "MATCH_OUTER_L4_META",
          "MATCH_OUTER_L3_TYPE",
          "MATCH_OUTER_L4_TYPE_EXT",
          "MATCH_OUTER_UDP_DST_PORT",
          "MATCH_TUN_TYPE",
          "MATCH_TUN_VXLAN_TYPE",
          "MATCH_TUN_VXLAN_TUN_ID",
          "ACTIONS_SIZE",
          "ACTIONS_PKT_META",
          "FWD_SIZE",
          "FWD_TYPE",
          "FWD_RSS_TYPE",
          "FWD_RSS_OUTER_FLAGS",
          "FWD_RSS_QUEUES",
          "FWD_RSS_NR_QUEUES",
          "MONITOR_SIZE",
          "MONITOR_COUNTER_TYPE",
          "QUERY_SIZE",
          "QUERY_TOTAL_BYTES",
          "QUERY_TOTAL_PKTS",
          "L3_META_IPV4",
          "L4_META_UDP",
          "L3_TYPE_IP4",
          "L4_TYPE_EXT_UDP",
          "TUN_VXLAN",
          "TUN_EXT_VXLAN_STANDARD",
          "FWD_RSS",
          "FWD_DROP",
          "FWD_CHANGEABLE",
          "RESOURCE_NON_SHARED",
          "PIPE_BASIC",
          "RSS_IPV4",
          "RSS_UDP",
          "ENTRY_FLAGS_NO_WAIT",
          "ENTRY_STATUS_SUCCESS",
          "ENTRY_STATUS_ERROR");

  private final Map<String, long[]> entries;

  private DocaLayout(final Map<String, long[]> entries) {
    this.entries = entries;
  }

  /**
   * Reads {@code doca_layout.c}'s output: {@code NAME offset size} per field, {@code NAME value}
   * per size or enum value.
   *
   * @throws IllegalArgumentException naming the first malformed line or missing name
   */
  public static DocaLayout parse(final String output) {
    final Map<String, long[]> entries = new LinkedHashMap<>();
    for (final String line : output.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      final String[] parts = line.trim().split("\\s+");
      if (parts.length < 2 || parts.length > 3) {
        throw new IllegalArgumentException("malformed DOCA layout line: " + line);
      }
      final long[] values = new long[parts.length - 1];
      for (int i = 1; i < parts.length; i++) {
        try {
          values[i - 1] = Long.parseLong(parts[i]);
        } catch (final NumberFormatException e) {
          throw new IllegalArgumentException("malformed DOCA layout line: " + line, e);
        }
      }
      entries.put(parts[0], values);
    }
    for (final String name : NAMES) {
      if (!entries.containsKey(name)) {
        throw new IllegalArgumentException("DOCA layout lacks " + name);
      }
    }
    return new DocaLayout(entries);
  }

  /**
   * Compiles and runs {@code doca_layout.c} against the installed DOCA headers.
   *
   * @throws DocaUnavailableException when gcc, pkg-config or the doca-flow headers are missing
   */
  public static DocaLayout probe() {
    try {
      final Path dir = Files.createTempDirectory("vstack-doca");
      final Path source = dir.resolve(PROGRAM);
      final Path binary = dir.resolve("doca_layout");
      try {
        try (InputStream in = DocaLayout.class.getResourceAsStream(PROGRAM)) {
          if (in == null) {
            throw new IllegalStateException(PROGRAM + " is missing from the class path");
          }
          Files.copy(in, source);
        }
        final String cflags = run(List.of("pkg-config", "--cflags", "doca-flow")).trim();
        final List<String> gcc =
            new ArrayList<>(
                List.of(
                    "gcc",
                    "-DDOCA_ALLOW_EXPERIMENTAL_API",
                    "-o",
                    binary.toString(),
                    source.toString()));
        if (!cflags.isEmpty()) {
          gcc.addAll(List.of(cflags.split("\\s+")));
        }
        run(gcc);
        return parse(run(List.of(binary.toString())));
      } finally {
        Files.deleteIfExists(binary);
        Files.deleteIfExists(source);
        Files.deleteIfExists(dir);
      }
    } catch (final IOException e) {
      throw new DocaUnavailableException("cannot probe the DOCA struct layout: " + e.getMessage());
    }
  }

  /** Offset of field {@code name}. */
  public long offset(final String name) {
    final long[] values = get(name);
    if (values.length != 2) {
      throw new IllegalArgumentException(name + " is a value, not a field");
    }
    return values[0];
  }

  /** Size in bytes of field {@code name}. */
  public long size(final String name) {
    final long[] values = get(name);
    return values.length == 2 ? values[1] : values[0];
  }

  /** A struct size or enum value. */
  public long value(final String name) {
    final long[] values = get(name);
    if (values.length != 1) {
      throw new IllegalArgumentException(name + " is a field, not a value");
    }
    return values[0];
  }

  /** Writes {@code value} into field {@code name} of {@code struct}, in host byte order. */
  public void put(final MemorySegment struct, final String name, final long value) {
    write(struct, name, value, ByteOrder.nativeOrder());
  }

  /** Writes {@code value} into field {@code name} in network byte order ({@code doca_be*_t}). */
  public void putBigEndian(final MemorySegment struct, final String name, final long value) {
    write(struct, name, value, ByteOrder.BIG_ENDIAN);
  }

  /** Reads field {@code name} of {@code struct} in host byte order, unsigned. */
  public long get(final MemorySegment struct, final String name) {
    final long offset = offset(name);
    return switch ((int) size(name)) {
      case 1 -> Byte.toUnsignedLong(struct.get(ValueLayout.JAVA_BYTE, offset));
      case 2 -> Short.toUnsignedLong(struct.get(ValueLayout.JAVA_SHORT_UNALIGNED, offset));
      case 4 -> Integer.toUnsignedLong(struct.get(ValueLayout.JAVA_INT_UNALIGNED, offset));
      case 8 -> struct.get(ValueLayout.JAVA_LONG_UNALIGNED, offset);
      default -> throw new IllegalArgumentException(name + " has size " + size(name));
    };
  }

  private void write(
      final MemorySegment struct, final String name, final long value, final ByteOrder order) {
    final long offset = offset(name);
    switch ((int) size(name)) {
      case 1 -> struct.set(ValueLayout.JAVA_BYTE, offset, (byte) value);
      case 2 ->
          struct.set(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(order), offset, (short) value);
      case 4 -> struct.set(ValueLayout.JAVA_INT_UNALIGNED.withOrder(order), offset, (int) value);
      case 8 -> struct.set(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(order), offset, value);
      default -> throw new IllegalArgumentException(name + " has size " + size(name));
    }
  }

  private long[] get(final String name) {
    final long[] values = entries.get(name);
    if (values == null) {
      throw new IllegalArgumentException("DOCA layout lacks " + name);
    }
    return values;
  }

  private static String run(final List<String> command) throws IOException {
    final Process process;
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (final IOException e) {
      throw new DocaUnavailableException(command.get(0) + " not found: " + e.getMessage());
    }
    try {
      final byte[] out = process.getInputStream().readAllBytes();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new DocaUnavailableException(command.get(0) + " did not finish within 60 s");
      }
      final String text = new String(out, StandardCharsets.UTF_8);
      if (process.exitValue() != 0) {
        throw new DocaUnavailableException(
            String.join(" ", command) + " failed: " + text.lines().findFirst().orElse(""));
      }
      return text;
    } catch (final InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new DocaUnavailableException("interrupted while probing the DOCA layout");
    }
  }
}
