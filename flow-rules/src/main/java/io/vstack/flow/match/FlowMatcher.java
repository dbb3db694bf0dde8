package io.vstack.flow.match;

import io.vstack.flow.FlowAction;
import io.vstack.flow.FlowDirection;
import io.vstack.flow.FlowRule;
import io.vstack.flow.ItemType;
import io.vstack.flow.PatternItem;
import io.vstack.flow.RuleSet;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Software rte_flow: finds the rule a raw Ethernet frame hits, the way a NIC applies a rule set.
 *
 * <p>Semantics. Matching starts in group 0 and tries that group's rules by ascending priority, then
 * creation order; the first rule whose pattern matches is hit. A hit rule with JUMP continues in
 * the target group (at most {@link #MAX_JUMPS} times); one with PASSTHRU continues with the next
 * rules of the same group; otherwise it decides. MARK actions of hit rules are visible to MARK
 * items of later rules. Only rules for the compiled {@link FlowDirection} take part.
 *
 * <p>Patterns. Protocol items match consecutive header layers (see {@link FrameLayers}); a pattern
 * that does not start with {@code eth} anchors at the outermost layer of its first item's type,
 * leading layers implied. Metadata items ({@code mark}, {@code meta}, {@code port_id}, {@code
 * represented_port}) compare against the values passed to {@code match} and can sit anywhere.
 * Fields follow rte_flow: spec under the default mask unless any mask is set, {@code last} ranges,
 * prefixes as masks.
 *
 * <p>Fast path: one instance per thread; {@code match} allocates nothing, takes no lock, never
 * throws for frame content (malformed or truncated headers simply do not match) and counts hits and
 * bytes per rule.
 */
public final class FlowMatcher {
  /** Pass as {@code mark} when the frame carries no mark: MARK items then never match. */
  public static final long NO_MARK = -1;

  /** Pass as {@code meta} when the frame carries no metadata: META items then never match. */
  public static final long NO_META = -1;

  /** Bound on JUMP chains, so a jump loop cannot spin. */
  public static final int MAX_JUMPS = 8;

  /** Bytes of a direct ByteBuffer copied for header parsing (enough for any supported stack). */
  static final int HEADER_WINDOW = 1024;

  private static final int MARK = ItemType.MARK.ordinal();
  private static final int META = ItemType.META.ordinal();
  private static final int PORT_ID = ItemType.PORT_ID.ordinal();
  private static final int ETH = ItemType.ETH.ordinal();

  private final CompiledRule[] order;
  private final long[] groups;
  private final int[] groupFrom;
  private final int[] groupTo;
  private final long[] hits;
  private final long[] bytes;
  private final MatchResult result;
  private final FrameLayers layers = new FrameLayers();
  private final byte[] window = new byte[HEADER_WINDOW];
  private final byte[] markImage = new byte[4];
  private final byte[] metaImage = new byte[4];
  private final byte[] portIdImage = new byte[4];
  private final byte[] representedImage = new byte[2];
  private boolean hasMark;
  private boolean hasMeta;

  private FlowMatcher(final List<FlowRule> rules, final long[] ids, final FlowDirection direction) {
    final List<CompiledRule> applicable = new ArrayList<>();
    for (int i = 0; i < rules.size(); i++) {
      if (rules.get(i).attributes().appliesTo(direction)) {
        applicable.add(new CompiledRule(i, ids[i], rules.get(i)));
      }
    }
    applicable.sort(
        Comparator.<CompiledRule>comparingLong(r -> r.group)
            .thenComparingLong(r -> r.priority)
            .thenComparingInt(r -> r.index));
    order = applicable.toArray(new CompiledRule[0]);
    final long[] distinct = applicable.stream().mapToLong(r -> r.group).distinct().toArray();
    groups = distinct;
    groupFrom = new int[distinct.length];
    groupTo = new int[distinct.length];
    for (int k = 0, g = -1; k < order.length; k++) {
      if (g < 0 || order[k].group != distinct[g]) {
        g++;
        groupFrom[g] = k;
      }
      groupTo[g] = k + 1;
    }
    hits = new long[rules.size()];
    bytes = new long[rules.size()];
    result = new MatchResult(rules.toArray(new FlowRule[0]), ids);
  }

  /**
   * Compiles {@code rules} (in creation order; rule index = list index = id).
   *
   * @throws IllegalArgumentException for a rule rte_flow itself rejects: an item with mask or last
   *     but no spec
   */
  public static FlowMatcher compile(final List<FlowRule> rules, final FlowDirection direction) {
    final long[] ids = new long[rules.size()];
    Arrays.setAll(ids, i -> i);
    return new FlowMatcher(rules, ids, direction);
  }

  /** Compiles a port's rule set; results report the set's rule ids. */
  public static FlowMatcher compile(final RuleSet rules, final FlowDirection direction) {
    return new FlowMatcher(
        rules.rules(), rules.entries().stream().mapToLong(RuleSet.Entry::id).toArray(), direction);
  }

  /**
   * Matches the frame in {@code frame[offset, offset + length)}.
   *
   * @param mark mark attached by an earlier stage, or {@link #NO_MARK}
   * @param meta metadata, or {@link #NO_META}
   * @param port the port the frame arrived on (for {@code port_id} and {@code represented_port})
   */
  public MatchResult match(
      final byte[] frame,
      final int offset,
      final int length,
      final long mark,
      final long meta,
      final int port) {
    result.reset(mark < 0 ? NO_MARK : mark & 0xFFFF_FFFFL);
    if (frame == null || offset < 0 || length < 0 || offset > frame.length - length) {
      layers.count = 0;
      return result;
    }
    layers.parse(frame, offset, length);
    evaluate(frame, length, mark, meta, port);
    return result;
  }

  /** Matches the frame between {@code frame}'s position and limit (neither is changed). */
  public MatchResult match(
      final ByteBuffer frame, final long mark, final long meta, final int port) {
    final int length = frame.remaining();
    if (frame.hasArray()) {
      return match(frame.array(), frame.arrayOffset() + frame.position(), length, mark, meta, port);
    }
    final int copied = Math.min(length, window.length);
    frame.get(frame.position(), window, 0, copied);
    result.reset(mark < 0 ? NO_MARK : mark & 0xFFFF_FFFFL);
    layers.parse(window, 0, copied);
    evaluate(window, length, mark, meta, port);
    return result;
  }

  /** Frames that hit rule {@code ruleIndex} so far. */
  public long hits(final int ruleIndex) {
    return hits[ruleIndex];
  }

  /** Bytes of the frames that hit rule {@code ruleIndex} so far. */
  public long bytes(final int ruleIndex) {
    return bytes[ruleIndex];
  }

  /** Number of rules compiled (including those of other directions, which never hit). */
  public int ruleCount() {
    return hits.length;
  }

  private void evaluate(
      final byte[] buffer,
      final int frameLength,
      final long mark,
      final long meta,
      final int port) {
    setMark(result.mark());
    hasMeta = meta >= 0;
    putBigEndian(metaImage, meta);
    putBigEndian(portIdImage, port & 0xFFFF_FFFFL);
    putBigEndian(representedImage, port & 0xFFFF);
    long group = 0;
    int jumps = 0;
    groups:
    while (true) {
      final int g = Arrays.binarySearch(groups, group);
      if (g < 0) {
        return;
      }
      for (int k = groupFrom[g]; k < groupTo[g]; k++) {
        final CompiledRule rule = order[k];
        if (!matches(rule, buffer)) {
          continue;
        }
        if (!result.add(rule.index)) {
          return;
        }
        hits[rule.index]++;
        bytes[rule.index] += frameLength;
        if (rule.mark >= 0) {
          result.mark(rule.mark);
          setMark(rule.mark);
        }
        if (rule.jumpGroup >= 0 && jumps < MAX_JUMPS) {
          group = rule.jumpGroup;
          jumps++;
          continue groups;
        }
        if (!rule.passthru) {
          return;
        }
      }
      return;
    }
  }

  private boolean matches(final CompiledRule rule, final byte[] buffer) {
    if (rule.neverMatches) {
      return false;
    }
    int layer = -1;
    for (final CompiledItem item : rule.items) {
      if (!item.type.isProtocol()) {
        if (!matchesMetadata(item)) {
          return false;
        }
        continue;
      }
      layer = layer >= 0 ? layer + 1 : item.typeOrdinal == ETH ? 0 : layers.first(item.typeOrdinal);
      if (layer < 0
          || layer >= layers.count
          || layers.type[layer] != item.typeOrdinal
          || !item.matches(buffer, layers.offset[layer])) {
        return false;
      }
    }
    return true;
  }

  private boolean matchesMetadata(final CompiledItem item) {
    final int type = item.typeOrdinal;
    if (type == MARK) {
      return hasMark && item.matches(markImage, 0);
    }
    if (type == META) {
      return hasMeta && item.matches(metaImage, 0);
    }
    return item.matches(type == PORT_ID ? portIdImage : representedImage, 0);
  }

  private void setMark(final long mark) {
    hasMark = mark >= 0;
    putBigEndian(markImage, mark);
  }

  private static void putBigEndian(final byte[] image, final long value) {
    for (int i = 0; i < image.length; i++) {
      image[i] = (byte) (value >>> (8 * (image.length - 1 - i)));
    }
  }

  /** A rule ready for matching. */
  private static final class CompiledRule {
    final int index;
    final long group;
    final long priority;
    final CompiledItem[] items;
    final boolean neverMatches;
    final long jumpGroup;
    final long mark;
    final boolean passthru;

    CompiledRule(final int index, final long id, final FlowRule rule) {
      this.index = index;
      this.group = rule.attributes().group();
      this.priority = rule.attributes().priority();
      final List<CompiledItem> compiled = new ArrayList<>();
      boolean never = false;
      for (final PatternItem item : rule.pattern()) {
        if (!item.hasSpec() && (item.hasMask() || item.hasLast())) {
          throw new IllegalArgumentException(
              "rule "
                  + id
                  + ": item '"
                  + item.type().token()
                  + "' sets mask or last without spec, which rte_flow rejects; add a spec or drop the mask");
        }
        final CompiledItem c = new CompiledItem(item);
        never |= c.emptyRange;
        compiled.add(c);
      }
      this.items = compiled.toArray(new CompiledItem[0]);
      this.neverMatches = never;
      long jump = -1;
      long markValue = -1;
      boolean pass = false;
      for (final FlowAction action : rule.actions()) {
        switch (action) {
          case FlowAction.Jump j -> jump = j.group();
          case FlowAction.Mark m -> markValue = m.id();
          case FlowAction.Passthru p -> pass = true;
          default -> {}
        }
      }
      this.jumpGroup = jump;
      this.mark = markValue;
      this.passthru = pass;
    }
  }
}
