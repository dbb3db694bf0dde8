package io.vstack.offload;

/**
 * The outcome of one {@link FlowOffload} operation: done with a value, or refused with the
 * backend's own error text (e.g. a PMD's "item not supported"), which callers show unchanged.
 *
 * @param <T> the value of a successful operation
 */
public sealed interface OffloadResult<T> {
  /** The operation took effect. */
  record Done<T>(T value) implements OffloadResult<T> {}

  /**
   * The backend refused; nothing changed.
   *
   * @param backend the backend that refused ({@link FlowOffload#name()})
   * @param message the backend's error text, one line
   */
  record Refused<T>(String backend, String message) implements OffloadResult<T> {
    /** {@code backend: message}. */
    public String describe() {
      return backend + ": " + message;
    }
  }

  static <T> OffloadResult<T> done(final T value) {
    return new Done<>(value);
  }

  static <T> OffloadResult<T> refused(final String backend, final String message) {
    return new Refused<>(backend, message);
  }

  /** True when done. */
  default boolean ok() {
    return this instanceof Done<T>;
  }
}
