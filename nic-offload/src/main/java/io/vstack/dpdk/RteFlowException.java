package io.vstack.dpdk;

/** Thrown by {@link RteFlowResult#orThrow()} when DPDK refused an rte_flow call. */
public final class RteFlowException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient RteFlowError error;

  RteFlowException(final RteFlowError error) {
    super(error.toString());
    this.error = error;
  }

  public RteFlowError error() {
    return error;
  }
}
