package io.vstack.bench;

import io.vstack.lane.LaneHandler;
import io.vstack.lane.LaneHandlerFactory;
import io.vstack.loadgen.SyntheticBurst;
import io.vstack.loadgen.SyntheticFrames;
import io.vstack.loadgen.SyntheticSink;
import io.vstack.port.FrameBatch;
import io.vstack.rss.FlowKeyExtractor;
import java.util.concurrent.ThreadLocalRandom;

/** 64 B synthetic frames of 1024 flows into the per-flow sequence-checking synthetic handler. */
final class SyntheticWorkload implements LaneWorkload {
  static final int FLOWS = 1024;
  static final int FRAME = 64;

  private final SyntheticSink sink = new SyntheticSink(FLOWS, false, 0);
  private final SyntheticBurst burst = new SyntheticBurst(BURST, FRAME, FLOWS);
  private final long seed = ThreadLocalRandom.current().nextLong();

  @Override
  public FrameBatch nextBurst() {
    return burst.next();
  }

  @Override
  public FlowKeyExtractor flowKeys() {
    return SyntheticFrames.EXTRACTOR;
  }

  @Override
  public long hashSeed() {
    return seed;
  }

  @Override
  public LaneHandlerFactory handlers() {
    return sink;
  }

  @Override
  public LaneHandler handler() {
    return sink.newHandler(0, null);
  }

  @Override
  public void verify() {
    if (sink.sequenceErrors() != 0 || sink.malformed() != 0) {
      throw new IllegalStateException(
          "handler saw "
              + sink.sequenceErrors()
              + " sequence errors and "
              + sink.malformed()
              + " malformed frames");
    }
  }

  @Override
  public void close() {
    burst.close();
  }
}
