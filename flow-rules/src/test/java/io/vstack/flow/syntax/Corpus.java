package io.vstack.flow.syntax;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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

  /**
   * Lines of docs/FLOW-RULES.md {@code testpmd} code blocks: commands, and the error line following
   * an invalid one.
   */
  public static List<String> documentation() {
    final Path doc = Path.of("..", "docs", "FLOW-RULES.md");
    try {
      final List<String> lines = new ArrayList<>();
      boolean inCode = false;
      for (final String line : Files.readAllLines(doc, StandardCharsets.UTF_8)) {
        if (line.startsWith("```")) {
          inCode = line.equals("```testpmd");
        } else if (inCode && (line.startsWith("flow ") || line.startsWith("column "))) {
          lines.add(line);
        }
      }
      return lines;
    } catch (final IOException e) {
      throw new UncheckedIOException("cannot read " + doc.toAbsolutePath(), e);
    }
  }

  /** The documented commands that are valid (those not followed by an error line). */
  public static List<String> documentedValid() {
    final List<String> lines = documentation();
    final List<String> valid = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      final boolean failing = i + 1 < lines.size() && lines.get(i + 1).startsWith("column ");
      if (lines.get(i).startsWith("flow ") && !failing) {
        valid.add(lines.get(i));
      }
    }
    return valid;
  }

  private static List<String> lines(final String name) {
    try (InputStream in = Corpus.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .lines()
          .filter(l -> !l.isBlank() && !l.startsWith("#"))
          .toList();
    } catch (final IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
