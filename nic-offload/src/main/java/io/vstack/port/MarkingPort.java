package io.vstack.port;

import java.util.function.IntToLongFunction;

/**
 * A {@link Port} decorator that reports a NIC MARK for the frames it receives, as a NIC whose
 * rte_flow rule with a MARK action matched them: for testing MARK-based classification where no NIC
 * runs such rules (net_tap needs TC flower for them). Receive and transmit pass through unchanged;
 * closing closes the inner port. One thread, like every port: set the marks from the thread that
 * drives it.
 */
public final class MarkingPort extends DelegatingPort {
  private static final IntToLongFunction NONE = frameIndex -> NO_MARK;

  private IntToLongFunction marks = NONE;

  /** Reports no MARK until {@link #markAll} or {@link #marks} says otherwise. */
  public MarkingPort(final Port inner) {
    super(inner);
  }

  /** Marks every received frame with {@code mark} ({@link #NO_MARK}: none). */
  public MarkingPort markAll(final long mark) {
    this.marks = mark == NO_MARK ? NONE : frameIndex -> mark;
    return this;
  }

  /**
   * Marks each received frame by its index in the batch the last receive filled.
   *
   * @param byIndex the MARK id (0 to 2^32-1) or {@link #NO_MARK}; called per frame, so it should
   *     not allocate
   */
  public MarkingPort marks(final IntToLongFunction byIndex) {
    this.marks = byIndex;
    return this;
  }

  @Override
  public long mark(final int frameIndex) {
    return marks.applyAsLong(frameIndex);
  }

  @Override
  public String name() {
    return "marking:" + inner.name();
  }
}
