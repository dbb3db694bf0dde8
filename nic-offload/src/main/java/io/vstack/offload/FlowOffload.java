package io.vstack.offload;

import io.vstack.flow.FlowRule;
import java.util.List;

/**
 * A backend that runs rte_flow rules for ports, addressed by port id as in testpmd: a NIC (DPDK
 * rte_flow, DOCA Flow) or the software matcher. One method per testpmd {@code flow} command.
 *
 * <p>Contract for implementations:
 *
 * <ul>
 *   <li>A refused operation changes nothing and returns {@link OffloadResult.Refused} with the
 *       backend's own one-line error text; no exception escapes for a rule the backend cannot take.
 *   <li>Rule ids are per port and the backend's own: a created rule gets one above the highest id
 *       in use (0 on an empty port), as testpmd numbers them.
 *   <li>{@link #list} returns rules in creation order.
 *   <li>Control-plane calls may come from any thread, one at a time (callers serialise them);
 *       traffic runs concurrently on the lanes.
 * </ul>
 *
 * <p>An {@code RteFlowOffload} adapter maps each method to {@code rte_flow_validate}, {@code
 * rte_flow_create}, {@code rte_flow_destroy}, {@code rte_flow_flush}, {@code rte_flow_query}
 * (COUNT) and {@code rte_flow_isolate}, keeps the {@code struct rte_flow *} handle per id, and
 * returns the {@code rte_flow_error} message as the refusal text.
 */
public interface FlowOffload {
  /** Short backend name shown to operators: {@code sw}, {@code hw}, ... */
  String name();

  /** Checks that this backend would take {@code rule} on {@code port}, without creating it. */
  OffloadResult<Placement> validate(int port, FlowRule rule);

  /** Creates {@code rule} on {@code port}. */
  OffloadResult<OffloadedRule> create(int port, FlowRule rule);

  /** Destroys rule {@code id} of {@code port}; returns the destroyed rule. */
  OffloadResult<OffloadedRule> destroy(int port, long id);

  /** Destroys every rule of {@code port}; returns how many there were. */
  OffloadResult<Integer> flush(int port);

  /** Reads the COUNT action of rule {@code id}; refused for a rule without COUNT. */
  OffloadResult<RuleCounts> query(int port, long id);

  /**
   * Restricts (or stops restricting) {@code port}'s ingress to traffic that rules steer; returns
   * where the isolation is enforced.
   */
  OffloadResult<Placement> isolate(int port, boolean enabled);

  /** The rules of {@code port} in creation order. */
  List<OffloadedRule> list(int port);
}
