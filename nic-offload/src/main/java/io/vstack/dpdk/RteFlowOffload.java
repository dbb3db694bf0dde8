package io.vstack.dpdk;

import io.vstack.flow.FlowAction;
import io.vstack.flow.FlowRule;
import io.vstack.flow.RuleSet;
import io.vstack.offload.FlowOffload;
import io.vstack.offload.OffloadResult;
import io.vstack.offload.OffloadedRule;
import io.vstack.offload.Placement;
import io.vstack.offload.RuleCounts;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The NIC backend of {@link FlowOffload}: DPDK rte_flow on ethdev ports, through {@link
 * RteFlowCompiler} and {@link RteFlow}.
 *
 * <p>vstack port ids map to DPDK ports (an {@link EthDev} each). Every rule is compiled per call
 * (an RSS action without queues spreads over the port's currently configured rx queues) and handed
 * to {@code rte_flow_validate} or {@code rte_flow_create}; the {@code struct rte_flow *} handle is
 * kept under the rule's id (testpmd numbering per port) for destroy and COUNT queries. A refusal
 * carries the DPDK function and the PMD's own {@code rte_flow_error} message, e.g. {@code
 * rte_flow_create: overlapping rules or Kernel too old for flower support}; a rule the compiler
 * cannot encode is refused with {@link RteFlowCompilation.Unsupported#message()}, without calling
 * DPDK. Put it under a {@link io.vstack.offload.ProbingFlowOffload} to fall back to software per
 * rule.
 *
 * <p>{@link #isolate} follows DPDK: most PMDs take it only while the port is stopped. Control path
 * only; the methods are synchronized.
 */
public final class RteFlowOffload implements FlowOffload {
  /** The backend name shown to operators. */
  public static final String NAME = "hw";

  private static final Placement HERE = new Placement(NAME, "");

  private final Map<Integer, Device> devices = new HashMap<>();

  /** One DPDK port and the rules created on it through this backend. */
  private static final class Device {
    final EthDev dev;
    final RteFlow flow;
    RuleSet rules = RuleSet.empty();
    final Map<Long, RteFlowHandle> handles = new HashMap<>();

    Device(final EthDev dev) {
      this.dev = dev;
      this.flow = RteFlow.on(dev);
    }
  }

  /**
   * @param ports DPDK port of each vstack port id; other ids are refused
   */
  public RteFlowOffload(final Map<Integer, EthDev> ports) {
    ports.forEach((id, dev) -> devices.put(id, new Device(dev)));
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public synchronized OffloadResult<Placement> validate(final int port, final FlowRule rule) {
    final Device device = devices.get(port);
    if (device == null) {
      return noDevice(port);
    }
    return switch (compiler(device).compile(rule)) {
      case RteFlowCompilation.Unsupported unsupported ->
          OffloadResult.refused(NAME, unsupported.message());
      case RteFlowCompilation.Compiled compiled -> {
        try (RteFlowBuilder builder = compiled.rule()) {
          yield switch (device.flow.validate(builder)) {
            case RteFlowResult.Ok<Void> ok -> OffloadResult.done(HERE);
            case RteFlowResult.Refused<Void> refused -> refusal("rte_flow_validate", refused);
          };
        }
      }
    };
  }

  @Override
  public synchronized OffloadResult<OffloadedRule> create(final int port, final FlowRule rule) {
    final Device device = devices.get(port);
    if (device == null) {
      return noDevice(port);
    }
    return switch (compiler(device).compile(rule)) {
      case RteFlowCompilation.Unsupported unsupported ->
          OffloadResult.refused(NAME, unsupported.message());
      case RteFlowCompilation.Compiled compiled -> {
        // DPDK copies the rule into the PMD's own structures: the builder can go right away.
        try (RteFlowBuilder builder = compiled.rule()) {
          yield switch (device.flow.create(builder)) {
            case RteFlowResult.Ok<RteFlowHandle> ok -> {
              final long id = device.rules.nextId();
              device.rules = device.rules.create(rule);
              device.handles.put(id, ok.value());
              yield OffloadResult.done(new OffloadedRule(id, rule, HERE));
            }
            case RteFlowResult.Refused<RteFlowHandle> refused ->
                refusal("rte_flow_create", refused);
          };
        }
      }
    };
  }

  @Override
  public synchronized OffloadResult<OffloadedRule> destroy(final int port, final long id) {
    final Device device = devices.get(port);
    if (device == null) {
      return noDevice(port);
    }
    final RteFlowHandle handle = device.handles.get(id);
    if (handle == null) {
      return OffloadResult.refused(NAME, "no rule " + id + " on port " + port);
    }
    return switch (device.flow.destroy(handle)) {
      case RteFlowResult.Ok<Void> ok -> {
        final FlowRule rule = ruleOf(device, id);
        device.rules = device.rules.destroy(id);
        device.handles.remove(id);
        yield OffloadResult.done(new OffloadedRule(id, rule, HERE));
      }
      case RteFlowResult.Refused<Void> refused -> refusal("rte_flow_destroy", refused);
    };
  }

  @Override
  public synchronized OffloadResult<Integer> flush(final int port) {
    final Device device = devices.get(port);
    if (device == null) {
      return noDevice(port);
    }
    return switch (device.flow.flush()) {
      case RteFlowResult.Ok<Void> ok -> {
        final int count = device.rules.entries().size();
        device.rules = RuleSet.empty();
        device.handles.clear();
        yield OffloadResult.done(count);
      }
      case RteFlowResult.Refused<Void> refused -> refusal("rte_flow_flush", refused);
    };
  }

  @Override
  public synchronized OffloadResult<RuleCounts> query(final int port, final long id) {
    final Device device = devices.get(port);
    if (device == null) {
      return noDevice(port);
    }
    final RteFlowHandle handle = device.handles.get(id);
    if (handle == null) {
      return OffloadResult.refused(NAME, "no rule " + id + " on port " + port);
    }
    if (ruleOf(device, id).actions().stream().noneMatch(FlowAction.Count.class::isInstance)) {
      return OffloadResult.refused(NAME, "rule " + id + " has no COUNT action");
    }
    return switch (device.flow.queryCount(handle, false)) {
      case RteFlowResult.Ok<RteFlowCount> ok ->
          OffloadResult.done(
              new RuleCounts(
                  ok.value().hitsSet() ? ok.value().hits() : 0,
                  ok.value().bytesSet() ? ok.value().bytes() : 0));
      case RteFlowResult.Refused<RteFlowCount> refused -> refusal("rte_flow_query", refused);
    };
  }

  @Override
  public synchronized OffloadResult<Placement> isolate(final int port, final boolean enabled) {
    final Device device = devices.get(port);
    if (device == null) {
      return noDevice(port);
    }
    return switch (device.flow.isolate(enabled)) {
      case RteFlowResult.Ok<Void> ok -> OffloadResult.done(HERE);
      case RteFlowResult.Refused<Void> refused -> refusal("rte_flow_isolate", refused);
    };
  }

  @Override
  public synchronized List<OffloadedRule> list(final int port) {
    final Device device = devices.get(port);
    final List<OffloadedRule> out = new ArrayList<>();
    if (device != null) {
      for (final RuleSet.Entry entry : device.rules.entries()) {
        out.add(new OffloadedRule(entry.id(), entry.rule(), HERE));
      }
    }
    return out;
  }

  /** A compiler for the port's rx queues now (at least 1, at most what one RSS action takes). */
  private static RteFlowCompiler compiler(final Device device) {
    return new RteFlowCompiler(
        Math.clamp(device.dev.info().rxQueues(), 1, FlowAction.MAX_RSS_QUEUES));
  }

  private static FlowRule ruleOf(final Device device, final long id) {
    return device.rules.entries().stream()
        .filter(e -> e.id() == id)
        .findFirst()
        .orElseThrow()
        .rule();
  }

  /** {@code <function>: <the PMD's message>}, one line. */
  private static <T> OffloadResult<T> refusal(
      final String function, final RteFlowResult.Refused<?> refused) {
    return OffloadResult.refused(NAME, function + ": " + refused.error().message());
  }

  private static <T> OffloadResult<T> noDevice(final int port) {
    return OffloadResult.refused(NAME, "port " + port + " is not a DPDK port");
  }
}
