package io.vstack.host;

/**
 * What a {@link HostAgent} tells its owner, e.g. the demo printing events as they happen. Called on
 * the host's duty-cycle thread; implementations must be quick and must not block. Every method has
 * an empty default, so a listener implements only what it shows.
 */
public interface HostListener {
  /** No-op listener. */
  HostListener NONE = new HostListener() {};

  /** An ARP request for {@code target} was sent. */
  default void onArpRequestSent(final int target) {}

  /** A mapping was learned from an ARP request or reply. */
  default void onArpLearned(final int address, final long mac, final boolean reply) {}

  /** Resolving {@code address} failed after every probe; what waited for it was dropped. */
  default void onArpFailed(final int address) {}

  /** An echo request from {@code source} was answered. */
  default void onEchoRequest(final int source, final int identifier, final int sequence) {}

  /**
   * An echo reply arrived.
   *
   * @param rttNanos round trip measured from the timestamp this host put in the request's data, or
   *     -1 when the data carries none
   */
  default void onEchoReply(
      final int source,
      final int identifier,
      final int sequence,
      final int ttl,
      final int dataLength,
      final long rttNanos) {}
}
