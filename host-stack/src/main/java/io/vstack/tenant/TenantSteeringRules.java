package io.vstack.tenant;

import io.vstack.flow.FlowAction;
import io.vstack.flow.FlowAttributes;
import io.vstack.flow.FlowRule;
import io.vstack.flow.ItemField;
import io.vstack.flow.ItemType;
import io.vstack.flow.PatternItem;
import io.vstack.wire.OverlayProtocol;
import java.util.ArrayList;
import java.util.List;

/**
 * The NIC steering rules of a host's tenants, as {@code io.vstack.flow} rules any flow offload
 * backend (rte_flow, DOCA Flow, the software matcher) can take.
 *
 * <p>Per tenant, at {@link #TENANT_PRIORITY}:
 *
 * <pre>
 * ingress pattern eth / ipv4 / udp dst is &lt;port&gt; / vxlan vni is &lt;vni&gt; / end
 *   actions mark id &lt;tenant id&gt; / queue index &lt;lane&gt; / count identifier &lt;tenant id&gt; / end
 * </pre>
 *
 * (with {@code geneve vni is} for Geneve), so the NIC tags each frame with its tenant (the fast
 * path reads the MARK instead of looking the VNI up), spreads tenants over lanes and counts per
 * tenant. One rule at {@link #UNKNOWN_VNI_PRIORITY} (lower precedence) counts and drops every other
 * frame to the overlay UDP port: unknown VNIs and malformed tunnel headers never reach a lane.
 * Other traffic (ARP, underlay management) matches no rule and keeps the port's default path.
 *
 * <p>The underlay is IPv4 (as {@code host.underlay} in vstack.yaml) and the overlay port must be
 * the protocol's IANA port, the only one NIC parsers (and the software matcher) recognise the
 * tunnel header on. Lanes: {@link #lane} is {@code tenant id mod lanes} until lanes are assigned by
 * the scheduler.
 */
public final class TenantSteeringRules {
  /** Priority of the per-tenant rules (rte_flow: lower value wins). */
  public static final int TENANT_PRIORITY = 0;

  /** Priority of the rule dropping unknown VNIs. */
  public static final int UNKNOWN_VNI_PRIORITY = 1;

  /** COUNT identifier of the unknown-VNI rule; tenants count under their id (1..65535). */
  public static final int UNKNOWN_VNI_COUNTER = 0;

  private TenantSteeringRules() {}

  /**
   * The rules for every tenant of {@code tenants}, in registry order, then the unknown-VNI drop.
   *
   * @param protocol the overlay encapsulation
   * @param udpPort the overlay UDP destination port; must be {@link OverlayProtocol#udpPort()}
   * @param lanes number of lanes (rx queues) to spread tenants over, at least 1
   */
  public static List<FlowRule> compile(
      final TenantRegistry tenants,
      final OverlayProtocol protocol,
      final int udpPort,
      final int lanes) {
    if (protocol == null) {
      throw new IllegalArgumentException("overlay protocol is not set");
    }
    if (udpPort < 1 || udpPort > 0xFFFF) {
      throw new IllegalArgumentException("overlay UDP port must be 1..65535: " + udpPort);
    }
    if (udpPort != protocol.udpPort()) {
      // Parsers (mlx5 on ConnectX-5, net_tap, the software matcher) recognise the tunnel header
      // by its IANA port only; a VNI item after another port would never match, and the drop
      // rule would then discard every tenant's traffic.
      throw new IllegalArgumentException(
          "overlay UDP port "
              + udpPort
              + " cannot be steered by the NIC: "
              + protocol
              + " is recognised on port "
              + protocol.udpPort()
              + " only; use that port or leave steering to software");
    }
    if (lanes < 1 || lanes > 0xFFFF) {
      throw new IllegalArgumentException("lanes must be 1..65535: " + lanes);
    }
    final List<FlowRule> rules = new ArrayList<>(tenants.size() + 1);
    for (int slot = 0; slot < tenants.size(); slot++) {
      rules.add(tenantRule(tenants.tenant(slot), protocol, udpPort, lanes));
    }
    rules.add(
        new FlowRule(
            FlowAttributes.INGRESS.withPriority(UNKNOWN_VNI_PRIORITY),
            underlay(udpPort),
            List.of(new FlowAction.Count(UNKNOWN_VNI_COUNTER), new FlowAction.Drop())));
    return List.copyOf(rules);
  }

  /** The rule steering {@code tenant}'s overlay frames. */
  public static FlowRule tenantRule(
      final Tenant tenant, final OverlayProtocol protocol, final int udpPort, final int lanes) {
    final List<PatternItem> pattern = new ArrayList<>(underlay(udpPort));
    pattern.add(
        protocol == OverlayProtocol.VXLAN
            ? PatternItem.of(ItemType.VXLAN).is(ItemField.VXLAN_VNI, tenant.vni())
            : PatternItem.of(ItemType.GENEVE).is(ItemField.GENEVE_VNI, tenant.vni()));
    return new FlowRule(
        FlowAttributes.INGRESS.withPriority(TENANT_PRIORITY),
        pattern,
        List.of(
            new FlowAction.Mark(tenant.id()),
            new FlowAction.Queue(lane(tenant, lanes)),
            new FlowAction.Count(tenant.id())));
  }

  /** The lane (rx queue) of {@code tenant}: its id modulo {@code lanes}. */
  public static int lane(final Tenant tenant, final int lanes) {
    return tenant.id() % lanes;
  }

  /** {@code eth / ipv4 / udp dst is <port>}: the outer headers of overlay frames. */
  private static List<PatternItem> underlay(final int udpPort) {
    return List.of(
        PatternItem.of(ItemType.ETH),
        PatternItem.of(ItemType.IPV4),
        PatternItem.of(ItemType.UDP).is(ItemField.UDP_DST, udpPort));
  }
}
