package io.vstack.port;

/**
 * A port that takes every frame it is given and drops it, counted, like DPDK's {@code net_null}:
 * the far end for measuring what a sender costs by itself, and for tests that only count. It
 * receives nothing. Subclasses may take fewer frames or look at them by overriding {@link
 * #transmit}.
 */
public class DiscardPort implements Port {
  private final String name;
  private final int maxFrameLength;
  private final PortCounters counters = new PortCounters();

  /**
   * @param name the port's name, e.g. {@code discard}.
   * @param maxFrameLength the largest frame it takes; longer ones are dropped as the {@link Port}
   *     contract says.
   */
  public DiscardPort(final String name, final int maxFrameLength) {
    this.name = name;
    this.maxFrameLength = maxFrameLength;
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final int maxFrameLength() {
    return maxFrameLength;
  }

  /** True: Nothing is ever received. */
  @Override
  public final boolean framesOutliveNextReceive() {
    return true;
  }

  @Override
  public final int receive(final FrameBatch batch) {
    return 0;
  }

  /** Takes every frame: counts it as sent, or as dropped when longer than the port's limit. */
  @Override
  public int transmit(final FrameBatch batch) {
    final int size = batch.size();
    int frames = 0;
    long bytes = 0;
    for (int i = 0; i < size; i++) {
      final int length = batch.length(i);
      if (length > maxFrameLength) {
        counters.onTxDropped();
      } else {
        frames++;
        bytes += length;
      }
    }
    counters.onTransmit(frames, bytes);
    return size;
  }

  @Override
  public final PortCounters counters() {
    return counters;
  }

  @Override
  public void close() {}
}
