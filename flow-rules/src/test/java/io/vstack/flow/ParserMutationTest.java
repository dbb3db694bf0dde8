package io.vstack.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.vstack.flow.syntax.Corpus;
import io.vstack.flow.syntax.FlowSyntax;
import io.vstack.flow.syntax.FlowSyntaxException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded-random mutations of the corpus (token drops, swaps, duplicates, foreign tokens, character
 * edits): the parser must either return a command that round-trips or throw {@link
 * FlowSyntaxException} with a one-line message and a column inside the input. A cheap, always-on
 * companion to the Jazzer fuzz test.
 */
class ParserMutationTest {
  private static final int RUNS = 20_000;
  private static final String[] FOREIGN = {
    "/",
    "end",
    "is",
    "spec",
    "last",
    "mask",
    "prefix",
    "0",
    "0x",
    "0xffffffffffffffffff",
    "65536",
    "-1",
    "::",
    "1.2.3.4",
    "ff:ff:ff:ff:ff:ff",
    "ipv4",
    "vxlan",
    "rss",
    "types",
    "queues",
    "key",
    "pattern",
    "actions",
    "group",
    "\u00e9",
    "\t",
    "01",
    "4294967296",
    "eth/",
    "::ffff:1.2.3.4"
  };

  @Test
  void shouldReturnRoundTrippingCommandOrSyntaxErrorWhenInputIsMutated() {
    final List<String> corpus = Corpus.valid();
    int accepted = 0;
    for (int seed = 0; seed < RUNS; seed++) {
      final Random random = new Random(seed);
      final String text = mutate(corpus.get(random.nextInt(corpus.size())), random);
      try {
        final FlowCommand command = FlowSyntax.parseCommand(text);
        assertThat(FlowSyntax.parseCommand(FlowSyntax.print(command)))
            .as("seed %d: %s", seed, text)
            .isEqualTo(command);
        accepted++;
      } catch (final FlowSyntaxException e) {
        assertThat(e.getMessage()).as("seed %d", seed).doesNotContain("\n");
        assertThat(e.column()).as("seed %d: %s", seed, text).isBetween(1, text.length() + 1);
      } catch (final RuntimeException e) {
        fail("seed " + seed + ": " + text + " threw " + e, e);
      }
    }
    // The mutations must exercise both outcomes, or the test proves little.
    assertThat(accepted).isBetween(RUNS / 50, RUNS - RUNS / 50);
  }

  private static String mutate(final String line, final Random random) {
    final List<String> tokens = new ArrayList<>(Arrays.asList(line.split(" ")));
    for (int edits = 1 + random.nextInt(3); edits > 0 && !tokens.isEmpty(); edits--) {
      final int at = random.nextInt(tokens.size());
      switch (random.nextInt(6)) {
        case 0 -> tokens.remove(at);
        case 1 -> tokens.add(at, tokens.get(random.nextInt(tokens.size())));
        case 2 -> tokens.add(at, FOREIGN[random.nextInt(FOREIGN.length)]);
        case 3 -> {
          final int other = random.nextInt(tokens.size());
          final String swap = tokens.get(at);
          tokens.set(at, tokens.get(other));
          tokens.set(other, swap);
        }
        case 4 -> tokens.set(at, FOREIGN[random.nextInt(FOREIGN.length)]);
        default -> {
          final String token = tokens.get(at);
          final char[] chars = token.toCharArray();
          if (chars.length > 0) {
            chars[random.nextInt(chars.length)] =
                "0123456789abcdefx:./- ".charAt(random.nextInt(22));
          }
          tokens.set(at, new String(chars));
        }
      }
    }
    return String.join(" ", tokens);
  }
}
