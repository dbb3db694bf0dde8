package io.vstack.bench;

import io.vstack.control.Json;
import io.vstack.mode.StackMode;
import io.vstack.mode.StreamWorkload;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One fork of {@code vstack bench overlay --forks N}: a child JVM started by {@link OverlayForks}
 * that measures ONE {@link StackMode} with {@link OverlayBench#run} (same workload, warm-up and
 * CPU-time measurement as the single-JVM run) and prints its totals as one JSON line on stdout.
 * Alone in its JVM, the mode's hot code is compiled with a profile of that mode only (the reason
 * JMH forks a JVM per benchmark).
 *
 * <p>Arguments: {@code MODE TENANTS CONNECTIONS MESSAGE_BYTES IN_FLIGHT_BYTES PACKETS ROUNDS}
 * ({@code MODE} is the enum name). A failure is one line on stderr and exit code 1. The fork exits
 * at once when its stdin reaches end of file: the parent keeps that pipe open, so a parent that
 * dies, even killed, takes its fork with it.
 */
public final class OverlayBenchFork {
  /** Number of arguments {@link #main} takes. */
  static final int ARGUMENTS = 7;

  private OverlayBenchFork() {}

  /** Runs the fork described by {@code args}; exits with 0 or, after one line on stderr, 1. */
  public static void main(final String[] args) {
    watchParent(System.in);
    System.exit(run(args, System.out, System.err));
  }

  /** The fork's work: returns the exit code after printing the result line or one error line. */
  static int run(final String[] args, final PrintStream out, final PrintStream err) {
    try {
      if (args.length != ARGUMENTS) {
        throw new IllegalArgumentException(
            "expected " + ARGUMENTS + " arguments, got " + args.length);
      }
      final StackMode mode = StackMode.valueOf(args[0]);
      final StreamWorkload.Shape shape =
          new StreamWorkload.Shape(
              Integer.parseInt(args[1]),
              Integer.parseInt(args[2]),
              Integer.parseInt(args[3]),
              Integer.parseInt(args[4]));
      final OverlayBench.ModeResult r =
          OverlayBench.run(List.of(mode), shape, Long.parseLong(args[5]), Integer.parseInt(args[6]))
              .of(mode);
      out.println(Json.write(toJson(r)));
      out.flush();
      return 0;
    } catch (final RuntimeException e) {
      err.println("overlay fork: " + e);
      err.flush();
      return 1;
    }
  }

  /** The result line's fields. */
  static Map<String, Object> toJson(final OverlayBench.ModeResult r) {
    final Map<String, Object> json = new LinkedHashMap<>();
    json.put("mode", r.mode().name());
    json.put("packets", r.packets());
    json.put("cpu_nanos", r.cpuNanos());
    json.put("wall_nanos", r.wallNanos());
    json.put("payload_bytes", r.bytes());
    return json;
  }

  /**
   * Parses a result line of a fork of {@code expected}; throws IllegalStateException if invalid.
   */
  static OverlayBench.ModeResult fromJson(final String line, final StackMode expected) {
    final Object parsed;
    try {
      parsed = Json.parse(line);
    } catch (final RuntimeException e) {
      throw new IllegalStateException("printed no result line: " + abbreviate(line));
    }
    if (!(parsed instanceof Map<?, ?> json)
        || !expected.name().equals(json.get("mode"))
        || !(json.get("packets") instanceof Long packets)
        || !(json.get("cpu_nanos") instanceof Long cpu)
        || !(json.get("wall_nanos") instanceof Long wall)
        || !(json.get("payload_bytes") instanceof Long bytes)
        || packets <= 0) {
      throw new IllegalStateException("printed an invalid result line: " + abbreviate(line));
    }
    return new OverlayBench.ModeResult(expected, packets, cpu, wall, bytes, new double[0]);
  }

  private static String abbreviate(final String line) {
    final String s = line.strip();
    return s.isEmpty() ? "(empty)" : s.length() <= 200 ? s : s.substring(0, 200) + "...";
  }

  private static void watchParent(final InputStream stdin) {
    final Thread watcher =
        new Thread(
            () -> {
              try {
                while (stdin.read() >= 0) {
                  // the parent writes nothing; only end of file matters
                }
              } catch (final IOException e) {
                // a broken pipe means the same: the parent is gone
              }
              Runtime.getRuntime().halt(1);
            },
            "overlay-fork-parent-watch");
    watcher.setDaemon(true);
    watcher.start();
  }
}
