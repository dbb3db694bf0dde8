package io.vstack.flow;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The rules on one port in creation order, each with the id the port gave it. Immutable.
 *
 * <p>Order matters only between rules of the same group and priority (the earlier one wins, as in
 * the software matcher); {@link #evaluationOrder()} is the order that decides matching and {@link
 * #sameContent} compares by it, ignoring ids.
 */
public record RuleSet(List<Entry> entries) {
  /** A rule and its id on the port. */
  public record Entry(long id, FlowRule rule) {}

  private static final Comparator<FlowRule> BY_GROUP_THEN_PRIORITY =
      Comparator.<FlowRule>comparingLong(r -> r.attributes().group())
          .thenComparingLong(r -> r.attributes().priority());

  public RuleSet {
    entries = List.copyOf(entries);
    final Set<Long> ids = new HashSet<>();
    for (final Entry entry : entries) {
      if (!ids.add(entry.id())) {
        throw new IllegalArgumentException("duplicate rule id " + entry.id());
      }
    }
  }

  /** A port without rules. */
  public static RuleSet empty() {
    return new RuleSet(List.of());
  }

  /** Rules created in this order, with ids 0, 1, 2, ... */
  public static RuleSet of(final List<FlowRule> rules) {
    RuleSet set = empty();
    for (final FlowRule rule : rules) {
      set = set.create(rule);
    }
    return set;
  }

  /** The rules in creation order. */
  public List<FlowRule> rules() {
    return entries.stream().map(Entry::rule).toList();
  }

  /** The id the next created rule gets: one above the highest in use (as testpmd), 0 when empty. */
  public long nextId() {
    return entries.stream().mapToLong(Entry::id).max().orElse(-1) + 1;
  }

  /** A copy with {@code rule} appended under {@link #nextId()}. */
  public RuleSet create(final FlowRule rule) {
    final List<Entry> copy = new ArrayList<>(entries);
    copy.add(new Entry(nextId(), rule));
    return new RuleSet(copy);
  }

  /** A copy without rule {@code id}; unknown ids are an error. */
  public RuleSet destroy(final long id) {
    final List<Entry> copy = new ArrayList<>(entries);
    if (!copy.removeIf(e -> e.id() == id)) {
      throw new IllegalArgumentException("no rule " + id);
    }
    return new RuleSet(copy);
  }

  /** A copy with {@code steps} applied in order. */
  public RuleSet apply(final List<FlowStep> steps) {
    RuleSet set = this;
    for (final FlowStep step : steps) {
      set =
          switch (step) {
            case FlowStep.Create create -> set.create(create.rule());
            case FlowStep.Destroy destroy -> set.destroy(destroy.ruleId());
          };
    }
    return set;
  }

  /** The rules in the order the matcher tries them: by group, priority, then creation. */
  public List<FlowRule> evaluationOrder() {
    return evaluationOrder(rules());
  }

  /** {@code rules} (in creation order) sorted stably by group, then priority. */
  public static List<FlowRule> evaluationOrder(final List<FlowRule> rules) {
    return rules.stream().sorted(BY_GROUP_THEN_PRIORITY).toList();
  }

  /** True when this set matches exactly like {@code rules} created in order, ignoring ids. */
  public boolean sameContent(final List<FlowRule> rules) {
    return evaluationOrder().equals(evaluationOrder(rules));
  }
}
