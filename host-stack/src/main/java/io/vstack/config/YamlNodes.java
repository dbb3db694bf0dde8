package io.vstack.config;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/** Reading snakeyaml-engine nodes with errors that name the file position and the value's path. */
final class YamlNodes {
  /** Config files larger than this are refused before parsing. */
  static final long MAX_FILE_BYTES = 4L * 1024 * 1024;

  private YamlNodes() {}

  /** The root node of {@code file}, or null when the document is empty. */
  static Node compose(final Path file) {
    final String text;
    try {
      if (Files.size(file) > MAX_FILE_BYTES) {
        throw new ConfigProblem(file + ": larger than " + MAX_FILE_BYTES + " bytes");
      }
      text = Files.readString(file);
    } catch (final MalformedInputException e) {
      throw new ConfigProblem(file + ": not UTF-8 text");
    } catch (final IOException e) {
      throw new ConfigProblem(file + ": cannot read: " + e.getMessage());
    }
    return compose(text, file.toString());
  }

  /** The root node of {@code text} (named {@code label} in errors), or null when empty. */
  static Node compose(final String text, final String label) {
    final LoadSettings settings =
        LoadSettings.builder().setLabel(label).setMaxAliasesForCollections(10).build();
    try {
      return new Compose(settings).composeString(text).orElse(null);
    } catch (final MarkedYamlEngineException e) {
      final Optional<Mark> mark = e.getProblemMark();
      throw new ConfigProblem(
          (mark.isPresent() ? position(mark.get()) : label) + ": " + e.getProblem());
    } catch (final YamlEngineException e) {
      throw new ConfigProblem(label + ": " + e.getMessage().lines().findFirst().orElse("bad YAML"));
    }
  }

  /** {@code file:line:column} of {@code node}. */
  static String position(final Node node) {
    return node.getStartMark().map(YamlNodes::position).orElse("<unknown>");
  }

  private static String position(final Mark mark) {
    return mark.getName() + ":" + (mark.getLine() + 1) + ":" + (mark.getColumn() + 1);
  }

  /** A problem at {@code node}: {@code file:line:column: path: detail}. */
  static ConfigProblem problem(final Node node, final String path, final String detail) {
    return new ConfigProblem(position(node) + ": " + path + ": " + detail);
  }

  /** A problem {@code offset} characters into a single-line scalar (falls back to its start). */
  static ConfigProblem problemInScalar(
      final ScalarNode node, final int offset, final String path, final String detail) {
    final Optional<Mark> start = node.getStartMark();
    final Optional<Mark> end = node.getEndMark();
    final boolean oneLine =
        start.isPresent() && end.isPresent() && start.get().getLine() == end.get().getLine();
    final boolean plain = node.getScalarStyle() == ScalarStyle.PLAIN;
    final boolean quoted =
        node.getScalarStyle() == ScalarStyle.SINGLE_QUOTED
            || node.getScalarStyle() == ScalarStyle.DOUBLE_QUOTED;
    // Only when the text maps 1:1 onto the file (no escapes or folding) is the column exact.
    final int width = end.map(m -> m.getColumn() - start.get().getColumn()).orElse(-1);
    final int expected = node.getValue().length() + (quoted ? 2 : 0);
    if (!oneLine || !(plain || quoted) || width != expected) {
      return problem(node, path, detail);
    }
    final Mark mark = start.get();
    final int column = mark.getColumn() + 1 + (quoted ? 1 : 0) + offset;
    return new ConfigProblem(
        mark.getName() + ":" + (mark.getLine() + 1) + ":" + column + ": " + path + ": " + detail);
  }

  /** What {@code node} is, for "got ..." texts. */
  static String describe(final Node node) {
    return switch (node) {
      case MappingNode m -> "a mapping";
      case SequenceNode s -> "a list";
      case ScalarNode s -> "'" + s.getValue() + "'";
      default -> "an unexpected node";
    };
  }

  /**
   * {@code node} as a mapping of scalar keys to nodes, in file order, only {@code allowed} keys.
   */
  static Map<String, Node> mapping(final Node node, final String path, final List<String> allowed) {
    if (!(node instanceof MappingNode mapping)) {
      throw problem(node, path, "expected a mapping, got " + describe(node));
    }
    final Map<String, Node> out = new LinkedHashMap<>();
    for (final NodeTuple tuple : mapping.getValue()) {
      final Node keyNode = tuple.getKeyNode();
      if (!(keyNode instanceof ScalarNode key)) {
        throw problem(keyNode, path, "expected a plain key, got " + describe(keyNode));
      }
      if (allowed != null && !allowed.contains(key.getValue())) {
        throw problem(
            keyNode,
            path,
            "expected one of " + String.join(", ", allowed) + ", got '" + key.getValue() + "'");
      }
      if (out.put(key.getValue(), tuple.getValueNode()) != null) {
        throw problem(keyNode, path, "duplicate key '" + key.getValue() + "'");
      }
    }
    return out;
  }

  /** {@code node} as a list. */
  static List<Node> sequence(final Node node, final String path) {
    if (!(node instanceof SequenceNode sequence)) {
      throw problem(node, path, "expected a list, got " + describe(node));
    }
    return sequence.getValue();
  }

  /** {@code node} as a non-empty scalar. */
  static ScalarNode scalar(final Node node, final String path, final String what) {
    if (!(node instanceof ScalarNode scalar) || scalar.getValue().isEmpty()) {
      throw problem(node, path, "expected " + what + ", got " + describe(node));
    }
    return scalar;
  }

  /** {@code node} as a boolean ({@code true}/{@code false}). */
  static boolean bool(final Node node, final String path) {
    final String value = scalar(node, path, "true or false").getValue();
    return switch (value) {
      case "true" -> true;
      case "false" -> false;
      default -> throw problem(node, path, "expected true or false, got '" + value + "'");
    };
  }

  /** {@code node} as a decimal number in {@code [0, max]}. */
  static long number(final Node node, final String path, final long max) {
    final String value = scalar(node, path, "a number").getValue();
    try {
      final long n = Long.parseLong(value);
      if (n >= 0 && n <= max) {
        return n;
      }
    } catch (final NumberFormatException e) {
      // reported below
    }
    throw problem(node, path, "expected a number 0.." + max + ", got '" + value + "'");
  }

  /** Keys that must be present in a mapping read by {@link #mapping}. */
  static void require(
      final Node node, final Map<String, Node> map, final String path, final String... keys) {
    final List<String> missing = new ArrayList<>();
    for (final String key : keys) {
      if (!map.containsKey(key)) {
        missing.add(key);
      }
    }
    if (!missing.isEmpty()) {
      throw problem(node, path, "expected key '" + String.join("', '", missing) + "', missing");
    }
  }
}
