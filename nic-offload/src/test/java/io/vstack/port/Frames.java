package io.vstack.port;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;
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

  /**
   * Polls {@code port} until a frame matching {@code wanted} arrives and returns it; fails after
   * {@code bound}, listing the other frames seen and {@code detail} (e.g. the port's last errno).
   */
  public static byte[] await(
      final Port port,
      final FrameBatch batch,
      final Predicate<byte[]> wanted,
      final Duration bound,
      final Supplier<String> detail) {
    final long deadline = System.nanoTime() + bound.toNanos();
    final List<String> others = new ArrayList<>();
    while (System.nanoTime() < deadline) {
      batch.clear();
      final int n = port.receive(batch);
      for (int i = 0; i < n; i++) {
        final byte[] frame = copy(batch, i);
        if (wanted.test(frame)) {
          return frame;
        }
        others.add(HexFormat.of().formatHex(frame, 0, Math.min(frame.length, 24)));
      }
      if (n == 0) {
        try {
          Thread.sleep(1);
        } catch (final InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError(e);
        }
      }
    }
    throw new AssertionError(
        "no matching frame within " + bound + "; other frames: " + others + "; " + detail.get());
  }
}
