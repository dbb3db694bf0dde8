package io.vstack.offload;

import io.vstack.flow.FlowRule;
import io.vstack.flow.RuleSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The capability probe: puts each rule on the NIC when the NIC takes it and in software otherwise,
 * and remembers which backend holds each rule and why.
 *
 * <p>Per rule: {@code validate} on the hardware backend, then {@code create} there; if either is
 * refused, the rule goes to the software backend and its {@link Placement} says {@code sw (hw: <the
 * NIC's own error text>)}. A rule both refuse is refused with both texts. Rule ids are this probe's
 * (testpmd numbering over all of the port's rules, whichever backend holds them); each maps to the
 * holding backend's own id.
 *
 * <p>Rules split between backends do not match as one table: the NIC decides first and software
 * only sees what the NIC delivers. Keep each (group, priority) bucket on one backend when order
 * between its rules matters; {@code vstack flow list} shows where each rule went.
 */
public final class ProbingFlowOffload implements FlowOffload {
  private final FlowOffload hardware;
  private final FlowOffload software;
  private final Map<Integer, Port> ports = new HashMap<>();

  private record Binding(FlowOffload backend, long backendId, Placement placement) {}

  private static final class Port {
    RuleSet rules = RuleSet.empty();
    final Map<Long, Binding> bindings = new HashMap<>();
  }

  /**
   * @param hardware tried first for every rule (e.g. an rte_flow backend)
   * @param software takes what {@code hardware} refuses
   */
  public ProbingFlowOffload(final FlowOffload hardware, final FlowOffload software) {
    this.hardware = hardware;
    this.software = software;
  }

  @Override
  public String name() {
    return hardware.name() + "+" + software.name();
  }

  @Override
  public synchronized OffloadResult<Placement> validate(final int port, final FlowRule rule) {
    return hardwareElseSoftware(hardware.validate(port, rule), () -> software.validate(port, rule));
  }

  @Override
  public synchronized OffloadResult<OffloadedRule> create(final int port, final FlowRule rule) {
    final Port state = port(port);
    OffloadResult<?> onHardware = hardware.validate(port, rule);
    if (onHardware.ok()) {
      onHardware = hardware.create(port, rule);
      if (onHardware instanceof OffloadResult.Done<?>(OffloadedRule created)) {
        return bind(state, rule, new Binding(hardware, created.id(), created.placement()));
      }
    }
    final String why = ((OffloadResult.Refused<?>) onHardware).describe();
    return switch (software.create(port, rule)) {
      case OffloadResult.Done<OffloadedRule> done ->
          bind(
              state,
              rule,
              new Binding(
                  software,
                  done.value().id(),
                  new Placement(done.value().placement().backend(), why)));
      case OffloadResult.Refused<OffloadedRule> refused ->
          OffloadResult.refused(name(), why + "; " + refused.describe());
    };
  }

  @Override
  public synchronized OffloadResult<OffloadedRule> destroy(final int port, final long id) {
    final Port state = port(port);
    final Binding binding = state.bindings.get(id);
    if (binding == null) {
      return OffloadResult.refused(name(), "no rule " + id + " on port " + port);
    }
    return switch (binding.backend().destroy(port, binding.backendId())) {
      case OffloadResult.Done<OffloadedRule> done -> {
        final OffloadedRule rule = unbind(state, id, binding);
        yield OffloadResult.done(rule);
      }
      case OffloadResult.Refused<OffloadedRule> refused -> refused;
    };
  }

  @Override
  public synchronized OffloadResult<Integer> flush(final int port) {
    final Port state = port(port);
    final int count = state.rules.entries().size();
    for (final FlowOffload backend : List.of(hardware, software)) {
      if (state.bindings.values().stream().anyMatch(b -> b.backend() == backend)) {
        final OffloadResult<Integer> flushed = backend.flush(port);
        if (flushed instanceof OffloadResult.Refused<Integer> refused) {
          // What the other backend flushed is gone; what this one kept stays listed.
          state.bindings.values().removeIf(b -> b.backend() != backend);
          state.rules = keepBound(state);
          return refused;
        }
      }
    }
    state.rules = RuleSet.empty();
    state.bindings.clear();
    return OffloadResult.done(count);
  }

  @Override
  public synchronized OffloadResult<RuleCounts> query(final int port, final long id) {
    final Binding binding = port(port).bindings.get(id);
    if (binding == null) {
      return OffloadResult.refused(name(), "no rule " + id + " on port " + port);
    }
    return binding.backend().query(port, binding.backendId());
  }

  @Override
  public synchronized OffloadResult<Placement> isolate(final int port, final boolean enabled) {
    return hardwareElseSoftware(
        hardware.isolate(port, enabled), () -> software.isolate(port, enabled));
  }

  /** The hardware's result when done, else the software's with the hardware's refusal as reason. */
  private OffloadResult<Placement> hardwareElseSoftware(
      final OffloadResult<Placement> onHardware,
      final Supplier<OffloadResult<Placement>> inSoftware) {
    if (onHardware.ok()) {
      return onHardware;
    }
    final String why = ((OffloadResult.Refused<Placement>) onHardware).describe();
    return switch (inSoftware.get()) {
      case OffloadResult.Done<Placement> done ->
          OffloadResult.done(new Placement(done.value().backend(), why));
      case OffloadResult.Refused<Placement> refused ->
          OffloadResult.refused(name(), why + "; " + refused.describe());
    };
  }

  @Override
  public synchronized List<OffloadedRule> list(final int port) {
    final Port state = port(port);
    final List<OffloadedRule> out = new ArrayList<>();
    for (final RuleSet.Entry entry : state.rules.entries()) {
      out.add(
          new OffloadedRule(entry.id(), entry.rule(), state.bindings.get(entry.id()).placement()));
    }
    return out;
  }

  private Port port(final int port) {
    return ports.computeIfAbsent(port, p -> new Port());
  }

  private static OffloadResult<OffloadedRule> bind(
      final Port state, final FlowRule rule, final Binding binding) {
    final long id = state.rules.nextId();
    state.rules = state.rules.create(rule);
    state.bindings.put(id, binding);
    return OffloadResult.done(new OffloadedRule(id, rule, binding.placement()));
  }

  private static OffloadedRule unbind(final Port state, final long id, final Binding binding) {
    final FlowRule rule =
        state.rules.entries().stream().filter(e -> e.id() == id).findFirst().orElseThrow().rule();
    state.rules = state.rules.destroy(id);
    state.bindings.remove(id);
    return new OffloadedRule(id, rule, binding.placement());
  }

  private static RuleSet keepBound(final Port state) {
    return new RuleSet(
        state.rules.entries().stream().filter(e -> state.bindings.containsKey(e.id())).toList());
  }
}
