package io.vstack.doca;

import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds and opens DOCA's shared libraries ({@code libdoca_common}, {@code libdoca_flow}, {@code
 * libdoca_dpdk_bridge}) at run time. Searched, in order: the directory in system property {@value
 * #LIBRARY_DIR_PROPERTY}, DOCA's install directories ({@code /opt/mellanox/doca/lib/<arch>}), then
 * the dynamic linker's path by name. Each library is tried as {@code .so} and as its SONAME {@code
 * .so.1} (runtime packages may ship only the latter).
 */
final class DocaLibraries {
  /** System property: a directory holding the DOCA libraries. */
  static final String LIBRARY_DIR_PROPERTY = "vstack.doca.lib";

  static final List<Path> INSTALL_DIRS =
      List.of(
          Path.of("/opt/mellanox/doca/lib/x86_64-linux-gnu"),
          Path.of("/opt/mellanox/doca/lib/aarch64-linux-gnu"));

  static final List<String> LIBRARIES =
      List.of("libdoca_common", "libdoca_flow", "libdoca_dpdk_bridge");

  private DocaLibraries() {}

  /**
   * One lookup over every DOCA library, kept open for the life of {@code arena}.
   *
   * @throws DocaUnavailableException naming where it looked
   */
  static SymbolLookup open(
      final Arena arena, final List<Path> directories, final boolean linkerPath) {
    SymbolLookup lookup = null;
    for (final String library : LIBRARIES) {
      final SymbolLookup one = openOne(arena, library, directories, linkerPath);
      lookup = lookup == null ? one : lookup.or(one);
    }
    return lookup;
  }

  /** Where to look: the property's directory first, then DOCA's install directories. */
  static List<Path> searchDirectories() {
    final List<Path> dirs = new ArrayList<>();
    final String property = System.getProperty(LIBRARY_DIR_PROPERTY);
    if (property != null && !property.isBlank()) {
      dirs.add(Path.of(property));
    }
    dirs.addAll(INSTALL_DIRS);
    return dirs;
  }

  private static SymbolLookup openOne(
      final Arena arena,
      final String library,
      final List<Path> directories,
      final boolean linkerPath) {
    for (final Path dir : directories) {
      for (final String suffix : List.of(".so", ".so.1")) {
        final Path file = dir.resolve(library + suffix);
        if (Files.isReadable(file)) {
          try {
            return SymbolLookup.libraryLookup(file, arena);
          } catch (final IllegalArgumentException e) {
            throw new DocaUnavailableException(
                file + " exists but cannot be loaded: " + e.getMessage());
          }
        }
      }
    }
    for (final String suffix : linkerPath ? List.of(".so", ".so.1") : List.<String>of()) {
      try {
        return SymbolLookup.libraryLookup(library + suffix, arena);
      } catch (final IllegalArgumentException e) {
        // not on the dynamic linker's path under this name either
      }
    }
    throw new DocaUnavailableException(
        library
            + ".so not in "
            + directories
            + (linkerPath ? " nor on the dynamic linker's path" : ""));
  }
}
