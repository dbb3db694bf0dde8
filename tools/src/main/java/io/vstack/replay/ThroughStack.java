package io.vstack.replay;

import io.vstack.flow.FlowAction;
import io.vstack.flow.FlowDirection;
import io.vstack.flow.FlowRule;
import io.vstack.flow.match.FlowMatcher;
import io.vstack.flow.match.MatchResult;
import io.vstack.flow.syntax.FlowSyntax;
import io.vstack.meter.CycleMeter;
import io.vstack.pcap.CaptureFormatException;
import io.vstack.pcap.CaptureReader;
import io.vstack.port.FrameBatch;
import io.vstack.tenant.TenantRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.agrona.DirectBuffer;

/**
 * Feeds a trace through the stack as a software NIC would: frames are read in bursts of {@link
 * #BURST}; each frame first meets the port's flow rules in the software matcher (per-rule hits; a
 * deciding DROP rule drops it before the stack; a MARK of a tenant id tags it with that tenant);
 * then every burst is grouped by tenant (the MARK, else {@link StackPath#tenantOf}) and each group
 * runs through {@link StackPath#onFrame} and {@link StackPath#flush} under a {@link CycleMeter},
 * whose cycles are charged to the group's tenant and spread over the trace-time buckets of its
 * frames. A frame belongs to its group's tenant: its packets, bytes, cycles and the drops the stack
 * counted while the group ran are that tenant's.
 *
 * <p>The matcher stands for the NIC, so its work is not metered; neither is the grouping. Nothing
 * is allocated per frame.
 */
public final class ThroughStack {
  /** Frames per burst, as a NIC receive burst. */
  public static final int BURST = 32;

  /** Time buckets of the timeline unless chosen. */
  public static final int DEFAULT_BUCKETS = 100;

  /** Lower bounds of the size histogram's bins (RFC 2819 etherStats ranges, without the FCS). */
  static final int[] SIZE_BOUNDS = {0, 64, 128, 256, 512, 1024, 1519};

  /** The drop reason of frames a deciding DROP rule dropped before the stack. */
  public static final String RULE_DROP = "flow_rule_drop";

  private final List<FlowRule> rules;
  private final TenantRegistry registry;
  private final int portId;
  private final int buckets;
  private final Replayer.Progress progress;
  private final CycleMeter meter;
  private final String clock;

  /**
   * @param rules the port's rules in creation order (ingress ones take part)
   * @param registry the tenants; MARK ids are tenant ids
   * @param portId the port id frames arrive on (for port_id items)
   * @param buckets time buckets of the timeline, at least 1
   * @param progress called about every 250 ms, or null
   * @param meter measures each group (read on the running thread)
   * @param clock what the meter reads, for the report (e.g. "System.nanoTime")
   * @throws IllegalArgumentException for a rule the matcher cannot compile
   */
  public ThroughStack(
      final List<FlowRule> rules,
      final TenantRegistry registry,
      final int portId,
      final int buckets,
      final Replayer.Progress progress,
      final CycleMeter meter,
      final String clock) {
    if (buckets < 1) {
      throw new IllegalArgumentException("buckets must be at least 1: " + buckets);
    }
    this.rules = List.copyOf(rules);
    this.registry = registry;
    this.portId = portId;
    this.buckets = buckets;
    this.progress = progress;
    this.meter = meter;
    this.clock = clock;
    FlowMatcher.compile(this.rules, FlowDirection.INGRESS);
  }

  /** Reads the trace once: frames (at most {@code limit}) and the first and last timestamp. */
  public static StackReplay.TraceSpan scan(final Path trace, final long limit)
      throws IOException, CaptureFormatException {
    long frames = 0;
    long first = 0;
    long last = 0;
    try (CaptureReader reader = CaptureReader.open(trace)) {
      while (frames < limit && reader.next()) {
        final long t = reader.timestampNanos();
        first = frames == 0 ? t : Math.min(first, t);
        last = frames == 0 ? t : Math.max(last, t);
        frames++;
      }
    }
    return new StackReplay.TraceSpan(frames, first, last);
  }

  /** Runs the first {@code span.frames()} frames of {@code trace} through {@code stack}. */
  public StackReplay run(final Path trace, final StackReplay.TraceSpan span, final StackPath stack)
      throws IOException, CaptureFormatException {
    return new Run(span, stack).run(trace);
  }

  /** The state of one run; per-frame arrays are sized once. */
  private final class Run {
    private final StackReplay.TraceSpan span;
    private final StackPath stack;
    private final FlowMatcher matcher = FlowMatcher.compile(rules, FlowDirection.INGRESS);
    private final boolean[] ruleDrops = new boolean[rules.size()];
    private final int rows = registry.size() + 1;
    private final long[] packets = new long[rows];
    private final long[] bytes = new long[rows];
    private final long[] cycles = new long[rows];
    private final long[] droppedByRule = new long[rows];
    private final long[] delivered = new long[rows];
    private final long[][] drops;
    private final long[] dropsSeen;
    private final long[][] timeline = new long[rows][buckets];
    private final long[] sizes = new long[SIZE_BOUNDS.length];
    private final byte[] scratch = new byte[CaptureReader.MAX_PACKET_LENGTH];
    private final int[] marked = new int[BURST];
    private final int[] slot = new int[BURST];
    private final int[] bucket = new int[BURST];
    private final boolean[] dropped = new boolean[BURST];
    private final boolean[] done = new boolean[BURST];
    private final int[] group = new int[BURST];
    private final double bucketsPerNano;
    private long frames;
    private long frameBytes;

    Run(final StackReplay.TraceSpan span, final StackPath stack) {
      this.span = span;
      this.stack = stack;
      for (int r = 0; r < rules.size(); r++) {
        for (final FlowAction action : rules.get(r).actions()) {
          ruleDrops[r] |= action instanceof FlowAction.Drop;
        }
      }
      this.bucketsPerNano = buckets / (double) Math.max(1, span.durationNanos());
      this.drops = new long[rows][stack.dropReasons().size()];
      this.dropsSeen = new long[stack.dropReasons().size()];
      for (int r = 0; r < dropsSeen.length; r++) {
        dropsSeen[r] = stack.drops(r);
      }
    }

    StackReplay run(final Path trace) throws IOException, CaptureFormatException {
      final long began = System.nanoTime();
      long lastProgress = began;
      try (CaptureReader reader = CaptureReader.open(trace);
          FrameBatch burst = new FrameBatch(BURST, CaptureReader.MAX_PACKET_LENGTH)) {
        while (frames < span.frames()) {
          burst.clear();
          int n = 0;
          while (n < BURST && frames < span.frames() && reader.next()) {
            read(reader, burst, n++);
          }
          if (n == 0) {
            break;
          }
          process(burst, n);
          final long now = System.nanoTime();
          if (progress != null && now - lastProgress > Replayer.PROGRESS_INTERVAL_NANOS) {
            progress.update(frames, frameBytes, now - began);
            lastProgress = now;
          }
        }
      }
      return result(System.nanoTime() - began);
    }

    private void read(final CaptureReader reader, final FrameBatch burst, final int i) {
      final DirectBuffer packet = reader.packet();
      final int length = reader.capturedLength();
      burst.add(packet, 0, length);
      frames++;
      frameBytes += length;
      sizes[sizeBin(length)]++;
      final long t = reader.timestampNanos() - span.firstNanos();
      bucket[i] = (int) Math.min(buckets - 1, Math.max(0, (long) (t * bucketsPerNano)));
      final MatchResult match;
      if (packet.byteArray() != null) {
        match =
            matcher.match(
                packet.byteArray(),
                (int) packet.wrapAdjustment(),
                length,
                FlowMatcher.NO_MARK,
                FlowMatcher.NO_META,
                portId);
      } else {
        packet.getBytes(0, scratch, 0, length);
        match = matcher.match(scratch, 0, length, FlowMatcher.NO_MARK, FlowMatcher.NO_META, portId);
      }
      final int rule = match.ruleIndex();
      dropped[i] = rule >= 0 && ruleDrops[rule];
      final long mark = match.mark();
      final int markedSlot =
          mark >= 0 && mark <= 0xFFFF ? registry.slotOfId((int) mark) : TenantRegistry.NO_SLOT;
      marked[i] = markedSlot == TenantRegistry.NO_SLOT ? StackPath.NO_TENANT : markedSlot;
    }

    private void process(final FrameBatch burst, final int n) {
      for (int i = 0; i < n; i++) {
        slot[i] =
            marked[i] != StackPath.NO_TENANT
                ? marked[i]
                : stack.tenantOf(burst.address(i), burst.length(i));
        done[i] = dropped[i];
        if (dropped[i]) {
          count(slot[i], burst.length(i));
          droppedByRule[slot[i] + 1]++;
        }
      }
      for (int i = 0; i < n; i++) {
        if (!done[i]) {
          runGroup(burst, n, i);
        }
      }
    }

    /** Runs every frame of the burst from {@code first} on that has frame first's tenant. */
    private void runGroup(final FrameBatch burst, final int n, final int first) {
      final int tenant = slot[first];
      int size = 0;
      final long start = meter.start();
      for (int j = first; j < n; j++) {
        if (!done[j] && slot[j] == tenant) {
          stack.onFrame(burst.address(j), burst.length(j), marked[j]);
          done[j] = true;
          group[size++] = j;
        }
      }
      stack.flush();
      final long spent = meter.elapsed(start);
      final int row = tenant + 1;
      cycles[row] += spent;
      final long share = spent / size;
      for (int k = 0; k < size; k++) {
        final int j = group[k];
        timeline[row][bucket[j]] += k == size - 1 ? spent - share * (size - 1) : share;
        count(tenant, burst.length(j));
      }
      // Drops are counted by the stack over all tenants: the change is this group's.
      for (int r = 0; r < dropsSeen.length; r++) {
        final long now = stack.drops(r);
        drops[row][r] += now - dropsSeen[r];
        dropsSeen[r] = now;
      }
    }

    private void count(final int tenant, final int length) {
      packets[tenant + 1]++;
      bytes[tenant + 1] += length;
    }

    private StackReplay result(final long wallNanos) {
      final List<String> reasons = stack.dropReasons();
      for (int s = 0; s < rows - 1; s++) {
        delivered[s + 1] = stack.delivered(s);
      }
      final List<StackReplay.Row> tenants = new ArrayList<>();
      final long[][] series = new long[rows][];
      for (int s = 0; s < rows; s++) {
        final int tenant = s < rows - 1 ? s : StackPath.NO_TENANT;
        final Map<String, Long> byReason = new LinkedHashMap<>();
        if (droppedByRule[tenant + 1] > 0) {
          byReason.put(RULE_DROP, droppedByRule[tenant + 1]);
        }
        for (int r = 0; r < reasons.size(); r++) {
          final long count = drops[tenant + 1][r];
          if (count > 0) {
            byReason.merge(reasons.get(r), count, Long::sum);
          }
        }
        tenants.add(
            new StackReplay.Row(
                tenant == StackPath.NO_TENANT ? null : registry.tenant(tenant).name(),
                packets[tenant + 1],
                bytes[tenant + 1],
                delivered[tenant + 1],
                cycles[tenant + 1],
                byReason));
        series[s] = timeline[tenant + 1];
      }
      final List<StackReplay.RuleHits> hits = new ArrayList<>();
      for (int r = 0; r < rules.size(); r++) {
        hits.add(
            new StackReplay.RuleHits(
                r, FlowSyntax.print(rules.get(r)), matcher.hits(r), matcher.bytes(r)));
      }
      return new StackReplay(
          stack.name(),
          frames,
          frameBytes,
          new StackReplay.TraceSpan(frames, span.firstNanos(), span.lastNanos()),
          wallNanos,
          clock,
          meter.calibration().cyclesPerNano(),
          tenants,
          hits,
          new StackReplay.Timeline(
              span.firstNanos(), span.durationNanos() / (double) buckets, series),
          new StackReplay.SizeHistogram(SIZE_BOUNDS.clone(), sizes));
    }
  }

  static int sizeBin(final int length) {
    int bin = SIZE_BOUNDS.length - 1;
    while (length < SIZE_BOUNDS[bin]) {
      bin--;
    }
    return bin;
  }
}
