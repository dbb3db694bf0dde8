package io.vstack.port;

/**
 * Where Ethernet frames enter and leave vstack: an in-process wire, a Linux TAP, an AF_PACKET
 * socket, a capture file or a DPDK ethdev.
 *
 * <p>Every call is non-blocking and works on a whole burst ({@link FrameBatch}), so the caller's
 * duty cycle decides when to poll and how to idle. Frames carry no FCS. A port is driven by one
 * thread at a time.
 */
public interface Port extends AutoCloseable {
  /** {@link #mark} of a frame that carries no NIC MARK. */
  long NO_MARK = -1;

  /** A short name for logs and counters, e.g. {@code tap:vs0} or {@code memory:a}. */
  String name();

  /** The largest frame, Ethernet header included, that this port carries. */
  int maxFrameLength();

  /**
   * Appends up to {@link FrameBatch#remaining()} received frames to {@code batch}.
   *
   * @return how many frames were appended; 0 when nothing is waiting.
   */
  int receive(FrameBatch batch);

  /**
   * Sends frames from the start of {@code batch}, in order. Frames longer than {@link
   * #maxFrameLength()} are dropped and counted, and count as taken.
   *
   * @return how many frames, from index 0, the port took; the caller still owns the rest.
   */
  int transmit(FrameBatch batch);

  /**
   * The rte_flow MARK id the NIC attached to a frame of the last {@link #receive} (the {@code mark
   * id} of the rule that matched it), so the fast path can take the tenant from the NIC's
   * classification instead of its own lookup. Ports without NIC classification have none.
   *
   * @param frameIndex the frame's index in the batch the last receive filled
   * @return the id (0 to 2^32-1), or {@link #NO_MARK}
   */
  default long mark(final int frameIndex) {
    return NO_MARK;
  }

  /**
   * Whether a frame is waiting to be received, when the port can tell without receiving it (a peek
   * at the next receive slot or descriptor); false when it cannot tell. A lane uses it to end a
   * slice of work early when new frames arrive, so they do not wait for the rest of the slice.
   */
  default boolean hasReceivable() {
    return false;
  }

  /** Live counters of this port. */
  PortCounters counters();

  @Override
  void close();
}
