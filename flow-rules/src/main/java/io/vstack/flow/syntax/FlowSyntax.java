package io.vstack.flow.syntax;

import io.vstack.flow.FlowCommand;
import io.vstack.flow.FlowRule;

/**
 * testpmd's {@code flow} command syntax (DPDK 22.11): parse text into {@link FlowCommand} and
 * {@link FlowRule} values and print them back. Printing then parsing yields an equal value, and
 * printed text is accepted by the real testpmd parser.
 *
 * <pre>
 * flow validate|create PORT [group N] [priority N] [ingress] [egress] [transfer]
 *      pattern ITEM [FIELD is|spec|last|mask|prefix VALUE]... / ... end
 *      actions ACTION [ARG VALUE]... / ... end
 * flow destroy PORT rule ID [rule ID]...
 * flow list PORT [group N]...
 * flow flush PORT
 * flow query PORT ID count
 * flow isolate PORT 0|1
 * </pre>
 *
 * <p>Errors throw {@link FlowSyntaxException} with a one-line message naming the column; no other
 * exception escapes for any input.
 */
public final class FlowSyntax {
  private FlowSyntax() {}

  /** Parses one {@code flow ...} command. */
  public static FlowCommand parseCommand(final String text) {
    return new FlowParser(text).command();
  }

  /**
   * Parses a rule without the {@code flow create <port>} prefix: {@code [attributes] pattern ...
   * end actions ... end} (the form rules take in config files).
   */
  public static FlowRule parseRule(final String text) {
    return new FlowParser(text).ruleOnly();
  }

  /** The testpmd text of {@code command}. */
  public static String print(final FlowCommand command) {
    return FlowPrinter.command(command);
  }

  /** The testpmd text of {@code rule}, without the {@code flow create <port>} prefix. */
  public static String print(final FlowRule rule) {
    return FlowPrinter.rule(rule);
  }
}
