package io.vstack.flow.syntax;

/**
 * A flow command or rule that is not valid testpmd syntax. {@link #getMessage()} is one line:
 * {@code column <n>: expected <what>, got '<token>'}, with the 1-based column of the offending
 * token.
 */
public final class FlowSyntaxException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int column;

  /** {@code detail} says what was expected and what was found. */
  public FlowSyntaxException(final int column, final String detail) {
    super("column " + column + ": " + detail, null, false, false);
    this.column = column;
  }

  /** 1-based column of the token that is wrong (one past the end for a missing token). */
  public int column() {
    return column;
  }
}
