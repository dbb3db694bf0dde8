package io.vstack.offload;

import io.vstack.flow.FlowRule;
import java.util.List;
import java.util.function.IntFunction;

/**
 * One backend name over a backend per port: each call goes to the backend of its port id, e.g. the
 * hardware side of a {@link ProbingFlowOffload} when some ports are DPDK ethdevs (rte_flow) and the
 * others have no NIC ({@link UnavailableFlowOffload}).
 */
public final class PerPortFlowOffload implements FlowOffload {
  private final String name;
  private final IntFunction<FlowOffload> backendOf;

  /**
   * @param name the backend name shown ({@code hw})
   * @param backendOf the backend of a port id
   */
  public PerPortFlowOffload(final String name, final IntFunction<FlowOffload> backendOf) {
    this.name = name;
    this.backendOf = backendOf;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public OffloadResult<Placement> validate(final int port, final FlowRule rule) {
    return backendOf.apply(port).validate(port, rule);
  }

  @Override
  public OffloadResult<OffloadedRule> create(final int port, final FlowRule rule) {
    return backendOf.apply(port).create(port, rule);
  }

  @Override
  public OffloadResult<OffloadedRule> destroy(final int port, final long id) {
    return backendOf.apply(port).destroy(port, id);
  }

  @Override
  public OffloadResult<Integer> flush(final int port) {
    return backendOf.apply(port).flush(port);
  }

  @Override
  public OffloadResult<RuleCounts> query(final int port, final long id) {
    return backendOf.apply(port).query(port, id);
  }

  @Override
  public OffloadResult<Placement> isolate(final int port, final boolean enabled) {
    return backendOf.apply(port).isolate(port, enabled);
  }

  @Override
  public List<OffloadedRule> list(final int port) {
    return backendOf.apply(port).list(port);
  }
}
