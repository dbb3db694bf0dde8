package io.vstack.bench;

import io.vstack.lane.FrameSource;
import io.vstack.lane.LaneHandler;
import io.vstack.lane.Lanes;
import io.vstack.lane.LanesContext;
import io.vstack.lane.MarkSlots;
import io.vstack.lane.ThreadingMode;
import io.vstack.port.FrameBatch;
import io.vstack.port.MemoryPort;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a frame costs from the wire through the lane machinery into a handler, measured on ONE
 * thread so that the number does not depend on how the OS schedules several spinning threads on a
 * shared machine: each operation writes a burst of 32 frames onto a {@link MemoryPort} and pushes
 * it all the way into the {@link LaneWorkload}'s handler (the synthetic one, or the fused fast path
 * with VXLAN TCP data segments of established connections).
 *
 * <ul>
 *   <li>{@code LANES_1}, {@code LANES_4}: the real {@link Lanes} in SHARED mode driven by an agent
 *       invoker: dispatcher (flow key, seeded hash, indirection table, Disruptor {@code
 *       tryNext}/{@code publish} of a descriptor), lane ({@code EventPoller}, handler, {@code
 *       onEndOfBatch}, pool release), slow path poll, with 1 or 4 lanes.
 *   <li>{@code ABQ}: the same handler behind an {@code ArrayBlockingQueue}: receive, copy each
 *       frame into a pooled slot, {@code offer}, then {@code poll} and handle.
 *   <li>{@code DIRECT}: the floor: receive and call the handler, no hand-off.
 * </ul>
 *
 * The frames/s of one core is 1e9 / (ns per frame); the cross-thread variants are in {@link
 * LaneBenchmark}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class LaneCostBenchmark extends BenchmarkDefaults {
  static final int BURST = LaneWorkload.BURST;

  /** Everything one variant needs: wire, burst, generator state and the pipeline under test. */
  @State(Scope.Thread)
  public static class Pipeline {
    @Param({"LANES_1", "LANES_4", "ABQ", "DIRECT"})
    public String variant;

    @Param({"SYNTHETIC", "FUSED"})
    public String workload;

    MemoryPort.Pair wire;
    LaneWorkload frames;
    FrameBatch received;
    LaneHandler handler;
    Lanes lanes;
    Arena arena;
    final ArrayBlockingQueue<long[]> queue = new ArrayBlockingQueue<>(1024);
    final ArrayBlockingQueue<long[]> free = new ArrayBlockingQueue<>(1024);
    final UnsafeBuffer from = new UnsafeBuffer(0, 0);
    final UnsafeBuffer to = new UnsafeBuffer(0, 0);
    long handled;

    @Setup(Level.Trial)
    public void setUp() {
      wire = MemoryPort.pair("gen", "cost", 1024, 256);
      final int laneCount = variant.equals("LANES_4") ? 4 : 1;
      frames = LaneWorkload.of(workload, laneCount, wire);
      received = new FrameBatch(BURST, 256);
      if (variant.startsWith("LANES")) {
        lanes =
            Lanes.launch(
                new LanesContext()
                    .threadingMode(ThreadingMode.SHARED)
                    .useAgentInvoker(true)
                    .laneCount(laneCount)
                    .hashSeed(frames.hashSeed())
                    .source(FrameSource.of(wire.b()))
                    .flowKeyExtractor(frames.flowKeys())
                    .handlerFactory(frames.handlers()));
      } else {
        handler = frames.handler();
        arena = Arena.ofShared();
        final MemorySegment memory = arena.allocate(1024 * 256L, 64);
        for (int i = 0; i < 1024; i++) {
          // slot = {address, length}
          free.add(new long[] {memory.address() + i * 256L, 0});
        }
      }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      if (lanes != null) {
        lanes.close();
      }
      if (arena != null) {
        arena.close();
      }
      try {
        frames.verify();
      } finally {
        frames.close();
        received.close();
        wire.close();
      }
    }

    /** Writes the next 32 frames (fresh flow ids and sequence numbers) onto the wire. */
    void send() {
      wire.a().transmit(frames.nextBurst());
    }

    void throughLanes() {
      final long target = handled + BURST;
      int cycles = 0;
      while (lanes.framesHandled() < target) {
        lanes.invoke();
        if (++cycles == 1_000_000) {
          throw new IllegalStateException(
              "lanes stuck: handled " + lanes.framesHandled() + " of " + target);
        }
      }
      handled = target;
    }

    void throughQueue() {
      received.clear();
      wire.b().receive(received);
      for (int i = 0; i < received.size(); i++) {
        final long[] slot = free.poll();
        received.wrap(i, from);
        to.wrap(slot[0], from.capacity());
        to.putBytes(0, from, 0, from.capacity());
        slot[1] = from.capacity();
        queue.offer(slot);
      }
      long[] slot;
      while ((slot = queue.poll()) != null) {
        handler.onFrame(slot[0], (int) slot[1], 0, MarkSlots.NO_SLOT, 0, 0);
        free.offer(slot);
      }
      handler.onEndOfBatch();
    }

    void direct() {
      received.clear();
      wire.b().receive(received);
      for (int i = 0; i < received.size(); i++) {
        handler.onFrame(received.address(i), received.length(i), 0, MarkSlots.NO_SLOT, 0, 0);
      }
      handler.onEndOfBatch();
    }
  }

  /** One burst of 32 frames from the wire into the handler, through the chosen variant. */
  @Benchmark
  @OperationsPerInvocation(BURST)
  public void frames(final Pipeline pipeline) {
    pipeline.send();
    switch (pipeline.variant) {
      case "ABQ" -> pipeline.throughQueue();
      case "DIRECT" -> pipeline.direct();
      default -> pipeline.throughLanes();
    }
  }
}
