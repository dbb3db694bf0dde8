package io.vstack.config;

import io.vstack.flow.FlowRule;
import io.vstack.overlay.VtepTable;
import io.vstack.tenant.TenantRegistry;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
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
 * The daemon's configuration, {@code vstack.yaml} (schema: docs/CONFIG.md): the host, tenants,
 * VTEPs, ports and flow rules, one {@link ConfigSection} each. Read with snakeyaml-engine's node
 * API, so every value keeps its line and column and every mistake is reported as one {@link
 * ConfigException} line: {@code file:line:column: path: what was expected, got what}.
 *
 * <p>A file may also be read for some sections only ({@link #load(Path, List)}): {@code vstack flow
 * apply} reads a rules file this way ({@link RulesSection#load}).
 */
public final class VstackConfig {
  /** The sections, in reading order: each may use the ones before it. */
  public static final List<ConfigSection<?>> SECTIONS =
      List.of(
          HostSection.INSTANCE,
          TenantsSection.INSTANCE,
          VtepsSection.INSTANCE,
          PortsSection.INSTANCE,
          RulesSection.INSTANCE);

  /** Config files larger than this are refused before parsing. */
  public static final long MAX_FILE_BYTES = 4L * 1024 * 1024;

  // Values may be null: an optional section that is absent and has no default (e.g. host).
  private final Map<ConfigSection<?>, Object> sections = new IdentityHashMap<>();

  private VstackConfig() {}

  /** Reads a configuration file; errors name the file by its path as given. */
  public static VstackConfig load(final Path file) {
    return load(file, SECTIONS);
  }

  /**
   * Reads a file that may hold only {@code sections} (a subset of {@link #SECTIONS}, in their
   * order); other keys are errors.
   */
  public static VstackConfig load(final Path file, final List<ConfigSection<?>> sections) {
    final String text;
    try {
      if (Files.size(file) > MAX_FILE_BYTES) {
        throw new ConfigException(file + ": larger than " + MAX_FILE_BYTES + " bytes");
      }
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (final MalformedInputException e) {
      throw new ConfigException(file + ": not UTF-8 text");
    } catch (final NoSuchFileException e) {
      throw new ConfigException(file + ": cannot read: no such file");
    } catch (final AccessDeniedException e) {
      throw new ConfigException(file + ": cannot read: permission denied");
    } catch (final IOException e) {
      throw new ConfigException(file + ": cannot read: " + e.getMessage());
    }
    return parse(text, file.toString(), sections);
  }

  /** Reads configuration text; {@code fileName} is what errors call the file. */
  public static VstackConfig parse(final String text, final String fileName) {
    return parse(text, fileName, SECTIONS);
  }

  /** Reads configuration text holding only {@code sections}. */
  public static VstackConfig parse(
      final String text, final String fileName, final List<ConfigSection<?>> sections) {
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
    for (final ConfigSection<?> section : sections) {
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
    for (final ConfigSection<?> section : sections) {
      final Object value =
          root.has(section.key())
              ? section.read(root.field(section.key(), ""), config)
              : section.absent(root, config);
      config.sections.put(section, value);
    }
    return config;
  }

  /** Whether {@code section} was read (it is one of the sections this file may hold). */
  public boolean has(final ConfigSection<?> section) {
    return sections.containsKey(section);
  }

  /**
   * What a section read (null for an absent optional section without a default); only sections
   * listed before the caller's are available while reading.
   */
  public <T> T section(final ConfigSection<T> section) {
    if (!sections.containsKey(section)) {
      throw new IllegalStateException("section " + section.key() + " not read");
    }
    @SuppressWarnings("unchecked")
    final T typed = (T) sections.get(section);
    return typed;
  }

  /**
   * The host, or null when the file has none: it is required only with tenants or VTEPs (a config
   * that only lists ports and rules for the flow daemon needs no host).
   */
  public HostConfig host() {
    return section(HostSection.INSTANCE);
  }

  public TenantRegistry tenants() {
    return section(TenantsSection.INSTANCE);
  }

  /** The VTEP table, or null when the file has no host. */
  public VtepTable vteps() {
    return section(VtepsSection.INSTANCE);
  }

  /** The ports, id = position; empty when the file lists none. */
  public List<PortDefinition> ports() {
    return section(PortsSection.INSTANCE);
  }

  /**
   * Per port name, the desired flow rules in creation order; when the file was read with its ports,
   * every port has an entry.
   */
  public Map<String, List<FlowRule>> rules() {
    return section(RulesSection.INSTANCE);
  }
}
