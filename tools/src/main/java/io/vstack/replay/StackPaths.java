package io.vstack.replay;

import io.vstack.config.VstackConfig;

/** Which {@link StackPath} {@code vstack replay --through-stack} runs for a configuration. */
public final class StackPaths {
  private StackPaths() {}

  /**
   * The stack for {@code config}'s host, tenants and VTEPs.
   *
   * @throws IllegalArgumentException when the config has no host
   */
  public static StackPath open(final VstackConfig config) {
    if (config.host() == null) {
      throw new IllegalArgumentException("no host section");
    }
    return new OverlayStackPath(config.host(), config.tenants(), config.vteps());
  }
}
