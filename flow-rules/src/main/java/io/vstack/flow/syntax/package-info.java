/**
 * testpmd's {@code flow} syntax: {@link io.vstack.flow.syntax.FlowSyntax} parses and prints {@link
 * io.vstack.flow.FlowCommand}s and {@link io.vstack.flow.FlowRule}s; errors are {@link
 * io.vstack.flow.syntax.FlowSyntaxException}s with a 1-based column.
 */
package io.vstack.flow.syntax;
