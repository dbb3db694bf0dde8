package io.vstack.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Turns failures into one line on stderr: usage mistakes exit {@link ExitCodes#USAGE}, {@link
 * UserException}s their own code. Only a bug (any other exception) prints a stack trace, and only
 * with {@code VSTACK_DEBUG=1}; otherwise its message and a hint.
 */
final class UserErrorHandler implements IExecutionExceptionHandler, IParameterExceptionHandler {
  @Override
  public int handleParseException(final ParameterException e, final String[] args) {
    final CommandLine commandLine = e.getCommandLine();
    final PrintWriter err = commandLine.getErr();
    err.println("vstack: " + e.getMessage());
    err.println("Try '" + commandLine.getCommandSpec().qualifiedName() + " --help' for usage.");
    err.flush();
    return ExitCodes.USAGE;
  }

  @Override
  public int handleExecutionException(
      final Exception e, final CommandLine commandLine, final ParseResult parseResult) {
    final PrintWriter err = commandLine.getErr();
    if (e instanceof UserException user) {
      err.println("vstack: " + user.getMessage());
      err.flush();
      return user.exitCode();
    }
    if ("1".equals(System.getenv("VSTACK_DEBUG"))) {
      e.printStackTrace(err);
    } else {
      err.println(
          "vstack: internal error: " + e + " (run with VSTACK_DEBUG=1 for details and report it)");
    }
    err.flush();
    return ExitCodes.FAILED;
  }
}
