package io.vstack.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class JsonTest {
  @Test
  void shouldReadEveryKindOfValueWhenWellFormed() {
    assertThat(
            Json.parse(
                " {\"a\": [1, -2, 3.5, 1e2, true, false, null, \"x\\u00e9\\n\\\"\"], \"b\": {}} "))
        .isEqualTo(
            Map.of(
                "a",
                java.util.Arrays.asList(1L, -2L, 3.5, 100.0, true, false, null, "xé\n\""),
                "b",
                Map.of()));
    assertThat(Json.parse("\"\\ud83d\\ude00\"")).isEqualTo("😀");
  }

  @Test
  void shouldNameTheOffsetWhenMalformed() {
    assertThatThrownBy(() -> Json.parse("{\"a\":1,}"))
        .hasMessage("bad JSON at offset 7: expected a string key");
    assertThatThrownBy(() -> Json.parse("{\"a\":1,\"a\":2}"))
        .hasMessage("bad JSON at offset 7: duplicate key \"a\"");
    assertThatThrownBy(() -> Json.parse("[01]")).hasMessage("bad JSON at offset 2: expected ']'");
    assertThatThrownBy(() -> Json.parse("\"\\ud800\""))
        .hasMessage("bad JSON at offset 7: lone surrogate escape");
    assertThatThrownBy(() -> Json.parse("\"a\tb\""))
        .hasMessage("bad JSON at offset 3: control character in string");
    assertThatThrownBy(() -> Json.parse("99999999999999999999"))
        .hasMessage("bad JSON at offset 0: integer out of range");
    assertThatThrownBy(() -> Json.parse("[1e999]"))
        .hasMessage("bad JSON at offset 1: number out of range");
    assertThatThrownBy(() -> Json.parse("[]x"))
        .hasMessage("bad JSON at offset 2: unexpected text after the value");
    assertThatThrownBy(() -> Json.parse("[".repeat(33) + "]".repeat(33)))
        .hasMessage("bad JSON at offset 32: nested deeper than 32");
  }

  @Test
  void shouldRoundTripRandomValuesAndSurviveRandomMutations() {
    final long seed = System.nanoTime();
    final Random random = new Random(seed);
    for (int i = 0; i < 2000; i++) {
      final Object value = randomValue(random, 0);
      final String text = Json.write(value);
      assertThat(Json.parse(text)).as("seed %d: %s", seed, text).isEqualTo(value);
      final StringBuilder mutated = new StringBuilder(text);
      for (int m = 0; m < 1 + random.nextInt(3); m++) {
        final int at = random.nextInt(mutated.length() + 1);
        switch (random.nextInt(3)) {
          case 0 -> mutated.insert(at, (char) random.nextInt(128));
          case 1 -> {
            if (at < mutated.length()) {
              mutated.deleteCharAt(at);
            }
          }
          default -> {
            if (at < mutated.length()) {
              final String specials = "{}[],:\"\\0-e.";
              mutated.setCharAt(at, specials.charAt(random.nextInt(specials.length())));
            }
          }
        }
      }
      try {
        final Object parsed = Json.parse(mutated.toString());
        assertThat(Json.parse(Json.write(parsed))).as("seed %d", seed).isEqualTo(parsed);
      } catch (final JsonException e) {
        assertThat(e.getMessage()).as("seed %d", seed).startsWith("bad JSON at offset ");
      }
    }
  }

  private static Object randomValue(final Random random, final int depth) {
    final int kind = random.nextInt(depth > 3 ? 5 : 7);
    return switch (kind) {
      case 0 -> random.nextLong();
      case 1 -> random.nextDouble() * 1e6;
      case 2 -> random.nextBoolean();
      case 3 -> null;
      case 4 -> {
        final StringBuilder s = new StringBuilder();
        for (int i = random.nextInt(8); i > 0; i--) {
          s.append((char) random.nextInt(0x3000));
        }
        yield s.toString().replaceAll("[\\ud800-\\udfff]", "?");
      }
      case 5 -> {
        final List<Object> list = new ArrayList<>();
        for (int i = random.nextInt(4); i > 0; i--) {
          list.add(randomValue(random, depth + 1));
        }
        yield list;
      }
      default -> {
        final Map<String, Object> map = new LinkedHashMap<>();
        for (int i = random.nextInt(4); i > 0; i--) {
          map.put("k" + random.nextInt(100), randomValue(random, depth + 1));
        }
        yield map;
      }
    };
  }

  @Test
  void shouldWriteDecimalsLikePercentFWhenGivenAPlaceCount() {
    final long seed = System.nanoTime();
    final Random random = new Random(seed);
    for (int i = 0; i < 1_000; i++) {
      final double value = random.nextDouble() * Math.pow(10, random.nextInt(12) - 6);
      final int places = random.nextInt(7);
      assertThat(Json.write(Json.decimal(value, places)))
          .as("seed %d, value %s, places %d", seed, value, places)
          .isEqualTo(String.format(java.util.Locale.ROOT, "%." + places + "f", value));
    }
    for (final double tie : new double[] {2.675, 0.125, 1.0005, 1e22}) {
      assertThat(Json.write(Json.decimal(tie, 2)))
          .isEqualTo(String.format(java.util.Locale.ROOT, "%.2f", tie));
    }
    assertThat(Json.write(Map.of("s", Json.decimal(1e-7, 6)))).isEqualTo("{\"s\":0.000000}");
    assertThatThrownBy(() -> Json.decimal(Double.NaN, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
