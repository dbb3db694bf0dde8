package io.vstack.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** A plain text table: left-aligned columns two spaces apart, the last column unpadded. */
final class TextTable {
  private final List<String[]> rows = new ArrayList<>();

  TextTable(final String... headers) {
    rows.add(headers);
  }

  TextTable row(final Object... cells) {
    final String[] text = new String[cells.length];
    for (int i = 0; i < cells.length; i++) {
      text[i] = String.valueOf(cells[i]);
    }
    rows.add(text);
    return this;
  }

  void print(final PrintWriter out) {
    final int columns = rows.get(0).length;
    final int[] width = new int[columns];
    for (final String[] row : rows) {
      for (int i = 0; i < columns; i++) {
        width[i] = Math.max(width[i], row[i].length());
      }
    }
    for (final String[] row : rows) {
      final StringBuilder line = new StringBuilder();
      for (int i = 0; i < columns; i++) {
        line.append(row[i]);
        if (i < columns - 1) {
          line.append(" ".repeat(width[i] - row[i].length() + 2));
        }
      }
      out.println(line.toString().stripTrailing());
    }
  }
}
