package io.vstack.offload;

import io.vstack.flow.FlowRule;
import java.util.List;
import java.util.function.IntFunction;

/**
 * The hardware side of a {@link ProbingFlowOffload} for ports without a NIC offload (memory, TAP,
 * pcap ports): refuses every operation with a reason per port, so rules land in software and {@code
 * flow list} says why.
 */
public final class UnavailableFlowOffload implements FlowOffload {
  private final String name;
  private final IntFunction<String> reason;

  /**
   * @param name the backend name shown ({@code hw})
   * @param reason the refusal text for a port id, e.g. "memory port has no NIC offload"
   */
  public UnavailableFlowOffload(final String name, final IntFunction<String> reason) {
    this.name = name;
    this.reason = reason;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public OffloadResult<Placement> validate(final int port, final FlowRule rule) {
    return OffloadResult.refused(name, reason.apply(port));
  }

  @Override
  public OffloadResult<OffloadedRule> create(final int port, final FlowRule rule) {
    return OffloadResult.refused(name, reason.apply(port));
  }

  @Override
  public OffloadResult<OffloadedRule> destroy(final int port, final long id) {
    return OffloadResult.refused(name, reason.apply(port));
  }

  @Override
  public OffloadResult<Integer> flush(final int port) {
    return OffloadResult.refused(name, reason.apply(port));
  }

  @Override
  public OffloadResult<RuleCounts> query(final int port, final long id) {
    return OffloadResult.refused(name, reason.apply(port));
  }

  @Override
  public OffloadResult<Placement> isolate(final int port, final boolean enabled) {
    return OffloadResult.refused(name, reason.apply(port));
  }

  @Override
  public List<OffloadedRule> list(final int port) {
    return List.of();
  }
}
