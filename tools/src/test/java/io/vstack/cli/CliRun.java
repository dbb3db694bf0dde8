package io.vstack.cli;

import io.vstack.control.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import picocli.CommandLine;

/** Runs {@code vstack} commands in this JVM with captured stdout and stderr (fresh per run). */
public final class CliRun {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  /** Runs {@code args}; returns the exit code. */
  public int vstack(final String... args) {
    out.getBuffer().setLength(0);
    err.getBuffer().setLength(0);
    final CommandLine commandLine = VstackCommand.commandLine();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    return commandLine.execute(args);
  }

  public String out() {
    return out.toString();
  }

  public String err() {
    return err.toString();
  }

  /** Stdout parsed as one JSON object. */
  @SuppressWarnings("unchecked")
  public Map<String, Object> json() {
    return (Map<String, Object>) Json.parse(out.toString().strip());
  }
}
