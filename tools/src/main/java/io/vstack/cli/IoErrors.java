package io.vstack.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** One-line descriptions of file-system failures, for user-facing errors. */
final class IoErrors {
  private IoErrors() {}

  /** E.g. {@code "trace.pcap: no such file or directory"}. */
  static String describe(final Path file, final IOException e) {
    if (e instanceof NoSuchFileException) {
      return file + ": no such file or directory";
    }
    if (e instanceof AccessDeniedException) {
      return file + ": permission denied";
    }
    return file + ": " + e.getMessage();
  }
}
