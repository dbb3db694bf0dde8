package io.vstack.cli;

import io.vstack.ledger.LedgerFileException;
import io.vstack.ledger.LedgerReader;
import io.vstack.ledger.LedgerSnapshot;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vstack stats}: one snapshot of every tenant's counters (cycles, packets, bytes, drops,
 * queue depth, connections, latency) read from the counters file of a running stack, which it maps
 * read-only and never disturbs.
 */
@Command(
    name = "stats",
    mixinStandardHelpOptions = true,
    description = {
      "Print every tenant's counters from the running stack's counters file (read-only).",
      "Cumulative since the stack started; cycles are TSC cycles. --json for machines."
    })
public final class StatsCommand implements Runnable {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin CountersFileOption countersFile;

  @Option(names = "--json", description = "One JSON object instead of the table.")
  boolean json;

  @Override
  public void run() {
    final PrintWriter out = spec.commandLine().getOut();
    final PrintWriter err = spec.commandLine().getErr();
    final LedgerSnapshot snapshot;
    try (LedgerReader reader = countersFile.open()) {
      snapshot = reader.snapshot();
    } catch (final LedgerFileException e) {
      throw new UserException(e.getMessage());
    }
    if (json) {
      out.println(LedgerView.json(countersFile.path.toString(), snapshot));
    } else {
      out.println(LedgerView.headline(countersFile.path.toString(), snapshot));
      LedgerView.printTable(out, snapshot);
    }
    out.flush();
    if (LedgerView.unhealthy(snapshot)) {
      err.println(
          "vstack: warning: the stack writing "
              + countersFile.path
              + " is "
              + snapshot.status().label()
              + " (pid "
              + snapshot.pid()
              + "); numbers are its last ones");
      err.flush();
    }
  }
}
