package io.vstack.stack;

import io.vstack.port.FrameBatch;
import io.vstack.port.Port;
import io.vstack.port.PortCounters;
import io.vstack.wire.EthernetFrame;
import io.vstack.wire.Ipv4Packet;
import io.vstack.wire.TcpSegment;
import io.vstack.wire.WireError;
import java.util.ArrayDeque;
import org.agrona.concurrent.CachedNanoClock;
import org.agrona.concurrent.UnsafeBuffer;

/** Test decorator that remembers the last TCP headers in and out, for failure messages. */
final class TracingPort implements Port {
  private final Port inner;
  private final CachedNanoClock clock;
  private final ArrayDeque<String> lines = new ArrayDeque<>();
  private final UnsafeBuffer view = new UnsafeBuffer(0, 0);
  private final EthernetFrame ethernet = new EthernetFrame();
  private final Ipv4Packet ip = new Ipv4Packet();
  private final TcpSegment tcp = new TcpSegment();

  TracingPort(final Port inner, final CachedNanoClock clock) {
    this.inner = inner;
    this.clock = clock;
  }

  String last() {
    return String.join("\n", lines);
  }

  private void trace(final String direction, final FrameBatch batch, final int from, final int to) {
    for (int i = from; i < to; i++) {
      batch.wrap(i, view);
      if (ethernet.wrap(view, 0, batch.length(i)) != WireError.OK
          || ethernet.etherType() != EthernetFrame.TYPE_IPV4
          || ip.wrap(view, ethernet.payloadOffset(), ethernet.payloadLength()) != WireError.OK
          || tcp.wrap(view, ip.payloadOffset(), ip.payloadLength()) != WireError.OK) {
        lines.add(clock.nanoTime() / 1000 + "us " + direction + " non-TCP " + batch.length(i));
      } else {
        lines.add(
            clock.nanoTime() / 1000
                + "us "
                + direction
                + " "
                + io.vstack.tcp.SegmentInfo.describe(
                    tcp.flags(),
                    tcp.sequenceNumber(),
                    tcp.acknowledgmentNumber(),
                    tcp.window(),
                    tcp.payloadLength(),
                    tcp.options().sackBlockCount())
                + " ts="
                + Integer.toUnsignedString(tcp.options().tsVal())
                + "/"
                + Integer.toUnsignedString(tcp.options().tsEcr()));
      }
      while (lines.size() > 120) {
        lines.removeFirst();
      }
    }
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
    final int before = batch.size();
    final int n = inner.receive(batch);
    trace("in ", batch, before, before + n);
    return n;
  }

  @Override
  public int transmit(final FrameBatch batch) {
    trace("out", batch, 0, batch.size());
    return inner.transmit(batch);
  }

  @Override
  public PortCounters counters() {
    return inner.counters();
  }

  @Override
  public void close() {}
}
