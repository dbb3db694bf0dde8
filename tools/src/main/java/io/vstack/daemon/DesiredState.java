package io.vstack.daemon;

import io.vstack.control.Json;
import io.vstack.control.JsonException;
import io.vstack.flow.FlowRule;
import io.vstack.flow.syntax.FlowSyntax;
import io.vstack.flow.syntax.FlowSyntaxException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The daemon's desired flow state on disk: per port name, the rules wanted (testpmd text, creation
 * order) and whether the port is isolated.
 *
 * <pre>
 * {"version":1,"ports":{"uplink":{"isolate":false,"rules":["ingress pattern eth / end actions drop / end"]}}}
 * </pre>
 *
 * Written atomically (a temporary file in the same directory, forced to disk, then renamed over the
 * old one), mode 0600, so a crash at any moment leaves either the old or the new state.
 */
public final class DesiredState {
  /** File name of the state, in the state directory. */
  public static final String FILE_NAME = "vstack-state.json";

  /** One port's desired state. */
  public record PortState(boolean isolate, List<FlowRule> rules) {
    public PortState {
      rules = List.copyOf(rules);
    }
  }

  private final Path file;

  public DesiredState(final Path directory) {
    this.file = directory.resolve(FILE_NAME);
  }

  public Path file() {
    return file;
  }

  /**
   * The saved state, or null when none was saved yet.
   *
   * @throws IOException when the file exists but cannot be read or is not a valid state
   */
  public Map<String, PortState> load() throws IOException {
    if (!Files.exists(file)) {
      return null;
    }
    final String text = Files.readString(file, StandardCharsets.UTF_8);
    try {
      return parse(text);
    } catch (final JsonException
        | FlowSyntaxException
        | ClassCastException
        | NullPointerException e) {
      throw new IOException(file + " is not a valid state file (" + e.getMessage() + ")");
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, PortState> parse(final String text) {
    final Map<String, Object> root = (Map<String, Object>) Json.parse(text);
    if (!Long.valueOf(1).equals(root.get("version"))) {
      throw new JsonException("unknown version " + root.get("version"));
    }
    final Map<String, PortState> out = new LinkedHashMap<>();
    for (final Map.Entry<String, Object> port :
        ((Map<String, Object>) root.get("ports")).entrySet()) {
      final Map<String, Object> value = (Map<String, Object>) port.getValue();
      final List<FlowRule> rules = new ArrayList<>();
      for (final Object rule : (List<Object>) value.get("rules")) {
        rules.add(FlowSyntax.parseRule((String) rule));
      }
      out.put(port.getKey(), new PortState((Boolean) value.get("isolate"), rules));
    }
    return out;
  }

  /** Replaces the saved state with {@code ports}, atomically. */
  public void save(final Map<String, PortState> ports) throws IOException {
    final Map<String, Object> portsJson = new LinkedHashMap<>();
    ports.forEach(
        (name, state) -> {
          final Map<String, Object> value = new LinkedHashMap<>();
          value.put("isolate", state.isolate());
          value.put("rules", state.rules().stream().map(FlowSyntax::print).toList());
          portsJson.put(name, value);
        });
    final Map<String, Object> root = new LinkedHashMap<>();
    root.put("version", 1L);
    root.put("ports", portsJson);
    final byte[] bytes = (Json.write(root) + "\n").getBytes(StandardCharsets.UTF_8);
    final Path temp = file.resolveSibling(FILE_NAME + ".tmp");
    try (FileChannel channel =
        FileChannel.open(
            temp,
            java.util.Set.of(
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING),
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
      final ByteBuffer buffer = ByteBuffer.wrap(bytes);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      channel.force(true);
    }
    try {
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (final AtomicMoveNotSupportedException e) {
      Files.deleteIfExists(temp);
      throw new IOException("cannot replace " + file + " atomically: " + e.getMessage());
    }
    try (FileChannel dir = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
      dir.force(true);
    } catch (final IOException e) {
      // Some file systems cannot sync a directory; the rename itself is still atomic.
    }
  }
}
