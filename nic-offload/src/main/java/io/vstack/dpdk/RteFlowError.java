package io.vstack.dpdk;

/**
 * Why DPDK refused an rte_flow call: the {@code struct rte_flow_error} it filled in.
 *
 * @param operation what was asked, e.g. {@code rte_flow_validate on net_tap0}.
 * @param errno the positive error number the call returned (e.g. 95 for ENOTSUP).
 * @param errnoText {@code rte_strerror(errno)}.
 * @param type {@code enum rte_flow_error_type}: which part of the rule is at fault.
 * @param message DPDK's (the PMD's) own message text, or {@code errnoText} when it gave none.
 */
public record RteFlowError(
    String operation, int errno, String errnoText, int type, String message) {
  private static final String[] TYPE_NAMES = {
    "NONE",
    "UNSPECIFIED",
    "HANDLE",
    "ATTR_GROUP",
    "ATTR_PRIORITY",
    "ATTR_INGRESS",
    "ATTR_EGRESS",
    "ATTR_TRANSFER",
    "ATTR",
    "ITEM_NUM",
    "ITEM_SPEC",
    "ITEM_LAST",
    "ITEM_MASK",
    "ITEM",
    "ACTION_NUM",
    "ACTION_CONF",
    "ACTION",
    "STATE"
  };

  /** The error type's name without the {@code RTE_FLOW_ERROR_TYPE_} prefix, e.g. {@code ITEM}. */
  public String typeName() {
    return type >= 0 && type < TYPE_NAMES.length ? TYPE_NAMES[type] : Integer.toString(type);
  }

  /** One line: what was refused, DPDK's message, the error number's text and the culprit. */
  @Override
  public String toString() {
    return operation
        + " refused: "
        + message
        + " ("
        + errnoText
        + ", errno "
        + errno
        + ", type "
        + typeName()
        + ")";
  }
}
