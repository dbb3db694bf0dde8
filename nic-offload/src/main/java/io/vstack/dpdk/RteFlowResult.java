package io.vstack.dpdk;

/**
 * The outcome of an rte_flow call: {@link Ok} with a value, or {@link Refused} with DPDK's reason.
 * A refusal is an expected answer (the capability probe falls back to software on it), so it is a
 * value, not an exception; {@link #orThrow()} turns it into one where it is not.
 *
 * @param <T> the value of a successful call ({@link Void} when there is none).
 */
public sealed interface RteFlowResult<T> {
  /** DPDK accepted the call. */
  record Ok<T>(T value) implements RteFlowResult<T> {}

  /** DPDK refused the call. */
  record Refused<T>(RteFlowError error) implements RteFlowResult<T> {}

  default boolean isOk() {
    return this instanceof Ok;
  }

  /**
   * The value of a successful call.
   *
   * @throws RteFlowException carrying DPDK's message when refused.
   */
  default T orThrow() {
    return switch (this) {
      case Ok<T> ok -> ok.value();
      case Refused<T> refused -> throw new RteFlowException(refused.error());
    };
  }

  /**
   * DPDK's reason for refusing.
   *
   * @throws IllegalStateException when the call succeeded.
   */
  default RteFlowError error() {
    return switch (this) {
      case Ok<T> ok -> throw new IllegalStateException("the rte_flow call succeeded: " + ok);
      case Refused<T> refused -> refused.error();
    };
  }
}
