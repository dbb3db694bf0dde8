package io.vstack.dpdk;

/**
 * What {@link RteFlowCompiler} made of one {@code io.vstack.flow.FlowRule}: the encoded rule, or
 * the part of the rule this backend cannot express.
 */
public sealed interface RteFlowCompilation {
  /** Prefix of every {@link Unsupported#message()}. */
  String UNSUPPORTED = "not supported by this backend: ";

  /** The rule as DPDK 22.11 structs, ready for {@link RteFlow#validate}/{@link RteFlow#create}. */
  record Compiled(RteFlowBuilder rule) implements RteFlowCompilation {}

  /**
   * The rule uses something the rte_flow backend cannot encode.
   *
   * @param element the item or action, e.g. {@code vxlan_encap action}
   * @param reason why, for the operator
   */
  record Unsupported(String element, String reason) implements RteFlowCompilation {
    /** One line: {@code not supported by this backend: <element> (<reason>)}. */
    public String message() {
      return UNSUPPORTED + element + " (" + reason + ")";
    }
  }

  /** True when the rule was encoded. */
  default boolean isCompiled() {
    return this instanceof Compiled;
  }
}
