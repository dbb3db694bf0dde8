package io.vstack.cli;

import io.vstack.ledger.LedgerFileException;
import io.vstack.ledger.LedgerReader;
import io.vstack.ledger.LedgerSnapshot;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vstack top}: live per-tenant rates from the counters file of a running stack, busiest
 * tenant first. On a terminal the screen refreshes until {@code q}; otherwise (or with {@code
 * --batch}) it prints one snapshot per interval, {@code --iterations} times.
 */
@Command(
    name = "top",
    mixinStandardHelpOptions = true,
    description = {
      "Live per-tenant rates (cycles, packets, drops) of the running stack, busiest first.",
      "On a terminal: refreshes in place, q quits. Otherwise: one snapshot per interval."
    })
public final class TopCommand implements Runnable {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin CountersFileOption countersFile;

  @Option(
      names = "--interval-ms",
      defaultValue = "1000",
      description =
          "Time between refreshes in milliseconds (100..60000, default ${DEFAULT-VALUE}).")
  int intervalMs;

  @Option(
      names = {"-n", "--iterations"},
      defaultValue = "0",
      description = "Stop after this many snapshots (0 = until q or interrupted).")
  int iterations;

  @Option(names = "--batch", description = "Print snapshots one after another even on a terminal.")
  boolean batch;

  @Override
  public void run() {
    OptionRange.require("--interval-ms", intervalMs, 100, 60_000);
    if (iterations < 0) {
      throw new UserException("--iterations must be 0 or more, got " + iterations, ExitCodes.USAGE);
    }
    final PrintWriter out = spec.commandLine().getOut();
    final boolean live = !batch && System.console() != null && System.console().isTerminal();
    try (LedgerReader reader = countersFile.open();
        RawTerminal terminal = live ? RawTerminal.enter() : null) {
      LedgerSnapshot previous = reader.snapshot();
      for (int shown = 0; iterations == 0 || shown < iterations; shown++) {
        if (waitForQuit(terminal)) {
          return;
        }
        final LedgerSnapshot current = reader.snapshot();
        if (live) {
          out.print("\033[H\033[2J");
        } else if (shown > 0) {
          out.println();
        }
        out.println(LedgerView.headline(countersFile.path.toString(), current));
        LedgerView.printRates(out, previous, current);
        if (live) {
          out.println("(q to quit)");
        }
        out.flush();
        previous = current;
      }
    } catch (final LedgerFileException e) {
      throw new UserException(e.getMessage());
    }
  }

  // Sleeps one interval; on a terminal, returns early with true when q is pressed.
  private boolean waitForQuit(final RawTerminal terminal) {
    final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(intervalMs);
    while (System.nanoTime() - deadline < 0) {
      if (terminal != null && terminal.quitPressed()) {
        return true;
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(terminal != null ? 50 : intervalMs));
    }
    return false;
  }

  /**
   * The terminal in non-canonical, no-echo mode (via stty) so single keys arrive; restored on
   * close.
   */
  static final class RawTerminal implements AutoCloseable {
    private final String saved;

    private RawTerminal(final String saved) {
      this.saved = saved;
    }

    static RawTerminal enter() {
      final String saved = stty("-g").strip();
      stty("-icanon", "-echo", "min", "0");
      return new RawTerminal(saved);
    }

    boolean quitPressed() {
      try {
        while (System.in.available() > 0) {
          final int key = System.in.read();
          if (key == 'q' || key == 'Q') {
            return true;
          }
        }
      } catch (final IOException e) {
        return true;
      }
      return false;
    }

    @Override
    public void close() {
      stty(saved);
    }

    private static String stty(final String... args) {
      final String[] command = new String[args.length + 1];
      command[0] = "stty";
      System.arraycopy(args, 0, command, 1, args.length);
      try {
        final Process process =
            new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/tty")))
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        final String output = new String(process.getInputStream().readAllBytes());
        process.waitFor();
        return output;
      } catch (final IOException e) {
        throw new UserException(
            "cannot set the terminal mode (stty: " + e.getMessage() + "); use --batch");
      } catch (final InterruptedException e) {
        Thread.currentThread().interrupt();
        return "";
      }
    }
  }
}
