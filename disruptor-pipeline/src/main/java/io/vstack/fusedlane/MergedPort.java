package io.vstack.fusedlane;

import io.vstack.port.FrameBatch;
import io.vstack.port.Port;
import io.vstack.port.PortCounters;

/**
 * The far end of a multi-queue wire, for tests and benchmarks: receives from every lane's transmit
 * port in turn (each in order, like a NIC's tx queues meeting on one wire) and transmits on one
 * port. Driven by one thread; closing it closes nothing (the ports have their owners).
 */
public final class MergedPort implements Port {
  private final Port[] receiveFrom;
  private final Port transmitOn;
  private int next;

  public MergedPort(final Port transmitOn, final Port... receiveFrom) {
    this.transmitOn = transmitOn;
    this.receiveFrom = receiveFrom.clone();
  }

  @Override
  public String name() {
    return "merged:" + transmitOn.name();
  }

  @Override
  public int maxFrameLength() {
    return transmitOn.maxFrameLength();
  }

  @Override
  public int receive(final FrameBatch batch) {
    int received = 0;
    for (int i = 0; i < receiveFrom.length && batch.remaining() > 0; i++) {
      received += receiveFrom[next].receive(batch);
      next = (next + 1) % receiveFrom.length;
    }
    return received;
  }

  /** True when every port it receives from copies its frames into the batch. */
  @Override
  public boolean framesOutliveNextReceive() {
    for (final Port port : receiveFrom) {
      if (!port.framesOutliveNextReceive()) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int transmit(final FrameBatch batch) {
    return transmitOn.transmit(batch);
  }

  @Override
  public PortCounters counters() {
    return transmitOn.counters();
  }

  @Override
  public void close() {}
}
