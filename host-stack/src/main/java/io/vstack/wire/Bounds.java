package io.vstack.wire;

import org.agrona.DirectBuffer;

/** The one bounds check every view's {@code wrap} starts with. */
final class Bounds {
  private Bounds() {}

  /**
   * True when {@code [offset, offset + length)} is not inside {@code buffer} or is shorter than
   * {@code minimum}: the view must answer {@link WireError#TRUNCATED} without reading anything.
   * Written so that no sum can overflow.
   */
  static boolean truncated(
      final DirectBuffer buffer, final int offset, final int length, final int minimum) {
    return offset < 0 || length < minimum || offset > buffer.capacity() - length;
  }
}
