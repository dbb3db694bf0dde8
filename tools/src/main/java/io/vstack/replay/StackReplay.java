package io.vstack.replay;

import java.util.List;
import java.util.Map;

/**
 * What {@link ThroughStack} measured feeding a trace through a {@link StackPath}.
 *
 * @param stack what ran ({@link StackPath#name()})
 * @param frames frames read from the trace
 * @param bytes their captured bytes
 * @param trace the trace's time span (first and last timestamp)
 * @param wallNanos wall-clock time of the whole run
 * @param clock what the cycle meter read ("System.nanoTime", "thread CPU time")
 * @param cyclesPerNano the meter's calibration (GHz): cycles = nanoseconds x this
 * @param tenants one row per tenant slot in registry order, then the row of frames charged to no
 *     tenant ({@link Row#name()} null)
 * @param rules per flow rule of the port, in creation order
 * @param timeline per row, cycles per time bucket of trace time
 * @param sizes frame size distribution of the whole trace
 */
public record StackReplay(
    String stack,
    long frames,
    long bytes,
    TraceSpan trace,
    long wallNanos,
    String clock,
    double cyclesPerNano,
    List<Row> tenants,
    List<RuleHits> rules,
    Timeline timeline,
    SizeHistogram sizes) {
  /** What reports call the row of frames charged to no tenant. */
  public static final String NO_TENANT_LABEL = "(no tenant)";

  /**
   * One tenant's totals.
   *
   * @param name the tenant's name, or null for frames charged to no tenant
   * @param packets frames of the tenant (its MARK or outer VNI), delivered or dropped
   * @param bytes their captured bytes
   * @param delivered inner packets the stack handed to the tenant
   * @param cycles measured cycles of the stack's work on them
   * @param drops frames dropped, by reason (only reasons that occurred), in the stack's order
   */
  public record Row(
      String name, long packets, long bytes, long delivered, long cycles, Map<String, Long> drops) {
    /** Measured nanoseconds per packet with the given calibration, 0 without packets. */
    public double nanosPerPacket(final double cyclesPerNano) {
      return packets == 0 ? 0 : cycles / cyclesPerNano / packets;
    }

    /** The name, or "(no tenant)" for the row of frames charged to no tenant. */
    public String label() {
      return name == null ? NO_TENANT_LABEL : name;
    }

    /** The drops as "reason count, reason count", or "-" without drops. */
    public String dropsText() {
      final StringBuilder s = new StringBuilder();
      drops.forEach(
          (reason, count) ->
              s.append(s.isEmpty() ? "" : ", ").append(reason).append(' ').append(count));
      return s.isEmpty() ? "-" : s.toString();
    }

    /** All drops, over every reason. */
    public long dropped() {
      return drops.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  /** A flow rule's hits: frames (and their bytes) that had it on their matching path. */
  public record RuleHits(int index, String rule, long hits, long bytes) {}

  /**
   * Cycles over trace time: bucket {@code b} covers trace time {@code [start + b * bucketNanos,
   * start + (b + 1) * bucketNanos)}; a group's cycles are shared evenly by its frames, each share
   * in its frame's bucket.
   *
   * @param cycles {@code [row][bucket]}, rows as {@link StackReplay#tenants()}
   */
  public record Timeline(long startNanos, double bucketNanos, long[][] cycles) {
    public int buckets() {
      return cycles.length == 0 ? 0 : cycles[0].length;
    }
  }

  /**
   * Frame sizes (captured bytes): bin {@code i} counts frames with {@code lowerBounds[i] <= length
   * < lowerBounds[i + 1]} (the last bin is open).
   */
  public record SizeHistogram(int[] lowerBounds, long[] counts) {
    /** The bin's label: "64-127", "1519+". */
    public String label(final int bin) {
      return bin == lowerBounds.length - 1
          ? lowerBounds[bin] + "+"
          : lowerBounds[bin] + "-" + (lowerBounds[bin + 1] - 1);
    }
  }

  /** Frames in a trace and the timestamps of its first and last frame (nanoseconds). */
  public record TraceSpan(long frames, long firstNanos, long lastNanos) {
    public long durationNanos() {
      return Math.max(0, lastNanos - firstNanos);
    }
  }
}
