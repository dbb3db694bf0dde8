package io.vstack.dpdk;

import static io.vstack.offload.OffloadResult.done;

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
import java.util.function.BiFunction;
import java.util.function.Function;

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
    return onDevice(
        port,
        device ->
            withRule(device, rule, "rte_flow_validate", device.flow::validate, ok -> done(HERE)));
  }

  @Override
  public synchronized OffloadResult<OffloadedRule> create(final int port, final FlowRule rule) {
    return onDevice(
        port,
        device ->
            withRule(
                device,
                rule,
                "rte_flow_create",
                device.flow::create,
                handle -> {
                  final long id = device.rules.nextId();
                  device.rules = device.rules.create(rule);
                  device.handles.put(id, handle);
                  return done(new OffloadedRule(id, rule, HERE));
                }));
  }

  @Override
  public synchronized OffloadResult<OffloadedRule> destroy(final int port, final long id) {
    return onCreated(
        port,
        id,
        (device, handle) ->
            answer(
                "rte_flow_destroy",
                device.flow.destroy(handle),
                ok -> {
                  final FlowRule rule = ruleOf(device, id);
                  device.rules = device.rules.destroy(id);
                  device.handles.remove(id);
                  return done(new OffloadedRule(id, rule, HERE));
                }));
  }

  @Override
  public synchronized OffloadResult<Integer> flush(final int port) {
    return onDevice(
        port,
        device ->
            answer(
                "rte_flow_flush",
                device.flow.flush(),
                ok -> {
                  final int count = device.rules.entries().size();
                  device.rules = RuleSet.empty();
                  device.handles.clear();
                  return done(count);
                }));
  }

  @Override
  public synchronized OffloadResult<RuleCounts> query(final int port, final long id) {
    return onCreated(
        port,
        id,
        (device, handle) -> {
          if (ruleOf(device, id).actions().stream().noneMatch(FlowAction.Count.class::isInstance)) {
            return OffloadResult.refused(NAME, "rule " + id + " has no COUNT action");
          }
          return answer(
              "rte_flow_query",
              device.flow.queryCount(handle, false),
              count ->
                  done(
                      new RuleCounts(
                          count.hitsSet() ? count.hits() : 0,
                          count.bytesSet() ? count.bytes() : 0)));
        });
  }

  @Override
  public synchronized OffloadResult<Placement> isolate(final int port, final boolean enabled) {
    return onDevice(
        port, device -> answer("rte_flow_isolate", device.flow.isolate(enabled), ok -> done(HERE)));
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

  /** {@code call} on the port's device, or refused when the port id has none. */
  private <T> OffloadResult<T> onDevice(
      final int port, final Function<Device, OffloadResult<T>> call) {
    final Device device = devices.get(port);
    return device == null
        ? OffloadResult.refused(NAME, "port " + port + " is not a DPDK port")
        : call.apply(device);
  }

  /**
   * Compiles {@code rule} and hands it to {@code call}; refused with the compiler's reason, without
   * calling DPDK, when the rule cannot be encoded.
   */
  private static <R, T> OffloadResult<T> withRule(
      final Device device,
      final FlowRule rule,
      final String function,
      final Function<RteFlowBuilder, RteFlowResult<R>> call,
      final Function<R, OffloadResult<T>> onOk) {
    return switch (compiler(device).compile(rule)) {
      case RteFlowCompilation.Unsupported unsupported ->
          OffloadResult.refused(NAME, unsupported.message());
      case RteFlowCompilation.Compiled compiled -> {
        // DPDK copies a created rule into the PMD's own structures: the builder can go now.
        try (RteFlowBuilder builder = compiled.rule()) {
          yield answer(function, call.apply(builder), onOk);
        }
      }
    };
  }

  /** {@code onOk} of DPDK's value, or refused as {@code <function>: <the PMD's message>}. */
  private static <R, T> OffloadResult<T> answer(
      final String function,
      final RteFlowResult<R> result,
      final Function<R, OffloadResult<T>> onOk) {
    return switch (result) {
      case RteFlowResult.Ok<R> ok -> onOk.apply(ok.value());
      case RteFlowResult.Refused<R> refused ->
          OffloadResult.refused(NAME, function + ": " + refused.error().message());
    };
  }

  /** {@code call} with rule {@code id}'s device and handle, or refused when there is none. */
  private <T> OffloadResult<T> onCreated(
      final int port,
      final long id,
      final BiFunction<Device, RteFlowHandle, OffloadResult<T>> call) {
    return onDevice(
        port,
        device -> {
          final RteFlowHandle handle = device.handles.get(id);
          return handle == null
              ? OffloadResult.refused(NAME, "no rule " + id + " on port " + port)
              : call.apply(device, handle);
        });
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
}
