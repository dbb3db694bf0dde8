package io.vstack.config;

/**
 * A mistake in a configuration file. The message is one line that names the file, line and column,
 * the path of the setting and what was expected, e.g. {@code vstack.yaml:12:9: tenants[1].vni:
 * expected an integer 0..16777215, got "abc"}: print it as is, never a stack trace.
 */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ConfigException(final String message) {
    super(message, null, false, false);
  }
}
