package io.vstack.config;

import io.vstack.wire.Ipv4Address;
import io.vstack.wire.Ipv6Address;
import io.vstack.wire.MacAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * A YAML node with the file it came from and its path from the root ({@code tenants[1].vni}), so
 * every error can say where it is and what was expected. The typed readers ({@link #integer},
 * {@link #ipv4()}, ...) either return a valid value or throw a {@link ConfigException} positioned
 * at this node.
 */
public final class ConfigNode {
  private final String file;
  private final String path;
  private final Node node;
  private Map<String, ConfigNode> fields;
  private Map<String, ConfigNode> keys;

  ConfigNode(final String file, final String path, final Node node) {
    this.file = file;
    this.path = path;
    this.node = node;
  }

  /** Path from the root, e.g. {@code tenants[1].vni}; empty for the root. */
  public String path() {
    return path;
  }

  /** {@code file:line:column} of this node, 1-based. */
  public String location() {
    return location(file, node.getStartMark());
  }

  /** 1-based line of this node. */
  public int line() {
    return node.getStartMark().map(mark -> mark.getLine() + 1).orElse(0);
  }

  static String location(final String file, final Optional<Mark> mark) {
    return mark.map(m -> file + ":" + (m.getLine() + 1) + ":" + (m.getColumn() + 1)).orElse(file);
  }

  /** An error at this node: {@code location: path: message}. */
  public ConfigException error(final String message) {
    return positioned(location(), message);
  }

  private ConfigException positioned(final String location, final String message) {
    return new ConfigException(location + ": " + (path.isEmpty() ? "" : path + ": ") + message);
  }

  /**
   * An error {@code offset} characters into this scalar's text, e.g. at the word of a rule that is
   * wrong. The column is exact only when the text maps 1:1 onto the file (a one-line plain or
   * quoted scalar without escapes or folding); otherwise the error is at the node's start.
   */
  public ConfigException errorAt(final int offset, final String message) {
    if (!(node instanceof ScalarNode scalar)
        || scalar.getStartMark().isEmpty()
        || scalar.getEndMark().isEmpty()) {
      return error(message);
    }
    final Mark start = scalar.getStartMark().get();
    final Mark end = scalar.getEndMark().get();
    final boolean plain = scalar.getScalarStyle() == ScalarStyle.PLAIN;
    final boolean quoted =
        scalar.getScalarStyle() == ScalarStyle.SINGLE_QUOTED
            || scalar.getScalarStyle() == ScalarStyle.DOUBLE_QUOTED;
    final int width = end.getColumn() - start.getColumn();
    final int expected = scalar.getValue().length() + (quoted ? 2 : 0);
    if (start.getLine() != end.getLine() || !(plain || quoted) || width != expected) {
      return error(message);
    }
    final int column = start.getColumn() + 1 + (quoted ? 1 : 0) + offset;
    return positioned(file + ":" + (start.getLine() + 1) + ":" + column, message);
  }

  /** An error saying what was expected and what the node holds. */
  public ConfigException expected(final String what) {
    return error("expected " + what + ", got " + describe());
  }

  private String describe() {
    return switch (node) {
      case ScalarNode scalar -> "'" + scalar.getValue() + "'";
      case MappingNode ignored -> "a mapping";
      case SequenceNode ignored -> "a list";
      default -> "an alias";
    };
  }

  /**
   * Reads this node as a mapping whose keys all come from {@code allowed}; rejects other keys
   * (listing the allowed ones), duplicate keys and non-string keys.
   */
  public ConfigNode mapping(final List<String> allowed) {
    if (!(node instanceof MappingNode)) {
      throw expected("a mapping with keys " + String.join(", ", allowed));
    }
    return readMapping(allowed);
  }

  /**
   * Reads this node as a mapping with keys chosen by the user (e.g. port names), in file order;
   * rejects duplicate and non-string keys. {@link #keys()} lists them, {@link #key} positions them.
   */
  public ConfigNode freeMapping(final String what) {
    if (!(node instanceof MappingNode)) {
      throw expected("a mapping of " + what);
    }
    return readMapping(null);
  }

  private ConfigNode readMapping(final List<String> allowed) {
    final MappingNode mapping = (MappingNode) node;
    final Map<String, ConfigNode> read = new LinkedHashMap<>();
    final Map<String, ConfigNode> keyNodes = new LinkedHashMap<>();
    for (final NodeTuple tuple : mapping.getValue()) {
      if (!(tuple.getKeyNode() instanceof ScalarNode keyNode)) {
        throw new ConfigNode(file, path, tuple.getKeyNode()).expected("a key name");
      }
      final String key = keyNode.getValue();
      final ConfigNode keyAt = new ConfigNode(file, child(key), keyNode);
      if (allowed != null && !allowed.contains(key)) {
        throw keyAt.error("unknown key; allowed: " + String.join(", ", allowed));
      }
      final ConfigNode value = new ConfigNode(file, child(key), tuple.getValueNode());
      final ConfigNode first = read.putIfAbsent(key, value);
      if (first != null) {
        throw keyAt.error("duplicate key (first at line " + first.keyLine(mapping, key) + ")");
      }
      keyNodes.put(key, keyAt);
    }
    this.fields = read;
    this.keys = keyNodes;
    return this;
  }

  /** The keys of the mapping read by {@link #mapping} or {@link #freeMapping}, in file order. */
  public List<String> keys() {
    return List.copyOf(fields().keySet());
  }

  /** The key node of {@code key} (for errors about the key itself). */
  public ConfigNode key(final String key) {
    fields();
    return keys.get(key);
  }

  private int keyLine(final MappingNode mapping, final String key) {
    for (final NodeTuple tuple : mapping.getValue()) {
      if (tuple.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
        return k.getStartMark().map(m -> m.getLine() + 1).orElse(0);
      }
    }
    return 0;
  }

  private String child(final String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  /** Whether the mapping read by {@link #mapping} has {@code key}. */
  public boolean has(final String key) {
    return fields().containsKey(key);
  }

  /** The value of a required key of the mapping. */
  public ConfigNode field(final String key, final String expected) {
    final ConfigNode value = fields().get(key);
    if (value == null) {
      throw error("missing key \"" + key + "\" (" + expected + ")");
    }
    return value;
  }

  /** The value of an optional key of the mapping. */
  public Optional<ConfigNode> optional(final String key) {
    return Optional.ofNullable(fields().get(key));
  }

  private Map<String, ConfigNode> fields() {
    if (fields == null) {
      throw new IllegalStateException("call mapping(...) before reading fields of " + path);
    }
    return fields;
  }

  /** The elements of a list node (an empty list for {@code []}). */
  public List<ConfigNode> list(final String what) {
    if (!(node instanceof SequenceNode sequence)) {
      throw expected("a list of " + what);
    }
    final List<ConfigNode> elements = new ArrayList<>();
    for (final Node element : sequence.getValue()) {
      elements.add(new ConfigNode(file, path + "[" + elements.size() + "]", element));
    }
    return elements;
  }

  /**
   * The elements of a list node; a key with no value ({@code key:}) is an empty list too, so a
   * section can list nothing without writing {@code []}.
   */
  public List<ConfigNode> optionalList(final String what) {
    if (node instanceof ScalarNode scalar && scalar.getValue().isEmpty()) {
      return List.of();
    }
    return list(what);
  }

  /** Whether this node is a scalar (rather than a mapping or list). */
  public boolean isScalar() {
    return node instanceof ScalarNode;
  }

  /** The text of a scalar node. */
  public String text(final String what) {
    if (node instanceof ScalarNode scalar) {
      return scalar.getValue();
    }
    throw expected(what);
  }

  /** A decimal integer within {@code [min, max]}. */
  public int integer(final int min, final int max) {
    return (int) longInteger(min, max);
  }

  /** A decimal integer within {@code [min, max]}, for ranges beyond {@code int} (e.g. u32). */
  public long longInteger(final long min, final long max) {
    final String what = "an integer " + min + ".." + max;
    final String text = text(what);
    try {
      final long value = Long.parseLong(text.replace("_", ""));
      if (value >= min && value <= max && !text.startsWith("+") && !text.startsWith("_")) {
        return value;
      }
    } catch (final NumberFormatException e) {
      // Reported below with the expected range.
    }
    throw expected(what);
  }

  /** {@code true} or {@code false}. */
  public boolean bool() {
    return switch (text("true or false")) {
      case "true" -> true;
      case "false" -> false;
      default -> throw expected("true or false");
    };
  }

  /** One of {@code choices}, exactly. */
  public String oneOf(final List<String> choices) {
    final String what = "one of " + String.join(", ", choices);
    final String text = text(what);
    if (!choices.contains(text)) {
      throw expected(what);
    }
    return text;
  }

  /** A string matching {@code pattern} (described as {@code what} in errors). */
  public String matching(final java.util.regex.Pattern pattern, final String what) {
    final String text = text(what);
    if (!pattern.matcher(text).matches()) {
      throw expected(what);
    }
    return text;
  }

  /** A dotted-quad IPv4 address. */
  public int ipv4() {
    return parsed("an IPv4 address like 192.0.2.1", Ipv4Address::parse);
  }

  /** An IPv6 address in RFC 4291 text form. */
  public Ipv6Address ipv6() {
    return parsed("an IPv6 address like fd00::1", Ipv6Address::parse);
  }

  /** A unicast, non-zero MAC address {@code aa:bb:cc:dd:ee:ff}. */
  public long unicastMac() {
    final String what = "a unicast MAC address like 02:00:00:00:00:01";
    final long mac = parsed(what, MacAddress::parse);
    if (mac == 0 || MacAddress.isMulticast(mac)) {
      throw expected(what);
    }
    return mac;
  }

  // The wire parsers throw IllegalArgumentException; here that becomes a positioned error.
  private <T> T parsed(final String what, final Function<String, T> parser) {
    final String text = text(what);
    try {
      return parser.apply(text);
    } catch (final IllegalArgumentException e) {
      throw expected(what);
    }
  }

  /**
   * Remembers the first node seen for each value and fails at a repeat: for uniqueness checks that
   * name where the value was first used.
   */
  public static final class Uniques<K> {
    private final String what;
    private final Map<K, ConfigNode> seen = new HashMap<>();

    public Uniques(final String what) {
      this.what = what;
    }

    /** Records {@code value} read at {@code at}; throws when it was seen before. */
    public void add(final K value, final String shown, final ConfigNode at) {
      final ConfigNode first = seen.putIfAbsent(value, at);
      if (first != null) {
        throw at.error(
            "duplicate "
                + what
                + " "
                + shown
                + " (first at "
                + first.path
                + ", line "
                + first.line()
                + ")");
      }
    }
  }
}
