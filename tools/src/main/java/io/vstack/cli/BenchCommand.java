package io.vstack.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/**
 * {@code vstack bench}: wall-clock experiments; each subcommand prints ratios against a baseline.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Wall-clock experiments, each against a baseline measured in the same run.",
    subcommands = {
      AccountingBenchCommand.class,
      OverlayBenchCommand.class,
      TcpBenchCommand.class,
      IsolationBenchCommand.class,
    })
public final class BenchCommand implements Runnable {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
