package io.vstack.doca;

/**
 * DOCA Flow's libraries are not installed (or lack a function vstack binds). The message says what
 * to install; {@link #PREFIX} starts every message.
 */
public final class DocaUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The first words of every message, stable for tests and operators. */
  public static final String PREFIX =
      "DOCA Flow not found: install the DOCA SDK (doca-sdk-flow) on a BlueField/ConnectX host";

  DocaUnavailableException(final String detail) {
    super(PREFIX + " (" + detail + ")");
  }
}
