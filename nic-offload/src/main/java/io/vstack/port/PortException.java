package io.vstack.port;

/**
 * A port could not be opened or set up: one line saying what failed, why (the OS's words) and what
 * to do, e.g. {@code cannot open /dev/net/tun: Permission denied (need root or CAP_NET_ADMIN)}.
 */
public final class PortException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int errno;

  /**
   * @param message the whole message.
   * @param errno the C {@code errno} behind it, or 0.
   */
  public PortException(final String message, final int errno) {
    super(message);
    this.errno = errno;
  }

  /** The C {@code errno} that caused this, or 0 when none did. */
  public int errno() {
    return errno;
  }
}
