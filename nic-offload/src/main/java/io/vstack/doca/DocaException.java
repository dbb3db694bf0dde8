package io.vstack.doca;

/**
 * A DOCA call returned an error: the {@code doca_error_t} code and DOCA's own description ({@code
 * doca_error_get_descr}).
 */
public final class DocaException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int code;

  DocaException(final String operation, final int code, final String description) {
    super(operation + " failed: " + description + " (doca_error_t " + code + ")");
    this.code = code;
  }

  /** The {@code doca_error_t} value (0 is DOCA_SUCCESS and never thrown). */
  public int code() {
    return code;
  }
}
