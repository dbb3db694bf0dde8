package io.vstack.port;

/**
 * Base of {@link Port} decorators: passes every call, {@link #mark} and {@link #close} included, to
 * the decorated port; a decorator overrides what it changes.
 */
public abstract class DelegatingPort implements Port {
  /** The decorated port. */
  protected final Port inner;

  protected DelegatingPort(final Port inner) {
    this.inner = inner;
  }

  @Override
  public String name() {
    return inner.name();
  }

  @Override
  public int maxFrameLength() {
    return inner.maxFrameLength();
  }

  @Override
  public int receive(final FrameBatch batch) {
    return inner.receive(batch);
  }

  @Override
  public boolean framesOutliveNextReceive() {
    return inner.framesOutliveNextReceive();
  }

  @Override
  public boolean canHandOverReceived() {
    return inner.canHandOverReceived();
  }

  @Override
  public int receive(final FrameBatch batch, final ReceivedBuffers received) {
    return inner.receive(batch, received);
  }

  @Override
  public void freeReceived(final ReceivedBuffers received) {
    inner.freeReceived(received);
  }

  @Override
  public int transmit(final FrameBatch batch) {
    return inner.transmit(batch);
  }

  @Override
  public long mark(final int frameIndex) {
    return inner.mark(frameIndex);
  }

  @Override
  public PortCounters counters() {
    return inner.counters();
  }

  @Override
  public void close() {
    inner.close();
  }
}
