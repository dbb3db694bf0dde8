package io.vstack.dpdk;

/**
 * DPDK's shared libraries or the project's shim ({@code libvstackdpdk.so}) could not be loaded on
 * this machine. The message says what to install.
 */
public final class DpdkUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The first words of every message, stable for tests and operators. */
  public static final String PREFIX = "DPDK not available: install dpdk libdpdk-dev";

  DpdkUnavailableException(final String detail) {
    super(PREFIX + " (" + detail + ")");
  }
}
