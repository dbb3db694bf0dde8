package io.vstack.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.vstack.config.VstackConfig;
import io.vstack.meter.CycleMeter;
import io.vstack.pcap.CaptureFormat;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ThroughStack}: grouping per burst, what reaches the stack, timeline, size bins. */
class ThroughStackTest {
  private static final VstackConfig CONFIG = VstackConfig.parse(OverlayTraces.CONFIG, "test.yaml");

  @TempDir Path dir;

  private static ThroughStack through(final int buckets) {
    return new ThroughStack(
        CONFIG.rules().get("uplink"),
        CONFIG.tenants(),
        0,
        buckets,
        null,
        CycleMeter.system(),
        "System.nanoTime");
  }

  @Test
  void shouldRunEachBurstTenantByTenantAndKeepRuleDroppedFramesFromTheStack() throws Exception {
    final long seed = new Random().nextLong();
    final OverlayTraces.Generated trace = OverlayTraces.generate(new Random(seed), 1000);
    final Path file = Traces.write(dir.resolve("t.pcap"), CaptureFormat.PCAP_NANOS, trace.frames());
    final List<int[]> calls = new ArrayList<>();
    final List<Integer> flushes = new ArrayList<>();
    try (StackPath fused = StackPaths.open(CONFIG);
        StackPath recording = new Recording(fused, calls, flushes)) {
      through(10).run(file, ThroughStack.scan(file, Long.MAX_VALUE), recording);
    }

    assertThat(calls)
        .as("seed %d: frames handed to the stack", seed)
        .hasSize((int) (1000 - trace.frames(OverlayTraces.Kind.RULE_DROPPED)));
    // Between two flushes (one group) every frame has the same tenant; blue and red come
    // MARKed by rules 0 and 1, green is classified by the stack (no rule marks it).
    int from = 0;
    for (final int to : flushes) {
      final List<int[]> group = calls.subList(from, to);
      assertThat(group).as("seed %d: a flush without frames", seed).isNotEmpty();
      for (final int[] call : group) {
        assertThat(call[0]).as("seed %d: calls %d..%d", seed, from, to).isEqualTo(group.get(0)[0]);
        assertThat(call[1]).isEqualTo(call[0] == 0 || call[0] == 1 ? call[0] : StackPath.NO_TENANT);
      }
      from = to;
    }
    assertThat(from).isEqualTo(calls.size());
    // 1000 frames in bursts of 32 with at most 4 groups (3 tenants + none) each.
    assertThat(flushes.size()).isBetween(1000 / ThroughStack.BURST, 4 * (1000 / 32 + 1));
  }

  @Test
  void shouldPutEachTenantsCyclesInTheBucketsOfItsFramesTraceTime() throws Exception {
    final Random random = new Random(3);
    final List<Traces.Frame> frames = new ArrayList<>();
    // Blue in the first half of a 99.75 ms trace, red in the second; in the file they alternate,
    // so every burst holds both (timestamps need not be in order).
    for (int k = 0; k < 200; k++) {
      for (final OverlayTraces.Kind kind :
          List.of(OverlayTraces.Kind.BLUE, OverlayTraces.Kind.RED)) {
        final long time = (kind == OverlayTraces.Kind.BLUE ? 0 : 50_000_000L) + k * 250_000L;
        frames.add(new Traces.Frame(OverlayTraces.frame(kind, 100, random), Traces.EPOCH + time));
      }
    }
    final Path file = Traces.write(dir.resolve("h.pcap"), CaptureFormat.PCAP_NANOS, frames);
    final StackReplay result;
    try (StackPath fused = StackPaths.open(CONFIG)) {
      result = through(100).run(file, ThroughStack.scan(file, Long.MAX_VALUE), fused);
    }
    final long[] blue = result.timeline().cycles()[0];
    final long[] red = result.timeline().cycles()[1];
    assertThat(result.timeline().bucketNanos()).isEqualTo(99_750_000 / 100.0);
    assertThat(Arrays.stream(blue, 50, 100).sum()).as("blue after 50 ms").isZero();
    assertThat(Arrays.stream(red, 0, 50).sum()).as("red before 50 ms").isZero();
    assertThat(Arrays.stream(blue).sum()).isEqualTo(result.tenants().get(0).cycles()).isPositive();
    assertThat(Arrays.stream(red).sum()).isEqualTo(result.tenants().get(1).cycles()).isPositive();
  }

  @Test
  void shouldNotAllocateMoreWhenMoreFramesRunThroughTheStack() throws Exception {
    final Path small =
        Traces.write(
            dir.resolve("s.pcap"),
            CaptureFormat.PCAP_NANOS,
            OverlayTraces.generate(new Random(1), 1_000).frames());
    final Path large =
        Traces.write(
            dir.resolve("l.pcap"),
            CaptureFormat.PCAP_NANOS,
            OverlayTraces.generate(new Random(2), 30_000).frames());
    allocated(large); // warm-up: compile the per-frame path
    final long few = allocated(small);
    final long many = allocated(large);
    assertThat(many - few)
        .as("bytes allocated for 29,000 more frames (1,000 frames: %d bytes)", few)
        .isLessThan(100_000);
  }

  private static long allocated(final Path trace) throws Exception {
    final var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    final ThroughStack through = through(100);
    final StackReplay.TraceSpan span = ThroughStack.scan(trace, Long.MAX_VALUE);
    try (StackPath fused = StackPaths.open(CONFIG)) {
      final long before = threads.getCurrentThreadAllocatedBytes();
      through.run(trace, span, fused);
      return threads.getCurrentThreadAllocatedBytes() - before;
    }
  }

  @Test
  void shouldCountEveryFrameOnceWhenFramesAreCutOrCorrupted() throws Exception {
    final long seed = new Random().nextLong();
    final Random random = new Random(seed);
    final List<Traces.Frame> frames = new ArrayList<>();
    for (final Traces.Frame frame : OverlayTraces.generate(random, 2000).frames()) {
      byte[] bytes = frame.bytes();
      switch (random.nextInt(3)) {
        case 0 -> bytes = Arrays.copyOf(bytes, random.nextInt(bytes.length + 1));
        case 1 -> bytes[random.nextInt(bytes.length)] ^= (byte) (1 << random.nextInt(8));
        default -> {}
      }
      frames.add(new Traces.Frame(bytes, frame.timestampNanos()));
    }
    final Path file = Traces.write(dir.resolve("bad.pcap"), CaptureFormat.PCAP_NANOS, frames);

    final StackReplay result;
    try (StackPath fused = StackPaths.open(CONFIG)) {
      result = through(10).run(file, ThroughStack.scan(file, Long.MAX_VALUE), fused);
    }

    assertThat(result.frames()).isEqualTo(2000);
    assertThat(result.tenants().stream().mapToLong(StackReplay.Row::packets).sum())
        .as("seed %d: every frame belongs to one row", seed)
        .isEqualTo(2000);
    assertThat(result.tenants().stream().mapToLong(StackReplay.Row::bytes).sum())
        .isEqualTo(frames.stream().mapToLong(f -> f.bytes().length).sum());
    for (final StackReplay.Row row : result.tenants()) {
      assertThat(row.dropped() + row.delivered())
          .as("seed %d: %s drops + delivered <= packets", seed, row.label())
          .isLessThanOrEqualTo(row.packets());
    }
    assertThat(result.tenants().stream().mapToLong(StackReplay.Row::dropped).sum())
        .as("seed %d: cut and corrupted frames are dropped for a reason", seed)
        .isPositive();
  }

  @Test
  void shouldBinFrameSizesAtTheRfc2819Bounds() {
    assertThat(ThroughStack.sizeBin(0)).isEqualTo(0);
    assertThat(ThroughStack.sizeBin(63)).isEqualTo(0);
    assertThat(ThroughStack.sizeBin(64)).isEqualTo(1);
    assertThat(ThroughStack.sizeBin(127)).isEqualTo(1);
    assertThat(ThroughStack.sizeBin(1518)).isEqualTo(5);
    assertThat(ThroughStack.sizeBin(1519)).isEqualTo(6);
    assertThat(ThroughStack.sizeBin(65535)).isEqualTo(6);
    final StackReplay.SizeHistogram h =
        new StackReplay.SizeHistogram(ThroughStack.SIZE_BOUNDS, new long[7]);
    assertThat(h.label(0)).isEqualTo("0-63");
    assertThat(h.label(5)).isEqualTo("1024-1518");
    assertThat(h.label(6)).isEqualTo("1519+");
  }

  /** Records (tenant of the frame, marked slot) per onFrame and the call count at each flush. */
  private record Recording(StackPath stack, List<int[]> calls, List<Integer> flushes)
      implements StackPath {
    @Override
    public String name() {
      return stack.name();
    }

    @Override
    public int tenantOf(final long address, final int length) {
      return stack.tenantOf(address, length);
    }

    @Override
    public int onFrame(final long address, final int length, final int markedSlot) {
      calls.add(new int[] {stack.tenantOf(address, length), markedSlot});
      return stack.onFrame(address, length, markedSlot);
    }

    @Override
    public void flush() {
      flushes.add(calls.size());
      stack.flush();
    }

    @Override
    public List<String> dropReasons() {
      return stack.dropReasons();
    }

    @Override
    public long drops(final int reason) {
      return stack.drops(reason);
    }

    @Override
    public long delivered(final int slot) {
      return stack.delivered(slot);
    }

    @Override
    public void close() {}
  }
}
