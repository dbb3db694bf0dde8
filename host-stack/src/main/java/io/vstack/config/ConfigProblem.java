package io.vstack.config;

/**
 * A configuration value that is wrong, as one line: {@code file:line:column: path: expected ...,
 * got ...} (line and column 1-based).
 */
public final class ConfigProblem extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ConfigProblem(final String message) {
    super(message, null, false, false);
  }
}
