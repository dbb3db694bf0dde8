package io.vstack.control;

/** Text that is not the JSON {@link Json} accepts; the message names the offset and the problem. */
public final class JsonException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public JsonException(final String message) {
    super(message, null, false, false);
  }
}
