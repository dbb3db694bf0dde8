package io.vstack.replay;

import io.vstack.config.VstackConfig;

/** Which {@link StackPath} {@code vstack replay --through-stack} runs for a configuration. */
public final class StackPaths {
  private StackPaths() {}

  /**
   * The stack for {@code config}'s host, tenants and VTEPs.
   *
   * @throws IllegalArgumentException when the config has no host or no tenants
   */
  public static StackPath open(final VstackConfig config) {
    if (config.host() == null) {
      throw new IllegalArgumentException("has no host section");
    }
    if (config.tenants().size() == 0) {
      throw new IllegalArgumentException("has no tenants");
    }
    return new FusedStackPath(config.host(), config.tenants(), config.vteps());
  }
}
