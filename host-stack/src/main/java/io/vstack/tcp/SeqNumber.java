package io.vstack.tcp;

/**
 * TCP sequence-number arithmetic on plain {@code int}s (RFC 9293 section 3.4, RFC 1982 serial
 * number arithmetic): a "type" that costs no allocation.
 *
 * <p>Sequence numbers live on a 2^32 circle, so ordering is only defined between numbers less than
 * 2^31 apart: {@code a} is before {@code b} when the signed 32-bit difference {@code a - b} is
 * negative. Every comparison in the TCP engine goes through these helpers so that no plain {@code
 * <} on sequence numbers slips in and breaks at the wrap.
 */
public final class SeqNumber {
  private SeqNumber() {}

  /** True when {@code a} comes strictly before {@code b}. */
  public static boolean lt(final int a, final int b) {
    return a - b < 0;
  }

  /** True when {@code a} comes before or equals {@code b}. */
  public static boolean le(final int a, final int b) {
    return a - b <= 0;
  }

  /** True when {@code a} comes strictly after {@code b}. */
  public static boolean gt(final int a, final int b) {
    return a - b > 0;
  }

  /** True when {@code a} comes after or equals {@code b}. */
  public static boolean ge(final int a, final int b) {
    return a - b >= 0;
  }

  /**
   * True when {@code low <= x <= high} walking forward from {@code low}; the interval may span the
   * wrap. Defined for any {@code low}/{@code high}, unlike a pair of {@link #le} calls, because it
   * measures both distances from {@code low} as unsigned numbers.
   */
  public static boolean between(final int low, final int x, final int high) {
    return Integer.compareUnsigned(x - low, high - low) <= 0;
  }

  /** True when {@code start <= x < start + length} on the circle ({@code length} unsigned). */
  public static boolean inWindow(final int x, final int start, final int length) {
    return Integer.compareUnsigned(x - start, length) < 0;
  }

  /** {@code a + n} modulo 2^32. */
  public static int add(final int a, final int n) {
    return a + n;
  }

  /** Signed distance {@code a - b}; meaningful when the two are less than 2^31 apart. */
  public static int diff(final int a, final int b) {
    return a - b;
  }

  /** The later of two sequence numbers. */
  public static int max(final int a, final int b) {
    return gt(a, b) ? a : b;
  }

  /** The earlier of two sequence numbers. */
  public static int min(final int a, final int b) {
    return lt(a, b) ? a : b;
  }
}
