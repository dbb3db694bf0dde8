package io.vstack.overlay;

import io.vstack.port.FrameBatch;

/**
 * One tenant's view of the overlay: receives the inner frames that arrived for the tenant's VNI and
 * passed the checks; transmits inner frames, which are checked against the tenant's addresses and
 * encapsulated to the VTEP serving their destination. Frames refused on transmit count as taken
 * (like a NIC drop) and are counted by reason in {@link OverlayEndpoint#counters()} and as tx
 * dropped here.
 */
public final class OverlayPort extends QueuedPort {
  private final int slot;

  OverlayPort(
      final OverlayEndpoint endpoint,
      final int slot,
      final String tenant,
      final int maxFrameLength) {
    super(endpoint, "overlay:" + tenant, maxFrameLength);
    this.slot = slot;
  }

  /** The tenant's slot in the registry. */
  public int slot() {
    return slot;
  }

  @Override
  public int transmit(final FrameBatch batch) {
    endpoint.transmit(slot, batch, counters);
    return batch.size();
  }
}
