package io.vstack.bench;

import io.vstack.dpdk.DpdkPort;
import io.vstack.dpdk.Eal;
import io.vstack.dpdk.EthDev;
import io.vstack.dpdk.Mempool;
import io.vstack.lane.FrameSource;
import io.vstack.lane.LaneHandler;
import io.vstack.lane.Lanes;
import io.vstack.lane.LanesContext;
import io.vstack.lane.ThreadingMode;
import io.vstack.port.DelegatingPort;
import io.vstack.port.FrameBatch;
import io.vstack.port.ReceivedBuffers;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What a frame costs from a {@link DpdkPort} (DPDK's net_null0: 64 B frames, rx allocates mbufs)
 * through one lane into a handler that reads each frame's first 8 bytes, on ONE thread ({@link
 * ThreadingMode#SHARED}, agent invoker), by how the burst's frames are kept valid for the lanes:
 *
 * <ul>
 *   <li>{@code HAND_OVER}: {@code FrameSource.of(port)}: the burst's mbufs move with the pool batch
 *       (zero-copy) and the lane that finishes the batch frees them ({@code freeReceived}).
 *   <li>{@code COPY}: the same port seen as one that cannot hand over: {@code FrameSource.of}
 *       copies each frame into the pool batch; the port frees the mbufs at its next receive.
 *   <li>{@code LENT} (baseline, the behaviour before hand-over): frames point into mbufs the port
 *       frees at its next receive. Use-after-free with lanes on their own threads; safe only here,
 *       where the lane finishes each batch before the dispatcher polls again.
 * </ul>
 *
 * One operation = one frame (bursts of 32). JMH settings: {@link BenchmarkDefaults}.
 */
public class DpdkLaneBenchmark extends BenchmarkDefaults {
  static final int BURST = 32;

  /** Reads the first 8 bytes of every frame, so a frame's memory is touched where it lives. */
  static final class ReadingHandler implements LaneHandler {
    long frames;
    long sum;

    @Override
    public void onFrame(
        final long address,
        final int length,
        final int tenant,
        final int markedSlot,
        final int flowHash,
        final int source) {
      sum += MemorySegment.NULL.reinterpret(address + 8).get(ValueLayout.JAVA_LONG, address);
      frames++;
    }

    @Override
    public void onEndOfBatch() {}
  }

  /** One variant's lanes on net_null0. */
  @State(Scope.Thread)
  public static class Pipeline {
    @Param({"HAND_OVER", "COPY", "LENT"})
    public String variant;

    Mempool pool;
    DpdkPort port;
    Lanes lanes;
    final ReadingHandler handler = new ReadingHandler();
    long target;

    @Setup(Level.Trial)
    public void setUp() {
      Eal.start(Eal.vdevArguments(List.of("net_null0")));
      final EthDev dev = EthDev.byName("net_null0");
      pool = Mempool.create("vdl-bench", 8191, 0, Mempool.DEFAULT_DATA_ROOM);
      dev.configure(1, 1, 0);
      dev.rxQueueSetup(0, 1024, pool);
      dev.txQueueSetup(0, 1024);
      dev.start();
      port = new DpdkPort(dev, 0, pool);
      final FrameSource source =
          switch (variant) {
            case "HAND_OVER" -> FrameSource.of(port);
            case "COPY" ->
                FrameSource.of(
                    new DelegatingPort(port) {
                      @Override
                      public boolean canHandOverReceived() {
                        return false;
                      }
                    });
            case "LENT" ->
                new FrameSource() {
                  @Override
                  public int poll(final FrameBatch batch) {
                    return port.receive(batch);
                  }

                  @Override
                  public int poll(final FrameBatch batch, final ReceivedBuffers received) {
                    return port.receive(batch);
                  }
                };
            default -> throw new IllegalArgumentException("variant: " + variant);
          };
      lanes =
          Lanes.launch(
              new LanesContext()
                  .threadingMode(ThreadingMode.SHARED)
                  .useAgentInvoker(true)
                  .laneCount(1)
                  .elastic(false)
                  .framesPerBatch(BURST)
                  .source(source)
                  .flowKeyExtractor((frame, length, key) -> false)
                  .handlerFactory((lane, slowPath) -> handler));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      lanes.close();
      port.close();
    }
  }

  /**
   * Runs duty cycles until 32 more frames were handled.
   *
   * @return the handler's checksum of what it read (consumed by JMH)
   */
  @Benchmark
  @OperationsPerInvocation(BURST)
  public long frames(final Pipeline pipeline) {
    final ReadingHandler handler = pipeline.handler;
    pipeline.target += BURST;
    while (handler.frames < pipeline.target) {
      pipeline.lanes.invoke();
    }
    return handler.sum;
  }
}
