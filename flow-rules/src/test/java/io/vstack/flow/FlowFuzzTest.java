package io.vstack.flow;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.vstack.flow.match.FlowMatcher;
import io.vstack.flow.match.MatchResult;
import io.vstack.flow.syntax.Corpus;
import io.vstack.flow.syntax.FlowSyntax;
import io.vstack.flow.syntax.FlowSyntaxException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.stream.Stream;

/**
 * Jazzer fuzz tests (all in one class: each fuzzing JVM costs seconds). Without JAZZER_FUZZ=1 they
 * replay the seeds in {@code FlowFuzzTestInputs/}; with it they fuzz.
 */
class FlowFuzzTest {
  /** Every rule of the syntax corpus, so fuzzed frames meet every item and mask form. */
  private static final List<FlowRule> RULES =
      Corpus.valid().stream()
          .map(FlowSyntax::parseCommand)
          .flatMap(
              c ->
                  c instanceof FlowCommand.Validate v
                      ? Stream.of(v.rule())
                      : c instanceof FlowCommand.Create k ? Stream.of(k.rule()) : Stream.empty())
          .filter(FlowFuzzTest::compilable)
          .toList();

  private static final FlowMatcher MATCHER = FlowMatcher.compile(RULES, FlowDirection.INGRESS);
  private static final ByteBuffer DIRECT = ByteBuffer.allocateDirect(4096);

  @FuzzTest(maxDuration = "60s")
  void fuzzParser(final FuzzedDataProvider data) {
    final String text = data.consumeRemainingAsString();
    try {
      final FlowCommand command = FlowSyntax.parseCommand(text);
      assertThat(FlowSyntax.parseCommand(FlowSyntax.print(command))).isEqualTo(command);
    } catch (final FlowSyntaxException e) {
      assertThat(e.getMessage()).doesNotContain("\n").doesNotContain("\r");
      assertThat(e.column()).isBetween(1, text.length() + 1);
    }
  }

  @FuzzTest(maxDuration = "60s")
  void fuzzMatcher(final FuzzedDataProvider data) {
    final long mark = data.consumeLong();
    final long meta = data.consumeLong();
    final int port = data.consumeInt();
    final int offset = data.consumeInt(-2, 64);
    final byte[] frame = data.consumeRemainingAsBytes();
    final MatchResult result =
        MATCHER.match(
            frame,
            Math.max(0, Math.min(offset, frame.length)),
            frame.length - Math.max(0, Math.min(offset, frame.length)),
            mark,
            meta,
            port);
    assertThat(result.ruleIndex()).isBetween(-1, RULES.size() - 1);
    MATCHER.match(frame, offset, frame.length, mark, meta, port);
    DIRECT.clear();
    DIRECT.put(frame, 0, Math.min(frame.length, DIRECT.capacity())).flip();
    MATCHER.match(DIRECT, mark, meta, port);
  }

  private static boolean compilable(final FlowRule rule) {
    return rule.pattern().stream()
        .allMatch(item -> item.hasSpec() || !(item.hasMask() || item.hasLast()));
  }
}
