package io.vstack.cli;

import io.vstack.ledger.CountersFileLayout;
import io.vstack.ledger.LedgerFileException;
import io.vstack.ledger.LedgerReader;
import java.nio.file.Path;
import org.agrona.concurrent.SystemEpochClock;
import picocli.CommandLine.Option;

/** The {@code --counters-file} option shared by the commands that read a running stack. */
final class CountersFileOption {
  @Option(
      names = "--counters-file",
      paramLabel = "PATH",
      description = "Counters file of the running stack (default ${DEFAULT-VALUE}).")
  Path path = CountersFileLayout.DEFAULT_PATH;

  /** Maps the file read-only, or fails with one line saying what to do. */
  LedgerReader open() {
    try {
      return LedgerReader.open(path, SystemEpochClock.INSTANCE);
    } catch (final LedgerFileException e) {
      throw new UserException(e.getMessage());
    }
  }
}
