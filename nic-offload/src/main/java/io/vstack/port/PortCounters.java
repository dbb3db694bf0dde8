package io.vstack.port;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Frame and byte counts of one {@link Port}. Written by the thread that drives the port, read by
 * anyone (plain volatile reads suffice for monitoring). The single writer stores with release
 * semantics (as Agrona's counters do): a volatile store would fence the hot path per frame.
 */
public final class PortCounters {
  private static final VarHandle RX_FRAMES = field("rxFrames");
  private static final VarHandle RX_BYTES = field("rxBytes");
  private static final VarHandle TX_FRAMES = field("txFrames");
  private static final VarHandle TX_BYTES = field("txBytes");
  private static final VarHandle RX_DROPPED = field("rxDropped");
  private static final VarHandle TX_DROPPED = field("txDropped");
  private static final VarHandle ERRORS = field("errors");

  private volatile long rxFrames;
  private volatile long rxBytes;
  private volatile long txFrames;
  private volatile long txBytes;
  private volatile long rxDropped;
  private volatile long txDropped;
  private volatile long errors;

  public void onReceive(final int frameLength) {
    RX_FRAMES.setRelease(this, rxFrames + 1);
    RX_BYTES.setRelease(this, rxBytes + frameLength);
  }

  public void onTransmit(final int frameLength) {
    TX_FRAMES.setRelease(this, txFrames + 1);
    TX_BYTES.setRelease(this, txBytes + frameLength);
  }

  /** Counts a whole received burst: one write per counter instead of one per frame. */
  public void onReceive(final int frames, final long bytes) {
    RX_FRAMES.setRelease(this, rxFrames + frames);
    RX_BYTES.setRelease(this, rxBytes + bytes);
  }

  /** Counts a whole transmitted burst: one write per counter instead of one per frame. */
  public void onTransmit(final int frames, final long bytes) {
    TX_FRAMES.setRelease(this, txFrames + frames);
    TX_BYTES.setRelease(this, txBytes + bytes);
  }

  public void onRxDropped() {
    RX_DROPPED.setRelease(this, rxDropped + 1);
  }

  public void onTxDropped() {
    TX_DROPPED.setRelease(this, txDropped + 1);
  }

  public void onError() {
    ERRORS.setRelease(this, errors + 1);
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

  private static VarHandle field(final String name) {
    try {
      return MethodHandles.lookup().findVarHandle(PortCounters.class, name, long.class);
    } catch (final ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}
