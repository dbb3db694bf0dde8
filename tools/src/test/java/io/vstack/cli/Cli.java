package io.vstack.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs the vstack command line in-process, as main would, capturing what it prints. */
final class Cli {
  /** How a run ended. */
  record Result(int exitCode, String out, String err) {
    /** The one line printed on stderr, checked to be exactly one. */
    String errorLine() {
      final String[] lines = err.strip().split("\n");
      if (lines.length != 1 || !lines[0].startsWith("vstack: ")) {
        throw new AssertionError("expected one 'vstack: ' line on stderr, got: " + err);
      }
      return lines[0];
    }

    @Override
    public String toString() {
      return "exit " + exitCode + "\nstdout: " + out + "\nstderr: " + err;
    }
  }

  private Cli() {}

  static Result run(final String... args) {
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();
    final CommandLine commandLine = VstackCommand.commandLine();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    final int exit = commandLine.execute(args);
    return new Result(exit, out.toString(), err.toString());
  }

  /** A long field of the one-line JSON summary, e.g. {@code frames_sent}. */
  static long jsonLong(final String json, final String field) {
    return (long) jsonDouble(json, field);
  }

  /** A number field of the one-line JSON summary. */
  static double jsonDouble(final String json, final String field) {
    final var m = java.util.regex.Pattern.compile("\"" + field + "\":(-?[0-9.eE+]+)").matcher(json);
    if (!m.find()) {
      throw new AssertionError("no numeric " + field + " in " + json);
    }
    return Double.parseDouble(m.group(1));
  }
}
