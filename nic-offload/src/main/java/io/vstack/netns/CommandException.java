package io.vstack.netns;

/**
 * An external program (iproute2, tcpdump, ping, ...) could not be run, failed or timed out. The
 * message names the command, its exit code and stderr, or the Debian package that provides a
 * missing tool.
 */
public final class CommandException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CommandException(final String message) {
    super(message);
  }

  public CommandException(final String message, final Throwable cause) {
    super(message, cause);
  }
}
