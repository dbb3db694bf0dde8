package io.vstack.daemon;

/**
 * A request the daemon refuses: a bad field, an unknown port or rule, a rule syntax error ({@link
 * #column()} &gt; 0, 1-based in the rule text) or a backend's refusal.
 */
final class RequestException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String kind;
  private final int column;

  RequestException(final String message, final String kind, final int column) {
    super(message, null, false, false);
    this.kind = kind;
    this.column = column;
  }

  RequestException(final String message, final String kind) {
    this(message, kind, 0);
  }

  String kind() {
    return kind;
  }

  int column() {
    return column;
  }
}
