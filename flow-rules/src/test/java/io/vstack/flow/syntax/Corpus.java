package io.vstack.flow.syntax;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The test corpora of testpmd commands (resources next to this class). */
public final class Corpus {
  private Corpus() {}

  /** Valid commands, comments and blank lines removed. */
  public static List<String> valid() {
    return lines("valid-commands.txt");
  }

  /** Invalid commands as {@code column | message fragment | command}. */
  public static List<String> invalid() {
    return lines("invalid-commands.txt");
  }

  private static List<String> lines(final String name) {
    try (InputStream in = Corpus.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
          .filter(l -> !l.isBlank() && !l.startsWith("#"))
          .toList();
    } catch (final IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
