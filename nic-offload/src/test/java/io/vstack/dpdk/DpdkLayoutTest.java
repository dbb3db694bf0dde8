package io.vstack.dpdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every offset, size, enum value and bit-field bit our Java code writes into DPDK structs equals
 * what gcc computes from DPDK's installed headers (a C program compiled here, in the test).
 */
class DpdkLayoutTest {
  private static final Map<String, Long> FROM_HEADERS = new LinkedHashMap<>();

  @BeforeAll
  static void compileAndRunTheCProgram() {
    ExternalTools.runDpdkProgram("dpdk_layout.c")
        .forEach((key, value) -> FROM_HEADERS.put(key, Long.parseLong(value)));
  }

  @Test
  void shouldMatchDpdkHeadersWhenEncodingEthdevAndMbufStructs() throws Exception {
    assertEveryConstantMatches(DpdkLayout.class);
  }

  @Test
  void shouldMatchDpdkHeadersWhenEncodingRteFlowStructs() throws Exception {
    assertEveryConstantMatches(RteFlowLayout.class);
  }

  @Test
  void shouldNameRteFlowErrorTypesAsDpdkNumbersThem() {
    final Map<String, Long> types = withPrefix("RteFlowError.");
    assertThat(types).hasSize(18);
    types.forEach(
        (name, value) ->
            assertThat(new RteFlowError("op", 0, "", value.intValue(), "m").typeName())
                .as("RTE_FLOW_ERROR_TYPE_%s = %d", name, value)
                .isEqualTo(name));
  }

  private static void assertEveryConstantMatches(final Class<?> layout) throws Exception {
    final Map<String, Long> expected = withPrefix(layout.getSimpleName() + ".");
    final Set<String> javaNames = new TreeSet<>();
    for (final Field field : layout.getDeclaredFields()) {
      if (!Modifier.isStatic(field.getModifiers())) {
        continue;
      }
      field.setAccessible(true);
      final String name = field.getName();
      javaNames.add(name);
      assertThat(expected)
          .as("the C program checks %s.%s", layout.getSimpleName(), name)
          .containsKey(name);
      assertThat(((Number) field.get(null)).longValue())
          .as("%s.%s against DPDK's headers", layout.getSimpleName(), name)
          .isEqualTo(expected.get(name));
    }
    assertThat(javaNames)
        .as("every value the C program prints is a Java constant")
        .containsExactlyInAnyOrderElementsOf(expected.keySet());
  }

  private static Map<String, Long> withPrefix(final String prefix) {
    final Map<String, Long> result = new LinkedHashMap<>();
    FROM_HEADERS.forEach(
        (key, value) -> {
          if (key.startsWith(prefix)) {
            result.put(key.substring(prefix.length()), value);
          }
        });
    return result;
  }
}
