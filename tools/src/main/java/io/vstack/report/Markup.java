package io.vstack.report;

/** Escaping for text and attribute values in HTML/SVG (the XML-safe subset). */
public final class Markup {
  private Markup() {}

  /**
   * {@code text} with {@code & < > " '} replaced by entities and control characters other than tab
   * and newline (which XML 1.0 forbids) replaced by U+FFFD, safe in element content and in quoted
   * attribute values.
   */
  public static String escape(final String text) {
    final StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      final char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c < 0x20 && c != '\t' && c != '\n' ? '\uFFFD' : c);
      }
    }
    return out.toString();
  }
}
