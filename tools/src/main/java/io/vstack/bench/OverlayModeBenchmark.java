package io.vstack.bench;

import io.vstack.mode.StackMode;
import io.vstack.mode.StreamWorkload;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.SystemNanoClock;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The three {@link StackMode}s on the same workload ({@link StreamWorkload}: two hosts on a memory
 * wire, one thread, {@code connections} connections streaming {@code messageBytes}-byte writes one
 * way). One operation is one round (duty cycle of both hosts plus the application); the auxiliary
 * counter {@code packets} is the frames that crossed the wire, so JMH reports packets/s of the
 * thread: ns per packet = 10^9 / that. Compare the modes' rates within one run: {@code
 * UNVIRTUALIZED} is the baseline.
 *
 * <p>Every parameter combination (mode, message size) runs in its own forked JVM ({@code @Fork(1)}
 * from {@link BenchmarkDefaults}; {@code -f N} for N forks each), so the code the modes share is
 * compiled with one mode's profile. Always run it with {@code -f 1} or more: {@code -f 0} runs all
 * modes in JMH's own JVM, one after the other, and the later modes then run code compiled for the
 * earlier ones (megamorphic segment sinks and port calls), which skews the comparison.
 *
 * <p>Run: {@code java -cp tools/target/vstack.jar org.openjdk.jmh.Main OverlayModeBenchmark -f 3}
 * (see docs/BENCHMARKS.md, "Overlay modes"); {@code vstack bench overlay} measures CPU time instead
 * of wall time, in forks too.
 */
public class OverlayModeBenchmark extends BenchmarkDefaults {

  /** Two established hosts of one mode. */
  @State(Scope.Thread)
  public static class Hosts {
    @Param({"FUSED", "LAYERED", "UNVIRTUALIZED"})
    public StackMode mode;

    @Param({"16"})
    public int connections;

    /** 64: one small segment per write; 16384: MSS-sized segments. */
    @Param({"64", "16384"})
    public int messageBytes;

    StreamWorkload workload;

    @Setup(Level.Trial)
    public void setUp() {
      final StreamWorkload.Shape shape =
          messageBytes == 64
              ? StreamWorkload.Shape.small(2, connections)
              : new StreamWorkload.Shape(2, connections, messageBytes, 4 * messageBytes);
      workload = new StreamWorkload(mode, shape, SystemNanoClock.INSTANCE, false).establish();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      workload.close();
    }
  }

  /** Frames that crossed the wire, reported by JMH as a rate (packets/s). */
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  @State(Scope.Thread)
  public static class Packets {
    public long packets;

    @Setup(Level.Iteration)
    public void reset() {
      packets = 0;
    }
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public void round(final Hosts hosts, final Packets packets) {
    final long before = hosts.workload.framesCrossed();
    hosts.workload.round();
    packets.packets += hosts.workload.framesCrossed() - before;
  }
}
