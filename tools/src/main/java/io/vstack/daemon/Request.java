package io.vstack.daemon;

import io.vstack.control.ControlProtocol;
import io.vstack.control.Json;
import io.vstack.control.JsonException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** One control request, read strictly: every field checked for presence, type and range. */
final class Request {
  private final Map<String, Object> fields;

  private Request(final Map<String, Object> fields) {
    this.fields = fields;
  }

  /** Parses one request line. */
  @SuppressWarnings("unchecked")
  static Request parse(final String line) {
    final Object value;
    try {
      value = Json.parse(line);
    } catch (final JsonException e) {
      throw input(e.getMessage());
    }
    if (!(value instanceof Map<?, ?> map)) {
      throw input("a request must be a JSON object");
    }
    final Request request = new Request((Map<String, Object>) map);
    request.string("op");
    return request;
  }

  private static RequestException input(final String message) {
    return new RequestException(message, ControlProtocol.KIND_INPUT);
  }

  String op() {
    return (String) fields.get("op");
  }

  /** Refuses fields other than {@code op} and {@code allowed}. */
  void allow(final String... allowed) {
    final Set<String> known = Set.of(allowed);
    for (final String key : fields.keySet()) {
      if (!key.equals("op") && !known.contains(key)) {
        throw input(
            "unknown field "
                + Json.write(key)
                + " for op "
                + Json.write(op())
                + (allowed.length == 0 ? "" : " (fields: " + String.join(", ", allowed) + ")"));
      }
    }
  }

  boolean has(final String key) {
    return fields.containsKey(key);
  }

  Object raw(final String key) {
    if (!fields.containsKey(key)) {
      throw input("missing field \"" + key + "\"");
    }
    return fields.get(key);
  }

  String string(final String key) {
    if (!(raw(key) instanceof String value)) {
      throw input("field \"" + key + "\" must be a string");
    }
    return value;
  }

  boolean bool(final String key) {
    if (!(raw(key) instanceof Boolean value)) {
      throw input("field \"" + key + "\" must be true or false");
    }
    return value;
  }

  long number(final String key, final long max) {
    if (!(raw(key) instanceof Long value) || value < 0 || value > max) {
      throw input("field \"" + key + "\" must be an integer 0.." + max);
    }
    return value;
  }

  List<Long> numbers(final String key, final long max, final int maxCount) {
    final List<Long> out = new ArrayList<>();
    for (final Object item : list(key, maxCount)) {
      if (!(item instanceof Long value) || value < 0 || value > max) {
        throw input("field \"" + key + "\" must hold integers 0.." + max);
      }
      out.add(value);
    }
    return out;
  }

  List<String> strings(final String key, final int maxCount) {
    final List<String> out = new ArrayList<>();
    for (final Object item : list(key, maxCount)) {
      if (!(item instanceof String value)) {
        throw input("field \"" + key + "\" must hold strings");
      }
      out.add(value);
    }
    return out;
  }

  private List<?> list(final String key, final int maxCount) {
    if (!(raw(key) instanceof List<?> list)) {
      throw input("field \"" + key + "\" must be a list");
    }
    if (list.size() > maxCount) {
      throw input("field \"" + key + "\" holds more than " + maxCount + " entries");
    }
    return list;
  }
}
