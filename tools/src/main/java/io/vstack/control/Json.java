package io.vstack.control;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Strict JSON (RFC 8259) for the control protocol, to and from plain Java values: objects are
 * {@code Map<String, Object>} (insertion order kept), arrays {@code List<Object>}, strings, {@code
 * Long} for integers, {@code Double} for other numbers, {@code Boolean} and {@code null}.
 *
 * <p>The reader takes untrusted text: nesting is bounded ({@value #MAX_DEPTH}), duplicate keys,
 * trailing text, lone surrogates and control characters in strings are errors, and every failure is
 * a {@link JsonException} with the offset (no other exception escapes).
 */
public final class Json {
  /** Deepest nesting of arrays and objects accepted. */
  public static final int MAX_DEPTH = 32;

  private final String text;
  private int at;

  private Json(final String text) {
    this.text = text;
  }

  /** Parses {@code text}, one JSON value with optional surrounding whitespace. */
  public static Object parse(final String text) {
    final Json json = new Json(text);
    json.skipSpace();
    final Object value = json.value(0);
    json.skipSpace();
    if (json.at != text.length()) {
      throw json.error("unexpected text after the value");
    }
    return value;
  }

  /**
   * {@code value} rounded half-up to {@code places} decimals, written as plain digits (no exponent)
   * by {@link #write}: {@code decimal(0.25, 1)} is written {@code 0.3}, like {@code %.1f}.
   */
  public static BigDecimal decimal(final double value, final int places) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      throw new IllegalArgumentException("JSON has no " + value);
    }
    // From the shortest decimal that reads back as value (Double.toString), as Formatter rounds.
    return BigDecimal.valueOf(value).setScale(places, RoundingMode.HALF_UP);
  }

  /** {@code value} as compact JSON text. */
  public static String write(final Object value) {
    final StringBuilder out = new StringBuilder();
    write(value, out);
    return out.toString();
  }

  private static void write(final Object value, final StringBuilder out) {
    switch (value) {
      case null -> out.append("null");
      case String s -> string(s, out);
      case Boolean b -> out.append(b);
      case Long n -> out.append(n);
      case Integer n -> out.append(n);
      case BigDecimal d -> out.append(d.toPlainString());
      case Double d -> {
        if (d.isNaN() || d.isInfinite()) {
          throw new IllegalArgumentException("JSON has no " + d);
        }
        out.append(d);
      }
      case Map<?, ?> map -> {
        out.append('{');
        boolean first = true;
        for (final Map.Entry<?, ?> entry : map.entrySet()) {
          if (!first) {
            out.append(',');
          }
          first = false;
          string((String) entry.getKey(), out);
          out.append(':');
          write(entry.getValue(), out);
        }
        out.append('}');
      }
      case List<?> list -> {
        out.append('[');
        for (int i = 0; i < list.size(); i++) {
          if (i > 0) {
            out.append(',');
          }
          write(list.get(i), out);
        }
        out.append(']');
      }
      default -> throw new IllegalArgumentException("not a JSON value: " + value.getClass());
    }
  }

  private static void string(final String s, final StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      final char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || Character.isSurrogate(c)) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  private JsonException error(final String what) {
    return new JsonException("bad JSON at offset " + at + ": " + what);
  }

  /** {@code c} for a one-line message: 'c' when printable ASCII, else U+XXXX. */
  private static String show(final char c) {
    return c >= 0x20 && c < 0x7F ? "'" + c + "'" : String.format("U+%04X", (int) c);
  }

  private void skipSpace() {
    while (at < text.length()) {
      final char c = text.charAt(at);
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        return;
      }
      at++;
    }
  }

  private Object value(final int depth) {
    if (at >= text.length()) {
      throw error("expected a value, got end of text");
    }
    final char c = text.charAt(at);
    return switch (c) {
      case '{' -> object(depth + 1);
      case '[' -> array(depth + 1);
      case '"' -> string();
      case 't' -> literal("true", Boolean.TRUE);
      case 'f' -> literal("false", Boolean.FALSE);
      case 'n' -> literal("null", null);
      default -> {
        if (c == '-' || (c >= '0' && c <= '9')) {
          yield number();
        }
        throw error("expected a value, got " + show(c));
      }
    };
  }

  private Object literal(final String word, final Object value) {
    if (!text.startsWith(word, at)) {
      throw error("expected " + word);
    }
    at += word.length();
    return value;
  }

  private Map<String, Object> object(final int depth) {
    if (depth > MAX_DEPTH) {
      throw error("nested deeper than " + MAX_DEPTH);
    }
    at++;
    final Map<String, Object> map = new LinkedHashMap<>();
    skipSpace();
    if (at < text.length() && text.charAt(at) == '}') {
      at++;
      return map;
    }
    while (true) {
      skipSpace();
      if (at >= text.length() || text.charAt(at) != '"') {
        throw error("expected a string key");
      }
      final int keyAt = at;
      final String key = string();
      skipSpace();
      expect(':');
      skipSpace();
      if (map.containsKey(key)) {
        at = keyAt;
        throw error("duplicate key \"" + key + "\"");
      }
      map.put(key, value(depth));
      skipSpace();
      if (at < text.length() && text.charAt(at) == ',') {
        at++;
        continue;
      }
      expect('}');
      return map;
    }
  }

  private List<Object> array(final int depth) {
    if (depth > MAX_DEPTH) {
      throw error("nested deeper than " + MAX_DEPTH);
    }
    at++;
    final List<Object> list = new ArrayList<>();
    skipSpace();
    if (at < text.length() && text.charAt(at) == ']') {
      at++;
      return list;
    }
    while (true) {
      skipSpace();
      list.add(value(depth));
      skipSpace();
      if (at < text.length() && text.charAt(at) == ',') {
        at++;
        continue;
      }
      expect(']');
      return list;
    }
  }

  private void expect(final char c) {
    if (at >= text.length() || text.charAt(at) != c) {
      throw error("expected '" + c + "'");
    }
    at++;
  }

  private String string() {
    at++;
    final StringBuilder out = new StringBuilder();
    while (true) {
      if (at >= text.length()) {
        throw error("unterminated string");
      }
      final char c = text.charAt(at++);
      if (c == '"') {
        return out.toString();
      }
      if (c < 0x20) {
        throw error("control character in string");
      }
      if (Character.isHighSurrogate(c)) {
        if (at >= text.length() || !Character.isLowSurrogate(text.charAt(at))) {
          throw error("lone surrogate in string");
        }
        out.append(c).append(text.charAt(at++));
        continue;
      }
      if (Character.isLowSurrogate(c)) {
        throw error("lone surrogate in string");
      }
      if (c != '\\') {
        out.append(c);
        continue;
      }
      if (at >= text.length()) {
        throw error("unterminated escape");
      }
      final char e = text.charAt(at++);
      switch (e) {
        case '"', '\\', '/' -> out.append(e);
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 't' -> out.append('\t');
        case 'u' -> out.append(unicodeEscape());
        default -> throw error("bad escape \\" + show(e));
      }
    }
  }

  private String unicodeEscape() {
    final char first = hex4();
    if (Character.isLowSurrogate(first)) {
      throw error("lone surrogate escape");
    }
    if (!Character.isHighSurrogate(first)) {
      return String.valueOf(first);
    }
    if (!text.startsWith("\\u", at)) {
      throw error("lone surrogate escape");
    }
    at += 2;
    final char second = hex4();
    if (!Character.isLowSurrogate(second)) {
      throw error("lone surrogate escape");
    }
    return new String(new char[] {first, second});
  }

  private char hex4() {
    if (at + 4 > text.length()) {
      throw error("short \\u escape");
    }
    int value = 0;
    for (int i = 0; i < 4; i++) {
      final int digit = Character.digit(text.charAt(at + i), 16);
      if (digit < 0) {
        throw error("bad hex digit in \\u escape");
      }
      value = value * 16 + digit;
    }
    at += 4;
    return (char) value;
  }

  private Object number() {
    final int start = at;
    if (text.charAt(at) == '-') {
      at++;
    }
    if (at >= text.length() || !isDigit(text.charAt(at))) {
      throw error("expected a digit");
    }
    if (text.charAt(at) == '0') {
      at++;
    } else {
      while (at < text.length() && isDigit(text.charAt(at))) {
        at++;
      }
    }
    boolean integer = true;
    if (at < text.length() && text.charAt(at) == '.') {
      integer = false;
      at++;
      digits();
    }
    if (at < text.length() && (text.charAt(at) == 'e' || text.charAt(at) == 'E')) {
      integer = false;
      at++;
      if (at < text.length() && (text.charAt(at) == '+' || text.charAt(at) == '-')) {
        at++;
      }
      digits();
    }
    final String literal = text.substring(start, at);
    if (literal.length() > 40) {
      at = start;
      throw error("number too long");
    }
    if (integer) {
      try {
        return Long.parseLong(literal);
      } catch (final NumberFormatException e) {
        at = start;
        throw error("integer out of range");
      }
    }
    final double value = Double.parseDouble(literal);
    if (Double.isInfinite(value)) {
      at = start;
      throw error("number out of range");
    }
    return value;
  }

  private void digits() {
    if (at >= text.length() || !isDigit(text.charAt(at))) {
      throw error("expected a digit");
    }
    while (at < text.length() && isDigit(text.charAt(at))) {
      at++;
    }
  }

  private static boolean isDigit(final char c) {
    return c >= '0' && c <= '9';
  }
}
