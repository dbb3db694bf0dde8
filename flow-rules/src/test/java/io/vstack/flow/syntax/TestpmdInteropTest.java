package io.vstack.flow.syntax;

import static org.assertj.core.api.Assertions.assertThat;

import io.vstack.flow.ExternalTool;
import io.vstack.flow.FlowCommand;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Feeds every corpus command, as printed by {@link FlowSyntax}, to the real DPDK 22.11 testpmd
 * parser (on a net_null vdev, no hugepages) and checks none is refused with "Bad arguments". A PMD
 * refusal ("Function not implemented") is fine: it comes after a successful parse.
 */
class TestpmdInteropTest {
  /** testpmd's command line buffer (cmdline RDLINE_BUF_SIZE 512) truncates longer lines. */
  private static final int TESTPMD_MAX_LINE = 510;

  private static final String BAD = "Bad arguments";
  private static final String BROKEN =
      "flow validate 0 ingress pattern eth / ipv5 / end actions drop / end";

  @Test
  void shouldBeAcceptedByRealTestpmdWhenPrintedByUs() throws Exception {
    final List<String> lines = new ArrayList<>();
    for (final String source :
        Stream.concat(Corpus.valid().stream(), Corpus.documentedValid().stream()).toList()) {
      final FlowCommand command = FlowSyntax.parseCommand(source);
      // Validate instead of create: same parser, no state left behind.
      final FlowCommand safe =
          command instanceof FlowCommand.Create c
              ? new FlowCommand.Validate(c.port(), c.rule())
              : command;
      final String printed = FlowSyntax.print(safe);
      assertThat(printed.length())
          .as("testpmd cannot take lines this long: %s", printed)
          .isLessThan(TESTPMD_MAX_LINE);
      lines.add(printed);
    }
    lines.add(BROKEN);

    final List<String> replies = runTestpmd(lines);

    for (int i = 0; i < lines.size() - 1; i++) {
      assertThat(replies.get(i))
          .as("testpmd reply to: %s", lines.get(i))
          .doesNotContain(BAD)
          .doesNotContain("Command not found")
          .doesNotContain("Ambiguous command");
    }
    assertThat(replies.get(lines.size() - 1)).as("testpmd must refuse: %s", BROKEN).contains(BAD);
  }

  /** One reply per line (what testpmd printed between that command's prompt and the next). */
  private static List<String> runTestpmd(final List<String> lines)
      throws IOException, InterruptedException {
    final String log =
        ExternalTool.require(Testpmd.PROGRAM, Testpmd.PACKAGE)
            .run(
                String.join("\n", lines) + "\nquit\n",
                true,
                Testpmd.onNullDevice("--total-num-mbufs=2048").toArray(String[]::new));
    final String[] segments = log.split("testpmd> ", -1);
    // segments[0] is start-up; then one per command, then the one for "quit".
    assertThat(segments.length)
        .as("testpmd prompts (did it start and read every line?) in:\n%s", log)
        .isEqualTo(lines.size() + 2);
    final List<String> replies = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      final String segment = segments[i + 1];
      assertThat(segment).as("testpmd echo out of step").startsWith(lines.get(i));
      replies.add(segment.substring(lines.get(i).length()));
    }
    return replies;
  }
}
