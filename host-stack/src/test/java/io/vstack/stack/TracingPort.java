package io.vstack.stack;

import io.vstack.port.FrameBatch;
import io.vstack.port.Port;
import java.util.ArrayDeque;
import org.agrona.concurrent.CachedNanoClock;

/** Test decorator that remembers the last TCP headers in and out, for failure messages. */
final class TracingPort extends ForwardingPort {
  private final CachedNanoClock clock;
  private final ArrayDeque<String> lines = new ArrayDeque<>();

  TracingPort(final Port inner, final CachedNanoClock clock) {
    super(inner);
    this.clock = clock;
  }

  String last() {
    return String.join("\n", lines);
  }

  private void trace(final String direction, final FrameBatch batch, final int from, final int to) {
    for (int i = from; i < to; i++) {
      if (!wrapTcp(batch, i)) {
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
}
