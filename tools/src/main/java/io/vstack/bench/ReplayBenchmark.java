package io.vstack.bench;

import io.vstack.pcap.CaptureFormat;
import io.vstack.pcap.CaptureFormatException;
import io.vstack.pcap.CaptureWriter;
import io.vstack.port.DiscardPort;
import io.vstack.port.FrameBatch;
import io.vstack.port.Port;
import io.vstack.replay.Pacing;
import io.vstack.replay.ReplayResult;
import io.vstack.replay.Replayer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What {@code vstack replay --topspeed} itself spends per frame, the kernel left out: a {@link
 * Replayer} sends a preloaded trace of {@value #FRAMES} frames of 64 B, {@value #PASSES} passes,
 * into a {@link DiscardPort}, which takes every frame and only reads its length. Against {@code
 * burstLoopBaseline}: the same frames handed to the same port in bursts of {@value Replayer#BURST}
 * by the simplest loop, the floor for any replayer built on {@link Port#transmit}. Both with the
 * default tiered JIT and with C1 only ({@code -XX:TieredStopAtLevel=1}, what bin/vstack runs {@code
 * replay} with). The score is ns per frame ({@link OperationsPerInvocation}); the replay's includes
 * loading the trace once per {@value #PASSES} passes. The kernel's share per frame on a veth is
 * ~450 ns of CPU (see docs/BENCHMARKS.md, "Trace replay"), so a few ns here cannot move the ratio
 * against tcpreplay.
 *
 * <p>Run: {@code java -cp tools/target/vstack.jar org.openjdk.jmh.Main ReplayBenchmark}.
 */
public class ReplayBenchmark extends BenchmarkDefaults {
  static final int FRAMES = 2_000;
  static final int PASSES = 100;
  static final int FRAME_LENGTH = 64;

  /** The trace on disk (for the replayer) and in memory (for the baseline). */
  @State(Scope.Benchmark)
  public static class Trace {
    Path file;
    FrameBatch frames;
    final DiscardPort port = new DiscardPort("discard", 1514);

    @Setup
    public void setUp() throws IOException {
      file = Files.createTempFile("vstack-replay-bench", ".pcap");
      frames = new FrameBatch(FRAMES, FRAME_LENGTH);
      final UnsafeBuffer frame = new UnsafeBuffer(new byte[FRAME_LENGTH]);
      try (CaptureWriter writer = CaptureWriter.create(file, CaptureFormat.PCAP_NANOS)) {
        for (int i = 0; i < FRAMES; i++) {
          frame.putByte(0, (byte) 0x02); // to 02:00:00:00:00:02, a MAC nobody has
          frame.putByte(5, (byte) 0x02);
          frame.putByte(6, (byte) 0x02); // from 02:00:00:00:00:01
          frame.putByte(11, (byte) 0x01);
          frame.putByte(12, (byte) 0x88); // EtherType 0x88B5, local experimental
          frame.putByte(13, (byte) 0xB5);
          frame.putInt(14, i);
          writer.write(frame, 0, FRAME_LENGTH, 1_700_000_000_000_000_000L + i * 10_000L);
          frames.add(frame, 0, FRAME_LENGTH);
        }
      }
    }

    @TearDown
    public void tearDown() throws IOException {
      frames.close();
      Files.deleteIfExists(file);
    }
  }

  /** The replayer, top speed, into the sink. */
  @Benchmark
  @OperationsPerInvocation(FRAMES * PASSES)
  public long replay(final Trace trace) throws IOException, CaptureFormatException {
    return replayOnce(trace);
  }

  /** {@link #replay} compiled by C1 only. */
  @Benchmark
  @OperationsPerInvocation(FRAMES * PASSES)
  @Fork(jvmArgsPrepend = "-XX:TieredStopAtLevel=1")
  public long replayC1(final Trace trace) throws IOException, CaptureFormatException {
    return replayOnce(trace);
  }

  /** The floor: the preloaded frames to the port in bursts, nothing else. */
  @Benchmark
  @OperationsPerInvocation(FRAMES * PASSES)
  public long burstLoopBaseline(final Trace trace, final Burst burst) {
    return burstLoop(trace, burst.batch);
  }

  /** {@link #burstLoopBaseline} compiled by C1 only. */
  @Benchmark
  @OperationsPerInvocation(FRAMES * PASSES)
  @Fork(jvmArgsPrepend = "-XX:TieredStopAtLevel=1")
  public long burstLoopBaselineC1(final Trace trace, final Burst burst) {
    return burstLoop(trace, burst.batch);
  }

  /** The baseline's reusable burst. */
  @State(Scope.Thread)
  public static class Burst {
    FrameBatch batch;

    @Setup
    public void setUp() {
      batch = new FrameBatch(Replayer.BURST, FRAME_LENGTH);
    }

    @TearDown
    public void tearDown() {
      batch.close();
    }
  }

  private static long replayOnce(final Trace trace) throws IOException, CaptureFormatException {
    final ReplayResult result =
        new Replayer(trace.file, Pacing.topSpeed(), PASSES, Long.MAX_VALUE, null).run(trace.port);
    if (result.framesSent() != (long) FRAMES * PASSES) {
      throw new IllegalStateException("sent " + result.framesSent() + " frames");
    }
    return result.bytesSent();
  }

  private static long burstLoop(final Trace trace, final FrameBatch batch) {
    final FrameBatch frames = trace.frames;
    for (int pass = 0; pass < PASSES; pass++) {
      for (int i = 0; i < FRAMES; ) {
        batch.clear();
        while (i < FRAMES && !batch.isFull()) {
          batch.addExternal(frames.address(i), frames.length(i));
          i++;
        }
        trace.port.transmit(batch);
      }
    }
    return trace.port.counters().txBytes();
  }
}
