package io.vstack.overlay;

import io.vstack.port.FrameBatch;
import io.vstack.port.Port;
import io.vstack.port.PortCounters;

/**
 * A port whose received frames come from an {@link OverlayEndpoint}'s demultiplexer: receiving
 * first lets the endpoint drain the underlay, then takes this port's queued frames.
 */
abstract sealed class QueuedPort implements Port permits OverlayPort, UnderlayHostPort {
  final OverlayEndpoint endpoint;
  final PortCounters counters = new PortCounters();
  private final String name;
  private final int maxFrameLength;
  private final InboundQueue queue;
  private long queueDropsSeen;

  QueuedPort(final OverlayEndpoint endpoint, final String name, final int maxFrameLength) {
    this.endpoint = endpoint;
    this.name = name;
    this.maxFrameLength = maxFrameLength;
    this.queue = new InboundQueue(name, maxFrameLength);
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final int maxFrameLength() {
    return maxFrameLength;
  }

  @Override
  public final int receive(final FrameBatch batch) {
    endpoint.poll();
    final int first = batch.size();
    final int received = queue.drain(batch);
    for (int i = first; i < first + received; i++) {
      counters.onReceive(batch.length(i));
    }
    return received;
  }

  @Override
  public final PortCounters counters() {
    return counters;
  }

  /** Queues a frame for this port's consumer; a full queue drops it and counts rx dropped. */
  final void offer(final long address, final int length) {
    if (!queue.offer(address, length)) {
      counters.onRxDropped();
    }
  }

  final void closeQueue() {
    queue.close();
  }

  /** The endpoint owns the queues and closes them; closing one port changes nothing. */
  @Override
  public final void close() {}

  @Override
  public String toString() {
    return name + " (" + counters + ")";
  }
}
