package io.vstack.flow;

/** RSS hash function ({@code rss func <name>}). */
public enum RssFunction {
  DEFAULT("default"),
  TOEPLITZ("toeplitz"),
  SIMPLE_XOR("simple_xor"),
  SYMMETRIC_TOEPLITZ("symmetric_toeplitz");

  private final String token;

  RssFunction(final String token) {
    this.token = token;
  }

  /** The testpmd name, e.g. {@code simple_xor}. */
  public String token() {
    return token;
  }

  /** The function named {@code token}, or null. */
  public static RssFunction fromToken(final String token) {
    return Tokens.find(values(), RssFunction::token, token);
  }
}
