package io.vstack.overlay;

import io.vstack.port.FrameBatch;
import io.vstack.port.MemoryPort;

/**
 * Frames the endpoint demultiplexed for one consumer (a tenant or the underlay host), waiting to be
 * received. An in-process wire is the queue: the endpoint hands a frame over by address (no staging
 * copy), the wire copies it once into a preallocated slot, and a full queue drops and counts like a
 * NIC ring would.
 */
final class InboundQueue implements AutoCloseable {
  private static final int SLOTS = 256;

  private final MemoryPort.Pair wire;
  private final FrameBatch handover = new FrameBatch(1, 64);

  InboundQueue(final String name, final int maxFrameLength) {
    this.wire = MemoryPort.pair(name + "-in", name, SLOTS, maxFrameLength);
  }

  /**
   * Queues the frame at native {@code address}; false when it was dropped (queue full, too long).
   */
  boolean offer(final long address, final int length) {
    handover.clear();
    handover.addExternal(address, length);
    final long droppedBefore = wire.a().counters().txDropped();
    wire.a().transmit(handover);
    return wire.a().counters().txDropped() == droppedBefore;
  }

  /** Moves waiting frames into {@code batch}; returns how many. */
  int drain(final FrameBatch batch) {
    return wire.b().receive(batch);
  }

  /** Frames dropped because the queue was full. */
  long dropped() {
    return wire.a().counters().txDropped();
  }

  @Override
  public void close() {
    wire.close();
    handover.close();
  }
}
