package io.vstack.offload;

import io.vstack.flow.FlowAction;
import io.vstack.flow.FlowDirection;
import io.vstack.flow.FlowRule;
import io.vstack.flow.RuleSet;
import io.vstack.flow.match.FlowMatcher;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Rules run in software: kept per port as a {@link RuleSet} and compiled into a {@link FlowMatcher}
 * that the port's lane applies to every received frame.
 *
 * <p>The lane reads {@link #ingressMatcher(int)} once per batch (a volatile read) and calls {@code
 * match} on it; every rule change publishes a freshly compiled matcher. COUNT is answered from the
 * matcher's per-rule hit counters: counts of rules that survive a change are carried over to the
 * new matcher, so only frames matched by the old matcher after the change was published can be
 * lost. Only ingress rules can run here (the lane classifies what it receives); egress and transfer
 * rules are refused.
 *
 * <p>Control methods are synchronized; {@link #ingressMatcher} is lock-free. Port ids are 0..65535
 * (testpmd's). The returned matcher belongs to one lane thread (FlowMatcher is single-threaded).
 */
public final class SoftwareFlowOffload implements FlowOffload {
  /** The backend name shown to operators. */
  public static final String NAME = "sw";

  private static final Placement HERE = new Placement(NAME, "");

  /**
   * What a port never given rules matches with. Shared by lanes although FlowMatcher is
   * single-threaded: with no rules it only scribbles on scratch state nobody reads, never matches
   * and counts nothing.
   */
  private static final FlowMatcher EMPTY =
      FlowMatcher.compile(RuleSet.empty(), FlowDirection.INGRESS);

  /** Per port id (0..65535), created on first use; read lock-free by the lanes. */
  private final AtomicReferenceArray<PortRules> ports = new AtomicReferenceArray<>(0x1_0000);

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public synchronized OffloadResult<Placement> validate(final int port, final FlowRule rule) {
    final String problem = problem(rule);
    return problem == null ? OffloadResult.done(HERE) : OffloadResult.refused(NAME, problem);
  }

  @Override
  public synchronized OffloadResult<OffloadedRule> create(final int port, final FlowRule rule) {
    final String problem = problem(rule);
    if (problem != null) {
      return OffloadResult.refused(NAME, problem);
    }
    final PortRules rules = port(port);
    final long id = rules.set.nextId();
    rules.publish(rules.set.create(rule));
    return OffloadResult.done(new OffloadedRule(id, rule, HERE));
  }

  @Override
  public synchronized OffloadResult<OffloadedRule> destroy(final int port, final long id) {
    final PortRules rules = port(port);
    for (final RuleSet.Entry entry : rules.set.entries()) {
      if (entry.id() == id) {
        rules.publish(rules.set.destroy(id));
        return OffloadResult.done(new OffloadedRule(id, entry.rule(), HERE));
      }
    }
    return OffloadResult.refused(NAME, "no rule " + id + " on port " + port);
  }

  @Override
  public synchronized OffloadResult<Integer> flush(final int port) {
    final PortRules rules = port(port);
    final int count = rules.set.entries().size();
    rules.publish(RuleSet.empty());
    return OffloadResult.done(count);
  }

  @Override
  public synchronized OffloadResult<RuleCounts> query(final int port, final long id) {
    final PortRules rules = port(port);
    final List<RuleSet.Entry> entries = rules.set.entries();
    for (int i = 0; i < entries.size(); i++) {
      final RuleSet.Entry entry = entries.get(i);
      if (entry.id() != id) {
        continue;
      }
      if (entry.rule().actions().stream().noneMatch(FlowAction.Count.class::isInstance)) {
        return OffloadResult.refused(NAME, "rule " + id + " has no COUNT action");
      }
      return OffloadResult.done(rules.counts(i));
    }
    return OffloadResult.refused(NAME, "no rule " + id + " on port " + port);
  }

  @Override
  public synchronized OffloadResult<Placement> isolate(final int port, final boolean enabled) {
    port(port).isolated = enabled;
    return OffloadResult.done(HERE);
  }

  @Override
  public synchronized List<OffloadedRule> list(final int port) {
    final List<OffloadedRule> out = new ArrayList<>();
    for (final RuleSet.Entry entry : port(port).set.entries()) {
      out.add(new OffloadedRule(entry.id(), entry.rule(), HERE));
    }
    return out;
  }

  /** True when {@code port} is isolated: the lane drops ingress frames no rule decided. */
  public synchronized boolean isolated(final int port) {
    return port(port).isolated;
  }

  /**
   * The matcher the lane of {@code port} applies to received frames: the current rules, compiled.
   * Re-read it once per batch to pick up rule changes; lock-free, no allocation.
   */
  public FlowMatcher ingressMatcher(final int port) {
    final PortRules rules = ports.get(port);
    return rules != null ? rules.matcher : EMPTY;
  }

  private PortRules port(final int port) {
    if (port < 0 || port > 0xFFFF) {
      throw new IllegalArgumentException("port id " + port + " out of range 0..65535");
    }
    PortRules rules = ports.get(port);
    if (rules == null) {
      rules = new PortRules();
      ports.set(port, rules);
    }
    return rules;
  }

  /** Why software cannot run {@code rule}, or null. */
  private static String problem(final FlowRule rule) {
    if (!rule.attributes().ingress()) {
      return "software offload runs ingress rules only (egress and transfer need a NIC)";
    }
    try {
      FlowMatcher.compile(List.of(rule), FlowDirection.INGRESS);
    } catch (final IllegalArgumentException e) {
      return e.getMessage();
    }
    return null;
  }

  /** One port's rules and the matcher compiled from them; counts carried across recompiles. */
  private static final class PortRules {
    RuleSet set = RuleSet.empty();
    volatile FlowMatcher matcher = FlowMatcher.compile(set, FlowDirection.INGRESS);
    Map<Long, RuleCounts> carried = Map.of();
    boolean isolated;

    RuleCounts counts(final int index) {
      final long id = set.entries().get(index).id();
      final RuleCounts before = carried.getOrDefault(id, new RuleCounts(0, 0));
      final FlowMatcher current = matcher;
      return new RuleCounts(
          before.hits() + current.hits(index), before.bytes() + current.bytes(index));
    }

    void publish(final RuleSet next) {
      final Map<Long, RuleCounts> totals = new HashMap<>();
      for (int i = 0; i < set.entries().size(); i++) {
        totals.put(set.entries().get(i).id(), counts(i));
      }
      // A destroyed rule's id can be given again (one above the highest): it starts from zero.
      final Map<Long, RuleCounts> kept = new HashMap<>();
      for (final RuleSet.Entry entry : next.entries()) {
        kept.put(entry.id(), totals.getOrDefault(entry.id(), new RuleCounts(0, 0)));
      }
      set = next;
      carried = kept;
      matcher = FlowMatcher.compile(next, FlowDirection.INGRESS);
    }
  }
}
