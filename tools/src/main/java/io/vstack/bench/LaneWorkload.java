package io.vstack.bench;

import io.vstack.lane.LaneHandler;
import io.vstack.lane.LaneHandlerFactory;
import io.vstack.port.FrameBatch;
import io.vstack.port.MemoryPort;
import io.vstack.rss.FlowKeyExtractor;

/**
 * What a lane benchmark pushes through the pipeline under test: the frames the generator writes
 * onto the wire, how the dispatcher keys them, and the handler that processes them.
 *
 * <ul>
 *   <li>{@code SYNTHETIC}: 64 B synthetic frames of 1024 flows into {@link
 *       io.vstack.loadgen.SyntheticSink} (per-flow sequence check): what the lane machinery costs.
 *   <li>{@code FUSED}: VXLAN-encapsulated TCP data segments of established connections (64 B inner
 *       IPv4 packets, 128 B on the wire) into the fused fast path, one per lane ({@link
 *       FusedWorkload}).
 * </ul>
 */
interface LaneWorkload extends AutoCloseable {
  /** Frames per burst the generator writes. */
  int BURST = 32;

  /**
   * The workload {@code name} for {@code lanes} lanes whose frames go from {@code wire.a()} to
   * {@code wire.b()} (the pipeline's source).
   */
  static LaneWorkload of(final String name, final int lanes, final MemoryPort.Pair wire) {
    return switch (name) {
      case "SYNTHETIC" -> new SyntheticWorkload();
      case "FUSED" -> new FusedWorkload(lanes, wire);
      default -> throw new IllegalArgumentException("no workload " + name);
    };
  }

  /** The next {@link #BURST} frames, ready for {@code wire.a().transmit}. */
  FrameBatch nextBurst();

  /** The dispatcher's flow keys of the frames. */
  FlowKeyExtractor flowKeys();

  /** The seed the lanes must hash with (the workload may have placed flows on lanes by it). */
  long hashSeed();

  /** One handler per lane, for {@code Lanes}. */
  LaneHandlerFactory handlers();

  /**
   * The handler of a single consumer (ABQ, DIRECT): the workload must have been made for 1 lane.
   */
  LaneHandler handler();

  /**
   * Checks, after the pipeline stopped and handled every frame sent, that the handler processed
   * them as intended.
   *
   * @throws IllegalStateException when it did not.
   */
  void verify();

  @Override
  void close();
}
