package io.vstack.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.vstack.pcap.CaptureFormat;
import io.vstack.port.DiscardPort;
import io.vstack.port.FrameBatch;
import io.vstack.port.Frames;
import io.vstack.port.MemoryPort;
import io.vstack.port.Port;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayerTest {
  @TempDir Path dir;

  @Test
  void shouldSkipCountAndReportFramesTooBigForThePortAndSendTheRest() throws Exception {
    final Random random = new Random(21);
    final List<Traces.Frame> frames = new ArrayList<>();
    for (final Traces.Frame f : Traces.frames(random, 60, 60, 1514, Traces.EPOCH, 1_000)) {
      frames.add(f);
      if (frames.size() % 6 == 0) {
        frames.add(Traces.frames(random, 1, 1515, 4000, f.timestampNanos(), 1).getFirst());
      }
    }
    final Path trace = Traces.write(dir.resolve("jumbo.pcapng"), CaptureFormat.PCAPNG, frames);
    final List<byte[]> fitting =
        frames.stream().map(Traces.Frame::bytes).filter(b -> b.length <= 1514).toList();
    try (MemoryPort.Pair wire = MemoryPort.pair("a", "b");
        FrameBatch batch = new FrameBatch(128, 2048)) {
      final ReplayResult result =
          new Replayer(trace, Pacing.topSpeed(), 2, Long.MAX_VALUE, null).run(wire.a());

      assertThat(frames.size() - fitting.size()).as("jumbo frames in the trace").isEqualTo(11);
      assertThat(result.framesTooBig()).isEqualTo(2 * 11);
      assertThat(result.framesSent()).isEqualTo(2 * 60);
      assertThat(result.framesFailed()).isZero();
      assertThat(result.passes()).isEqualTo(2);
      final List<byte[]> received = new ArrayList<>();
      int n;
      while ((n = wire.b().receive(batch)) > 0 || received.isEmpty()) {
        for (int i = 0; i < n; i++) {
          received.add(Frames.copy(batch, i));
        }
        batch.clear();
      }
      assertThat(received).hasSize(120);
      for (int i = 0; i < 120; i++) {
        assertThat(received.get(i)).as("frame %d", i).isEqualTo(fitting.get(i % 60));
      }
    }
  }

  @Test
  void shouldSendTheTraceInOrderUpToTheLimitWhenAtTopSpeedThePortTakesFewFramesPerCall()
      throws Exception {
    final List<Traces.Frame> frames = Traces.frames(new Random(8), 100, 60, 1514, Traces.EPOCH, 1);
    final Path trace = Traces.write(dir.resolve("t.pcap"), CaptureFormat.PCAP_NANOS, frames);
    final RecordingPort port = new RecordingPort(5);

    // 100 frames a pass in bursts of 32: the limit of 250 ends inside the third pass's 2nd burst.
    final ReplayResult result = new Replayer(trace, Pacing.topSpeed(), 3, 250, null).run(port);

    assertThat(result.framesSent()).isEqualTo(250);
    assertThat(result.passes()).isEqualTo(3);
    assertThat(port.calls).as("transmit calls taking at most 5 frames").isGreaterThanOrEqualTo(50);
    assertThat(port.sent).hasSize(250);
    for (int i = 0; i < 250; i++) {
      assertThat(port.sent.get(i)).as("frame %d", i).isEqualTo(frames.get(i % 100).bytes());
    }
  }

  @Test
  void shouldNotAllocateMoreWhenReplayingMoreFrames() throws Exception {
    final Path trace =
        Traces.write(
            dir.resolve("t.pcap"),
            CaptureFormat.PCAP_NANOS,
            Traces.frames(new Random(5), 1000, 60, 200, Traces.EPOCH, 1));
    final Port sink = new DiscardPort("discard", 1514);
    final Replayer warmUp =
        new Replayer(trace, Pacing.packetsPerSecond(1e9), 20, Long.MAX_VALUE, null);
    warmUp.run(sink);
    final long small =
        allocated(new Replayer(trace, Pacing.packetsPerSecond(1e9), 1, Long.MAX_VALUE, null), sink);
    final long large =
        allocated(
            new Replayer(trace, Pacing.packetsPerSecond(1e9), 100, Long.MAX_VALUE, null), sink);
    assertThat(large - small)
        .as("bytes allocated for 99,000 more paced frames (1 pass: %d bytes)", small)
        .isLessThan(50_000);
    assertThat(sink.counters().txFrames()).isEqualTo(20_000 + 1_000 + 100_000);
  }

  private static long allocated(final Replayer replayer, final Port sink) throws Exception {
    final var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    final long before = threads.getCurrentThreadAllocatedBytes();
    replayer.run(sink);
    return threads.getCurrentThreadAllocatedBytes() - before;
  }

  /** Takes at most {@code perCall} frames a call and keeps a copy of each. */
  private static final class RecordingPort extends DiscardPort {
    private final int perCall;
    final List<byte[]> sent = new ArrayList<>();
    int calls;

    RecordingPort(final int perCall) {
      super("recording", 1514);
      this.perCall = perCall;
    }

    @Override
    public int transmit(final FrameBatch batch) {
      calls++;
      final int taken = Math.min(perCall, batch.size());
      for (int i = 0; i < taken; i++) {
        sent.add(Frames.copy(batch, i));
        counters().onTransmit(batch.length(i));
      }
      return taken;
    }
  }
}
