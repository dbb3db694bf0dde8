package io.vstack.bench;

import io.vstack.lane.FrameSource;
import io.vstack.lane.IdleMode;
import io.vstack.lane.LaneHandler;
import io.vstack.lane.Lanes;
import io.vstack.lane.LanesContext;
import io.vstack.lane.MarkSlots;
import io.vstack.lane.ThreadingMode;
import io.vstack.port.FrameBatch;
import io.vstack.port.MemoryPort;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Frames per second from a {@link MemoryPort} through the lane machinery into a handler, against
 * the same handler fed through an {@link ArrayBlockingQueue}. The {@link LaneWorkload} decides
 * frames and handler: {@code SYNTHETIC} (64 B frames into {@link io.vstack.loadgen.SyntheticSink},
 * per-flow sequence check) or {@code FUSED} (VXLAN TCP data segments of established connections
 * into the fused fast path, {@link FusedWorkload}; the trial fails unless every segment was taken
 * in order).
 *
 * <ul>
 *   <li>{@code LANES_1}, {@code LANES_2}: {@link ThreadingMode#DEDICATED} lanes pinned to CPUs,
 *       plus the dispatcher thread (software RSS) that reads the port.
 *   <li>{@code ABQ}: baseline with the same thread count as {@code LANES_1}: a reader thread
 *       receives from the port, copies each frame into a pooled off-heap slot and {@code put}s it
 *       on an {@code ArrayBlockingQueue(1024)}; a consumer thread {@code take}s, calls the handler
 *       ({@code onEndOfBatch} when the queue is empty) and returns the slots.
 *   <li>{@code SHARED_1}: one lane in {@link ThreadingMode#SHARED} mode: dispatcher and lane on one
 *       thread, so the ring hand-off costs no cross-core traffic.
 *   <li>{@code DIRECT}: the floor: one thread receives and calls the handler, no hand-off.
 * </ul>
 *
 * The benchmark thread is the traffic generator: it writes 32 frames (fresh flow id and sequence
 * number each) onto the wire whenever the wire has room, so in steady state the measured rate is
 * the rate the pipeline drains the wire. One operation = one frame.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Threads(1)
public class LaneBenchmark extends BenchmarkDefaults {
  static final int BURST = LaneWorkload.BURST;
  static final int SLOTS = 4096;

  /** The pipeline under test, its wire and the generator's state. */
  @State(Scope.Benchmark)
  public static class Pipeline {
    @Param({"LANES_1", "LANES_2", "SHARED_1", "ABQ", "DIRECT"})
    public String variant;

    @Param({"BUSY_SPIN", "BACKOFF_PARK"})
    public String idle;

    @Param({"SYNTHETIC", "FUSED"})
    public String workload;

    MemoryPort.Pair wire;
    LaneWorkload frames;
    Lanes lanes;
    QueueBaseline baseline;
    DirectFloor direct;

    @Setup(Level.Trial)
    public void setUp() {
      wire = MemoryPort.pair("gen", "bench", SLOTS, 256);
      frames = LaneWorkload.of(workload, variant.equals("LANES_2") ? 2 : 1, wire);
      if (variant.equals("ABQ")) {
        baseline = new QueueBaseline(wire.b(), frames.handler());
      } else if (variant.equals("DIRECT")) {
        direct = new DirectFloor(wire.b(), frames.handler());
      } else {
        lanes =
            Lanes.launch(
                new LanesContext()
                    .threadingMode(
                        variant.startsWith("SHARED")
                            ? ThreadingMode.SHARED
                            : ThreadingMode.DEDICATED)
                    .idleMode(IdleMode.valueOf(idle))
                    .laneCount(variant.equals("LANES_2") ? 2 : 1)
                    .hashSeed(frames.hashSeed())
                    .source(FrameSource.of(wire.b()))
                    .flowKeyExtractor(frames.flowKeys())
                    .handlerFactory(frames.handlers()));
      }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      // let the pipeline take everything still on the wire, so verify() sees every frame sent
      final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (wire.b().pending() > 0 && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      if (lanes != null) {
        lanes.close();
      }
      if (baseline != null) {
        baseline.close();
      }
      if (direct != null) {
        direct.close();
      }
      try {
        frames.verify();
      } finally {
        frames.close();
        wire.close();
      }
    }

    /**
     * Rewrites the burst with the next flow ids and sequence numbers and sends it when there is
     * room.
     */
    void sendBurst() {
      while (wire.b().pending() > SLOTS - BURST) {
        Thread.onSpinWait();
      }
      wire.a().transmit(frames.nextBurst());
    }
  }

  @Benchmark
  @OperationsPerInvocation(BURST)
  public void frames(final Pipeline pipeline) {
    pipeline.sendBurst();
  }

  /** The floor: one thread receives from the port and calls the handler, no hand-off at all. */
  static final class DirectFloor implements AutoCloseable {
    private final Thread thread;
    private volatile boolean running = true;

    DirectFloor(final MemoryPort port, final LaneHandler handler) {
      thread =
          new Thread(
              () -> {
                try (FrameBatch batch = new FrameBatch()) {
                  while (running) {
                    batch.clear();
                    if (port.receive(batch) == 0) {
                      Thread.onSpinWait();
                      continue;
                    }
                    for (int i = 0; i < batch.size(); i++) {
                      handler.onFrame(
                          batch.address(i), batch.length(i), 0, MarkSlots.NO_SLOT, 0, 0);
                    }
                    handler.onEndOfBatch();
                  }
                }
              },
              "direct-floor");
      thread.start();
    }

    @Override
    public void close() {
      running = false;
      try {
        thread.join(10_000);
      } catch (final InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** The baseline: reader thread → ArrayBlockingQueue → consumer thread → same handler. */
  static final class QueueBaseline implements AutoCloseable {
    private static final int QUEUE = 1024;

    private final Arena arena = Arena.ofShared();
    private final ArrayBlockingQueue<Slot> queue = new ArrayBlockingQueue<>(QUEUE);
    private final ArrayBlockingQueue<Slot> free = new ArrayBlockingQueue<>(QUEUE);
    private final Slot stop = new Slot(0);
    private final Thread reader;
    private final Thread consumer;
    private volatile boolean running = true;

    QueueBaseline(final MemoryPort port, final LaneHandler handler) {
      final MemorySegment memory = arena.allocate((long) QUEUE * 256, 64);
      for (int i = 0; i < QUEUE; i++) {
        free.add(new Slot(memory.address() + i * 256L));
      }
      reader = new Thread(() -> read(port), "abq-reader");
      consumer = new Thread(() -> consume(handler), "abq-consumer");
      reader.start();
      consumer.start();
    }

    private void read(final MemoryPort port) {
      final UnsafeBuffer from = new UnsafeBuffer(0, 0);
      final UnsafeBuffer to = new UnsafeBuffer(0, 0);
      try (FrameBatch batch = new FrameBatch()) {
        while (running) {
          batch.clear();
          if (port.receive(batch) == 0) {
            Thread.onSpinWait();
            continue;
          }
          for (int i = 0; i < batch.size(); i++) {
            final Slot slot = free.take();
            batch.wrap(i, from);
            to.wrap(slot.address, from.capacity());
            to.putBytes(0, from, 0, from.capacity());
            slot.length = from.capacity();
            queue.put(slot);
          }
        }
        queue.put(stop);
      } catch (final InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    private void consume(final LaneHandler handler) {
      final List<Slot> done = new ArrayList<>(QUEUE);
      try {
        while (true) {
          final Slot slot = queue.take();
          if (slot == stop) {
            return;
          }
          handler.onFrame(slot.address, slot.length, 0, MarkSlots.NO_SLOT, 0, 0);
          done.add(slot);
          if (queue.isEmpty() || done.size() == QUEUE) {
            handler.onEndOfBatch();
            free.addAll(done);
            done.clear();
          }
        }
      } catch (final InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    @Override
    public void close() {
      running = false;
      try {
        reader.join(10_000);
        consumer.join(10_000);
      } catch (final InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      arena.close();
    }

    /** A pooled frame buffer. */
    private static final class Slot {
      final long address;
      int length;

      Slot(final long address) {
        this.address = address;
      }
    }
  }
}
