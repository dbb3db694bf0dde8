package io.vstack.replay;

import io.vstack.port.FrameBatch;
import io.vstack.port.Port;
import io.vstack.port.PortCounters;

/**
 * A port that receives nothing and takes, counts and forgets every frame sent to it, at no cost:
 * the underlay of {@link FusedStackPath} (a NIC takes a transmit burst by DMA) and a sink for
 * tests.
 */
public final class DiscardPort implements Port {
  private final String name;
  private final int maxFrameLength;
  private final PortCounters counters = new PortCounters();

  public DiscardPort(final String name, final int maxFrameLength) {
    this.name = name;
    this.maxFrameLength = maxFrameLength;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public int maxFrameLength() {
    return maxFrameLength;
  }

  @Override
  public int receive(final FrameBatch batch) {
    return 0;
  }

  @Override
  public int transmit(final FrameBatch batch) {
    for (int i = 0; i < batch.size(); i++) {
      counters.onTransmit(batch.length(i));
    }
    return batch.size();
  }

  @Override
  public PortCounters counters() {
    return counters;
  }

  @Override
  public void close() {}
}
