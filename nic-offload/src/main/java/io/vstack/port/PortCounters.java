package io.vstack.port;

/**
 * Frame and byte counts of one {@link Port}. Written by the thread that drives the port, read by
 * anyone (plain volatile reads suffice for monitoring).
 */
public final class PortCounters {
  private volatile long rxFrames;
  private volatile long rxBytes;
  private volatile long txFrames;
  private volatile long txBytes;
  private volatile long rxDropped;
  private volatile long txDropped;
  private volatile long errors;

  public void onReceive(final int frameLength) {
    rxFrames++;
    rxBytes += frameLength;
  }

  public void onTransmit(final int frameLength) {
    txFrames++;
    txBytes += frameLength;
  }

  /**
   * Counts a burst of transmitted frames at once: one volatile write per counter, not per frame.
   */
  public void onTransmit(final int frames, final long bytes) {
    txFrames += frames;
    txBytes += bytes;
  }

  public void onRxDropped() {
    rxDropped++;
  }

  public void onTxDropped() {
    txDropped++;
  }

  public void onError() {
    errors++;
  }

  public long rxFrames() {
    return rxFrames;
  }

  public long rxBytes() {
    return rxBytes;
  }

  public long txFrames() {
    return txFrames;
  }

  public long txBytes() {
    return txBytes;
  }

  public long rxDropped() {
    return rxDropped;
  }

  public long txDropped() {
    return txDropped;
  }

  public long errors() {
    return errors;
  }

  @Override
  public String toString() {
    return "rx "
        + rxFrames
        + " frames/"
        + rxBytes
        + " B, tx "
        + txFrames
        + " frames/"
        + txBytes
        + " B, rx dropped "
        + rxDropped
        + ", tx dropped "
        + txDropped
        + ", errors "
        + errors;
  }
}
