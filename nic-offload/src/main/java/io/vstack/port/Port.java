package io.vstack.port;

/**
 * Where Ethernet frames enter and leave vstack: an in-process wire, a Linux TAP, an AF_PACKET
 * socket, a capture file or a DPDK ethdev.
 *
 * <p>Every call is non-blocking and works on a whole burst ({@link FrameBatch}), so the caller's
 * duty cycle decides when to poll and how to idle. Frames carry no FCS. A port is driven by one
 * thread at a time.
 *
 * <h2>How long a received frame stays valid</h2>
 *
 * Each port says which of these it gives ({@link #framesOutliveNextReceive}, {@link
 * #canHandOverReceived}):
 *
 * <ul>
 *   <li><b>Copied into the batch</b> ({@code framesOutliveNextReceive() == true}): each frame is
 *       copied into the batch's own storage, so it stays valid until that batch is cleared or
 *       refilled, however often the port receives meanwhile. {@link MemoryPort}, {@link TapPort},
 *       {@link PacketPort}, {@link PcapPort}, {@link FaultInjectingPort}, {@link DiscardPort}
 *       (receives nothing); {@link DelegatingPort}s give what their inner port gives.
 *   <li><b>Lent until the next receive</b> (the default, also for ports that do not say): frames
 *       point at memory the port owns and frees or reuses at its next receive ({@code
 *       io.vstack.dpdk.DpdkPort}'s mbufs, zero-copy). Process them before receiving again, or copy
 *       them.
 *   <li><b>Handed over</b> ({@code canHandOverReceived() == true}): {@link #receive(FrameBatch,
 *       ReceivedBuffers)} lends nothing: the buffers behind the frames become the caller's and stay
 *       valid until it passes them to {@link #freeReceived}, from any thread ({@code DpdkPort}).
 *       The lanes receive this way, since a lane may still hold a batch when the next one is
 *       received.
 * </ul>
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
   * Whether frames appended by {@link #receive(FrameBatch)} stay valid after this port's next
   * receive, because they are copied into the batch's storage. False (the default) when they may
   * point at memory the port frees or reuses at its next receive: a caller that keeps frames longer
   * copies them or, when the port {@link #canHandOverReceived() can}, takes the buffers over.
   */
  default boolean framesOutliveNextReceive() {
    return false;
  }

  /** Whether {@link #receive(FrameBatch, ReceivedBuffers)} is supported. */
  default boolean canHandOverReceived() {
    return false;
  }

  /**
   * Receives like {@link #receive(FrameBatch)}, at most {@code received.remaining()} frames, and
   * hands the buffers behind the appended frames over to {@code received}: this port does not free
   * them at its next receive, so the frames stay valid until the caller passes {@code received} to
   * {@link #freeReceived}.
   *
   * @return how many frames were appended
   * @throws UnsupportedOperationException when the port cannot ({@link #canHandOverReceived()}).
   */
  default int receive(final FrameBatch batch, final ReceivedBuffers received) {
    throw new UnsupportedOperationException(
        name() + " cannot hand its receive buffers over: check canHandOverReceived() first");
  }

  /**
   * Frees the buffers a {@link #receive(FrameBatch, ReceivedBuffers)} handed over and empties
   * {@code received}; the frames they backed become invalid. May be called from any thread, also
   * after this port was closed (the buffers belong to the caller), but not twice for one receive.
   */
  default void freeReceived(final ReceivedBuffers received) {
    received.clear();
  }

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
