package io.vstack.flow;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Desired-state reconciliation: the steps that turn the rules on a port into a target list.
 *
 * <p>Rules compare by content (ids ignored). Order only matters within one (group, priority)
 * bucket, and new rules can only be appended, so per bucket the longest prefix of the target that
 * already exists in order is kept; every other current rule of the bucket is destroyed and the rest
 * of the target created. Steps: all destroys in current creation order, then all creates in target
 * order. Applying them yields a set with {@link RuleSet#sameContent} the target; a target equal to
 * the current set yields no steps.
 */
public final class FlowDiff {
  private FlowDiff() {}

  /** The steps from {@code current} to {@code target} (target rules in creation order). */
  public static List<FlowStep> between(final RuleSet current, final List<FlowRule> target) {
    final Map<List<Long>, List<RuleSet.Entry>> currentBuckets = new LinkedHashMap<>();
    for (final RuleSet.Entry entry : current.entries()) {
      currentBuckets.computeIfAbsent(bucket(entry.rule()), k -> new ArrayList<>()).add(entry);
    }
    final Map<List<Long>, List<Integer>> targetBuckets = new LinkedHashMap<>();
    for (int i = 0; i < target.size(); i++) {
      targetBuckets.computeIfAbsent(bucket(target.get(i)), k -> new ArrayList<>()).add(i);
    }
    final Set<Long> keptIds = new HashSet<>();
    final boolean[] present = new boolean[target.size()];
    for (final Map.Entry<List<Long>, List<Integer>> bucket : targetBuckets.entrySet()) {
      final List<Integer> wanted = bucket.getValue();
      int matched = 0;
      for (final RuleSet.Entry entry : currentBuckets.getOrDefault(bucket.getKey(), List.of())) {
        if (matched < wanted.size() && entry.rule().equals(target.get(wanted.get(matched)))) {
          keptIds.add(entry.id());
          present[wanted.get(matched)] = true;
          matched++;
        }
      }
    }
    final List<FlowStep> steps = new ArrayList<>();
    for (final RuleSet.Entry entry : current.entries()) {
      if (!keptIds.contains(entry.id())) {
        steps.add(new FlowStep.Destroy(entry.id()));
      }
    }
    for (int i = 0; i < target.size(); i++) {
      if (!present[i]) {
        steps.add(new FlowStep.Create(target.get(i)));
      }
    }
    return steps;
  }

  private static List<Long> bucket(final FlowRule rule) {
    return List.of(rule.attributes().group(), rule.attributes().priority());
  }
}
