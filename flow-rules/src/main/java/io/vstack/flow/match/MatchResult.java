package io.vstack.flow.match;

import io.vstack.flow.FlowAction;
import io.vstack.flow.FlowRule;
import java.util.List;

/**
 * The outcome of {@link FlowMatcher#match}: the rules the frame hit, in order (a JUMP or PASSTHRU
 * continues matching, so there can be several), the last of which decides. Owned and reused by its
 * matcher: valid until the next {@code match} call.
 */
public final class MatchResult {
  /** Longest path recorded; matching stops there. */
  public static final int MAX_PATH = 16;

  private final FlowRule[] rules;
  private final long[] ids;
  private final int[] path = new int[MAX_PATH];
  private int pathLength;
  private long mark;

  MatchResult(final FlowRule[] rules, final long[] ids) {
    this.rules = rules;
    this.ids = ids;
  }

  void reset(final long initialMark) {
    pathLength = 0;
    mark = initialMark;
  }

  boolean add(final int ruleIndex) {
    if (pathLength == MAX_PATH) {
      return false;
    }
    path[pathLength++] = ruleIndex;
    return true;
  }

  void mark(final long value) {
    mark = value;
  }

  /** True when at least one rule matched. */
  public boolean matched() {
    return pathLength > 0;
  }

  /** Index (in the list the matcher was compiled from) of the deciding rule, or -1. */
  public int ruleIndex() {
    return pathLength == 0 ? -1 : path[pathLength - 1];
  }

  /** Id of the deciding rule in its {@link io.vstack.flow.RuleSet}, or -1. */
  public long ruleId() {
    return pathLength == 0 ? -1 : ids[path[pathLength - 1]];
  }

  /** The deciding rule, or null. */
  public FlowRule rule() {
    return pathLength == 0 ? null : rules[path[pathLength - 1]];
  }

  /** The deciding rule's actions; empty when nothing matched. */
  public List<FlowAction> actions() {
    return pathLength == 0 ? List.of() : rules[path[pathLength - 1]].actions();
  }

  /** How many rules the frame hit (JUMP/PASSTHRU chains). */
  public int pathLength() {
    return pathLength;
  }

  /** Rule index of the {@code i}-th hit, 0 first. */
  public int pathRuleIndex(final int i) {
    if (i < 0 || i >= pathLength) {
      throw new IndexOutOfBoundsException(i);
    }
    return path[i];
  }

  /** The mark after the hit rules' MARK actions, or {@link FlowMatcher#NO_MARK}. */
  public long mark() {
    return mark;
  }
}
