package io.vstack.cli;

/**
 * A failure the user can act on: printed as one line ({@code vstack: <message>}), no stack trace.
 * The message says what is wrong and what to do next.
 */
public final class UserException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int exitCode;

  public UserException(final String message) {
    this(message, ExitCodes.FAILED);
  }

  public UserException(final String message, final int exitCode) {
    super(message, null, false, false);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
