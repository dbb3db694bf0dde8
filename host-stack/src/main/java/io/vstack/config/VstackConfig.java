package io.vstack.config;

import io.vstack.overlay.VtepTable;
import io.vstack.tenant.TenantRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * The daemon's configuration, {@code vstack.yaml} (schema: docs/CONFIG.md). Read with
 * snakeyaml-engine's node API, so every value keeps its line and column and every mistake is
 * reported as one {@link ConfigException} line: {@code file:line:column: path: what was expected,
 * got what}.
 */
public final class VstackConfig {
  /** The sections, in reading order: each may use the ones before it. */
  public static final List<ConfigSection<?>> SECTIONS =
      List.of(HostSection.INSTANCE, TenantsSection.INSTANCE, VtepsSection.INSTANCE);

  private final Map<ConfigSection<?>, Object> sections = new IdentityHashMap<>();

  private VstackConfig() {}

  /** Reads a configuration file; errors name the file by its path as given. */
  public static VstackConfig load(final Path file) {
    final String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (final IOException e) {
      throw new ConfigException(file + ": cannot read: " + e.getMessage());
    }
    return parse(text, file.toString());
  }

  /** Reads configuration text; {@code fileName} is what errors call the file. */
  public static VstackConfig parse(final String text, final String fileName) {
    final LoadSettings settings =
        LoadSettings.builder().setLabel(fileName).setMaxAliasesForCollections(10).build();
    final Optional<Node> document;
    try {
      document = new Compose(settings).composeString(text);
    } catch (final MarkedYamlEngineException e) {
      throw new ConfigException(
          ConfigNode.location(fileName, e.getProblemMark())
              + ": invalid YAML: "
              + e.getProblem().strip());
    } catch (final YamlEngineException e) {
      throw new ConfigException(fileName + ": invalid YAML: " + e.getMessage());
    }
    final List<String> keys = new ArrayList<>();
    for (final ConfigSection<?> section : SECTIONS) {
      keys.add(section.key());
    }
    if (document.isEmpty()) {
      throw new ConfigException(
          fileName
              + ":1:1: expected a mapping with keys "
              + String.join(", ", keys)
              + ", got an empty document");
    }
    final ConfigNode root = new ConfigNode(fileName, "", document.get()).mapping(keys);
    final VstackConfig config = new VstackConfig();
    for (final ConfigSection<?> section : SECTIONS) {
      final Object value =
          root.has(section.key())
              ? section.read(root.field(section.key(), ""), config)
              : section.absent(root, config);
      config.sections.put(section, value);
    }
    return config;
  }

  /** What a section read; only sections listed before the caller's are available while reading. */
  public <T> T section(final ConfigSection<T> section) {
    final Object value = sections.get(section);
    if (value == null) {
      throw new IllegalStateException("section " + section.key() + " not read yet");
    }
    @SuppressWarnings("unchecked")
    final T typed = (T) value;
    return typed;
  }

  public HostConfig host() {
    return section(HostSection.INSTANCE);
  }

  public TenantRegistry tenants() {
    return section(TenantsSection.INSTANCE);
  }

  public VtepTable vteps() {
    return section(VtepsSection.INSTANCE);
  }
}
