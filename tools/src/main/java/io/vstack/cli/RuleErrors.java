package io.vstack.cli;

import io.vstack.flow.syntax.FlowSyntaxException;

/**
 * Rule syntax errors for the terminal: the error line, then the rule with a caret under the column.
 */
final class RuleErrors {
  private RuleErrors() {}

  /** {@code message}, then {@code rule} and a caret under 1-based {@code column}. */
  static String withCaret(final String message, final String rule, final int column) {
    final int caret = Math.max(0, Math.min(column - 1, rule.length()));
    return message
        + System.lineSeparator()
        + "  "
        + rule
        + System.lineSeparator()
        + "  "
        + " ".repeat(caret)
        + "^";
  }

  /** A usage error (exit 2) for a rule that does not parse. */
  static UserException syntax(final FlowSyntaxException e, final String rule) {
    return new UserException(
        withCaret("bad rule: " + e.getMessage(), rule, e.column()), ExitCodes.USAGE);
  }
}
