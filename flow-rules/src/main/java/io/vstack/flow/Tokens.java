package io.vstack.flow;

import java.util.function.Function;

/** Lookup of the enum constant spelled {@code token} in testpmd syntax. */
final class Tokens {
  private Tokens() {}

  /** The constant of {@code values} whose token is {@code token}, or null. */
  static <E> E find(final E[] values, final Function<E, String> tokenOf, final String token) {
    for (final E value : values) {
      if (tokenOf.apply(value).equals(token)) {
        return value;
      }
    }
    return null;
  }
}
