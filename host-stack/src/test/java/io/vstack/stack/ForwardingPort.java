package io.vstack.stack;

import io.vstack.port.DelegatingPort;
import io.vstack.port.FrameBatch;
import io.vstack.port.Port;
import io.vstack.wire.EthernetFrame;
import io.vstack.wire.Ipv4Packet;
import io.vstack.wire.TcpSegment;
import io.vstack.wire.WireError;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Base of the test port decorators: forwards everything to the decorated port (which its owner
 * closes) and finds the TCP segment in a frame of a batch.
 */
abstract class ForwardingPort extends DelegatingPort {
  /** The frame {@link #wrapTcp} looked at last. */
  protected final UnsafeBuffer view = new UnsafeBuffer(0, 0);

  /** Its TCP segment, after {@link #wrapTcp} returned true. */
  protected final TcpSegment tcp = new TcpSegment();

  private final EthernetFrame ethernet = new EthernetFrame();
  private final Ipv4Packet ip = new Ipv4Packet();

  ForwardingPort(final Port inner) {
    super(inner);
  }

  /**
   * Wraps frame {@code index} of {@code batch} in {@link #view}; true if it holds a TCP segment.
   */
  protected boolean wrapTcp(final FrameBatch batch, final int index) {
    batch.wrap(index, view);
    return ethernet.wrap(view, 0, batch.length(index)) == WireError.OK
        && ethernet.etherType() == EthernetFrame.TYPE_IPV4
        && ip.wrap(view, ethernet.payloadOffset(), ethernet.payloadLength()) == WireError.OK
        && ip.protocol() == Ipv4Packet.PROTOCOL_TCP
        && tcp.wrap(view, ip.payloadOffset(), ip.payloadLength()) == WireError.OK;
  }

  /** The owner of the decorated port closes it. */
  @Override
  public void close() {}
}
