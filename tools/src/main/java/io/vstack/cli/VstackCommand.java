package io.vstack.cli;

import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code vstack} command line. Each subcommand is a class of its own in this package.
 *
 * <p>Exit codes (see {@link ExitCodes}): 0 success, 1 the work failed, 2 bad usage or input.
 */
@Command(
    name = "vstack",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "A shared, virtualized TCP network stack for SmartNIC hosts.",
    subcommands = {
      DemoCommand.class,
      DaemonCommand.class,
      FlowCli.class,
      StatsCommand.class,
      TopCommand.class,
      BenchCommand.class,
      ReplayCommand.class,
      CaptureCommand.class,
      AutoComplete.GenerateCompletion.class,
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:success",
      "1:the work failed (a message says why)",
      "2:bad usage or input (a message says what to fix)",
      "3:the daemon is not reachable (vstack flow without --dry-run)",
    })
public final class VstackCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** Builds the command line with vstack's error handling, for main and for tests. */
  public static CommandLine commandLine() {
    final CommandLine commandLine = new CommandLine(new VstackCommand());
    commandLine.setExecutionExceptionHandler(new UserErrorHandler());
    commandLine.setParameterExceptionHandler(new UserErrorHandler());
    return commandLine;
  }

  public static void main(final String[] args) {
    System.exit(commandLine().execute(args));
  }
}
