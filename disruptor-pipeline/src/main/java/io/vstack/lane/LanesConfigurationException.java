package io.vstack.lane;

/** A {@link LanesContext} setting is invalid; the message names the property and the fix. */
public final class LanesConfigurationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String property;

  LanesConfigurationException(final String property, final String problem) {
    super(property + " " + problem);
    this.property = property;
  }

  /** The property at fault, e.g. {@code vstack.lanes.ringSize}. */
  public String property() {
    return property;
  }
}
