package io.vstack.tcp;

/**
 * Readiness callbacks from the engine to the application, called on the engine's thread while it
 * processes a segment, a timer or an API call. Implementations must be quick and must not call back
 * into the engine re-entrantly except for reads, writes and accept, which are safe. Applications
 * that prefer polling ignore the callbacks and ask {@link TcpEngine#readable} etc.
 */
public interface TcpHandler {
  /** A listener has a connection waiting in {@link TcpEngine#accept}. */
  default void onAcceptable(final int listenerId) {}

  /** An active open completed; the connection is writable. */
  default void onConnected(final int connectionId) {}

  /** Data (or end of stream) is available to {@link TcpEngine#read}. */
  default void onReadable(final int connectionId) {}

  /** Send buffer space was freed. */
  default void onWritable(final int connectionId) {}

  /**
   * The connection is over. The id stays valid for queries until the application calls {@link
   * TcpEngine#close}.
   *
   * @param reason one of the {@code TcpEngine.CLOSE_*} constants
   */
  default void onClosed(final int connectionId, final int reason) {}
}
