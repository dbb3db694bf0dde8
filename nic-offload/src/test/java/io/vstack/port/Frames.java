package io.vstack.port;

import org.agrona.concurrent.UnsafeBuffer;

/** Frames of a batch as byte arrays, for assertions. */
public final class Frames {
  private Frames() {}

  /** A copy of frame {@code index} of {@code batch}. */
  public static byte[] copy(final FrameBatch batch, final int index) {
    final UnsafeBuffer view = batch.wrap(index, new UnsafeBuffer(0, 0));
    final byte[] bytes = new byte[view.capacity()];
    view.getBytes(0, bytes);
    return bytes;
  }

  /** The EtherType of a frame, -1 when it is shorter than an Ethernet header. */
  public static int etherType(final byte[] frame) {
    return frame.length < 14 ? -1 : ((frame[12] & 0xFF) << 8) | (frame[13] & 0xFF);
  }
}
