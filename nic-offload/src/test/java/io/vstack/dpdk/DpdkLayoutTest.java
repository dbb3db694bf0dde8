package io.vstack.dpdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
  static void compileAndRunTheCProgram() throws IOException {
    ExternalTools.require("gcc", "gcc");
    ExternalTools.require("pkg-config", "pkg-config");
    final Path dir = Files.createTempDirectory("vsd-layout");
    try {
      final Path source = dir.resolve("dpdk_layout.c");
      try (InputStream in = DpdkLayoutTest.class.getResourceAsStream("dpdk_layout.c")) {
        Files.copy(in, source);
      }
      final String cflags = ExternalTools.run(30, List.of("pkg-config", "--cflags", "libdpdk"));
      final List<String> gcc = new ArrayList<>(List.of("gcc", "-O0", "-Wall", "-Werror", "-o",
          dir.resolve("layout").toString(), source.toString()));
      gcc.addAll(List.of(cflags.trim().split("\\s+")));
      ExternalTools.run(120, gcc);
      final String output = ExternalTools.run(30, List.of(dir.resolve("layout").toString()));
      for (final String line : output.split("\n")) {
        final String[] parts = line.trim().split(" ");
        FROM_HEADERS.put(parts[0], Long.parseLong(parts[1]));
      }
    } finally {
      try (var files = Files.list(dir)) {
        for (final Path file : files.toList()) {
          Files.deleteIfExists(file);
        }
      }
      Files.deleteIfExists(dir);
    }
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
    types.forEach((name, value) ->
        assertThat(new RteFlowError("op", 0, "", value.intValue(), "m").typeName())
            .as("RTE_FLOW_ERROR_TYPE_%s = %d", name, value).isEqualTo(name));
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
      assertThat(expected).as("the C program checks %s.%s", layout.getSimpleName(), name)
          .containsKey(name);
      assertThat(((Number) field.get(null)).longValue())
          .as("%s.%s against DPDK's headers", layout.getSimpleName(), name)
          .isEqualTo(expected.get(name));
    }
    assertThat(javaNames).as("every value the C program prints is a Java constant")
        .containsExactlyInAnyOrderElementsOf(expected.keySet());
  }

  private static Map<String, Long> withPrefix(final String prefix) {
    final Map<String, Long> result = new LinkedHashMap<>();
    FROM_HEADERS.forEach((key, value) -> {
      if (key.startsWith(prefix)) {
        result.put(key.substring(prefix.length()), value);
      }
    });
    return result;
  }
}
