package io.vstack.dpdk;

/**
 * A DPDK call failed. Carries DPDK's error number (positive, as in {@code rte_errno}) and the
 * message of {@code rte_strerror} for it, so the text names what DPDK itself said.
 */
public final class DpdkException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int errno;

  DpdkException(final String call, final int errno, final String dpdkMessage) {
    super(call + " failed: " + dpdkMessage + " (errno " + errno + ")");
    this.errno = errno;
  }

  /** The positive error number DPDK reported (e.g. 22 for EINVAL). */
  public int errno() {
    return errno;
  }
}
