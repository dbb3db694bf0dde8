package io.vstack.loadgen;

import io.vstack.lane.LaneHandler;
import io.vstack.lane.LaneHandlerFactory;
import io.vstack.slowpath.SlowPathChannel;
import java.security.MessageDigest;
import java.util.concurrent.atomic.AtomicLong;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The synthetic handler: checks that each flow's frames arrive complete and in order (sequence
 * numbers 0, 1, 2, ... with no gap or repeat), optionally keeps a running SHA-256 per flow, and
 * records which lanes each flow visited. Per-flow state is shared by all lanes: the lanes'
 * one-flow-one-lane-at-a-time rule makes that safe, and a violation of that rule shows up here as a
 * sequence error.
 *
 * <p>Without digests and busy work, the handler allocates nothing per frame (benchmark mode).
 */
public final class SyntheticSink implements LaneHandlerFactory {
  private final long[] nextSequence;
  private final long[] laneMask;
  private final MessageDigest[] digests;
  private final long workNanosPerFrame;
  private final AtomicLong received = new AtomicLong();
  private final AtomicLong sequenceErrors = new AtomicLong();
  private final AtomicLong malformed = new AtomicLong();

  /**
   * @param digest whether to keep a running SHA-256 per flow.
   * @param workNanosPerFrame busy work per frame, to load lanes in scaling tests (0 for none).
   */
  public SyntheticSink(final int flows, final boolean digest, final long workNanosPerFrame) {
    this.nextSequence = new long[flows];
    this.laneMask = new long[flows];
    this.digests = digest ? SyntheticTraffic.newDigests(flows) : null;
    this.workNanosPerFrame = workNanosPerFrame;
  }

  @Override
  public LaneHandler newHandler(final int lane, final SlowPathChannel slowPath) {
    return new Handler(lane);
  }

  /** Frames handled by all lanes (updated at the end of each lane batch). */
  public long received() {
    return received.get();
  }

  /** Frames whose sequence number was not the next one of their flow. */
  public long sequenceErrors() {
    return sequenceErrors.get();
  }

  /** Frames too short or with a flow id out of range. */
  public long malformed() {
    return malformed.get();
  }

  /** Frames handled for {@code flow}. */
  public long received(final int flow) {
    return nextSequence[flow];
  }

  /** Bit {@code n} set when lane {@code n} (below 64) handled a frame of {@code flow}. */
  public long lanesOf(final int flow) {
    return laneMask[flow];
  }

  /** The running SHA-256 of {@code flow}'s payload as received. */
  public byte[] digest(final int flow) {
    return SyntheticTraffic.digestSoFar(digests[flow]);
  }

  private final class Handler implements LaneHandler {
    private final long laneBit;
    private final UnsafeBuffer view = new UnsafeBuffer(0, 0);
    private final byte[] scratch = new byte[65536];
    private long frames;
    private long errors;
    private long bad;

    Handler(final int lane) {
      this.laneBit = 1L << (lane & 63);
    }

    @Override
    public void onFrame(
        final long address,
        final int length,
        final int tenant,
        final int markedSlot,
        final int flowHash,
        final int source) {
      frames++;
      view.wrap(address, length);
      if (length < SyntheticFrames.MIN_LENGTH) {
        bad++;
        return;
      }
      final int flow = SyntheticFrames.flow(view);
      if (flow < 0 || flow >= nextSequence.length) {
        bad++;
        return;
      }
      final long sequence = SyntheticFrames.sequence(view);
      if (sequence != nextSequence[flow]) {
        errors++;
      }
      nextSequence[flow] = sequence + 1;
      laneMask[flow] |= laneBit;
      if (digests != null) {
        final int payload = length - SyntheticFrames.PAYLOAD_OFFSET;
        view.getBytes(SyntheticFrames.PAYLOAD_OFFSET, scratch, 0, payload);
        digests[flow].update(scratch, 0, payload);
      }
      if (workNanosPerFrame > 0) {
        final long until = System.nanoTime() + workNanosPerFrame;
        while (System.nanoTime() - until < 0) {
          Thread.onSpinWait();
        }
      }
    }

    @Override
    public void onEndOfBatch() {
      if (errors != 0) {
        sequenceErrors.addAndGet(errors);
        errors = 0;
      }
      if (bad != 0) {
        malformed.addAndGet(bad);
        bad = 0;
      }
      received.addAndGet(frames);
      frames = 0;
    }
  }
}
