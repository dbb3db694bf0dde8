package io.vstack.overlay;

import io.vstack.port.FrameBatch;
import io.vstack.port.Port;

/**
 * The underlay frames that are not overlay traffic (ARP for the host's underlay address, ICMP echo,
 * ...), for a host agent on the underlay address; what it transmits goes to the underlay unchanged.
 */
final class UnderlayHostPort extends QueuedPort {
  private final Port underlay;

  UnderlayHostPort(final OverlayEndpoint endpoint, final Port underlay) {
    super(endpoint, "underlay-host:" + underlay.name(), underlay.maxFrameLength());
    this.underlay = underlay;
  }

  @Override
  public int transmit(final FrameBatch batch) {
    final int taken = underlay.transmit(batch);
    for (int i = 0; i < taken; i++) {
      counters.onTransmit(batch.length(i));
    }
    return taken;
  }
}
