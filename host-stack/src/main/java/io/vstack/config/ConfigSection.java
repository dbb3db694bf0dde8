package io.vstack.config;

/**
 * One top-level section of {@code vstack.yaml} ({@code host}, {@code tenants}, {@code vteps}, ...):
 * its key and how to read it. Adding a section means writing one implementation and listing it in
 * {@link VstackConfig#SECTIONS}; the loader then accepts its key, reads it in list order (so it can
 * use the sections before it) and exposes the result through {@link VstackConfig#section}.
 *
 * @param <T> what the section reads into
 */
public interface ConfigSection<T> {
  /** The top-level key. */
  String key();

  /**
   * Reads the section's node.
   *
   * @param node the value under {@link #key()}
   * @param earlier the sections listed before this one, already read
   * @throws ConfigException positioned at the offending node
   */
  T read(ConfigNode node, VstackConfig earlier);

  /**
   * The value when the key is absent, or a {@link ConfigException} (positioned at {@code root}) for
   * a required section.
   */
  T absent(ConfigNode root, VstackConfig earlier);
}
