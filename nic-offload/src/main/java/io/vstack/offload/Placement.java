package io.vstack.offload;

/**
 * Which backend holds (or would hold) a rule, and why when it is not the first choice: {@code hw},
 * or {@code sw (hw: item not supported)}.
 *
 * @param backend {@link FlowOffload#name()} of the backend
 * @param reason why a preferred backend did not take the rule; empty when it did
 */
public record Placement(String backend, String reason) {
  /** {@code backend} or {@code backend (reason)}. */
  @Override
  public String toString() {
    return reason.isEmpty() ? backend : backend + " (" + reason + ")";
  }
}
