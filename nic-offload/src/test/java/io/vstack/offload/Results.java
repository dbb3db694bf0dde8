package io.vstack.offload;

import static org.assertj.core.api.Assertions.assertThat;

/** Assertions on {@link OffloadResult}s (also used by the rte_flow backend's tests). */
public final class Results {
  private Results() {}

  /** The value of a result that must be done. */
  public static <T> T done(final OffloadResult<T> result) {
    assertThat(result).isInstanceOf(OffloadResult.Done.class);
    return ((OffloadResult.Done<T>) result).value();
  }

  /** {@code backend: message} of a result that must be refused. */
  public static String refusal(final OffloadResult<?> result) {
    assertThat(result).isInstanceOf(OffloadResult.Refused.class);
    return ((OffloadResult.Refused<?>) result).describe();
  }
}
