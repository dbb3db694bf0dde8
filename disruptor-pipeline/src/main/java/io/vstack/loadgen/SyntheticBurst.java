package io.vstack.loadgen;

import io.vstack.port.FrameBatch;
import java.nio.ByteOrder;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A fixed burst of synthetic frames rewritten in place for every send: only the flow id and the
 * sequence number change (flows in rotation, each counting up), so a benchmark's generator costs
 * two stores per frame and the handler's order check still holds. The payload is written once.
 */
public final class SyntheticBurst implements AutoCloseable {
  private final FrameBatch burst;
  private final long[] nextSequence;
  private final UnsafeBuffer view = new UnsafeBuffer(0, 0);
  private int nextFlow;

  public SyntheticBurst(final int frames, final int frameLength, final int flows) {
    this.burst = new FrameBatch(frames, Math.max(64, frameLength));
    this.nextSequence = new long[flows];
    for (int i = 0; i < frames; i++) {
      final int index = burst.claim();
      SyntheticFrames.write(burst.wrapForWrite(index, view), 0, 0, 0, frameLength);
      burst.length(index, frameLength);
    }
  }

  /** The burst with the next flow ids and sequence numbers written in. */
  public FrameBatch next() {
    for (int i = 0; i < burst.size(); i++) {
      final int flow = nextFlow;
      nextFlow = flow + 1 == nextSequence.length ? 0 : flow + 1;
      burst.wrap(i, view);
      view.putInt(SyntheticFrames.FLOW_OFFSET, flow, ByteOrder.LITTLE_ENDIAN);
      view.putLong(SyntheticFrames.SEQUENCE_OFFSET, nextSequence[flow]++, ByteOrder.LITTLE_ENDIAN);
    }
    return burst;
  }

  @Override
  public void close() {
    burst.close();
  }
}
