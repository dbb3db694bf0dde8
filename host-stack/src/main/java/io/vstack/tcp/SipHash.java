package io.vstack.tcp;

/**
 * SipHash-2-4 (Aumasson and Bernstein) of a fixed 16-byte message given as two 64-bit words: a
 * keyed pseudo-random function, so an attacker who does not know the key can neither predict
 * initial sequence numbers (RFC 6528) nor craft 4-tuples that collide in the connection table.
 *
 * <p>Only the 16-byte form is needed (a TCP/IPv4 4-tuple fits). The state lives in fields so the
 * rounds can be a method without allocating; hence an instance is not thread-safe, which suits the
 * single-threaded engine that owns it. Words are read little-endian as in the reference code.
 */
public final class SipHash {
  private final long k0;
  private final long k1;
  private long v0;
  private long v1;
  private long v2;
  private long v3;

  /** A hash keyed by the 128-bit key {@code (k0, k1)}. */
  public SipHash(final long k0, final long k1) {
    this.k0 = k0;
    this.k1 = k1;
  }

  /** SipHash-2-4 of the 16 bytes {@code m0 || m1} (each little-endian). */
  public long hash(final long m0, final long m1) {
    v0 = k0 ^ 0x736f6d6570736575L;
    v1 = k1 ^ 0x646f72616e646f6dL;
    v2 = k0 ^ 0x6c7967656e657261L;
    v3 = k1 ^ 0x7465646279746573L;
    compress(m0);
    compress(m1);
    // Final block: no tail bytes, just the message length (16) in the top byte.
    compress(16L << 56);
    v2 ^= 0xff;
    rounds(4);
    return v0 ^ v1 ^ v2 ^ v3;
  }

  private void compress(final long m) {
    v3 ^= m;
    rounds(2);
    v0 ^= m;
  }

  private void rounds(final int count) {
    for (int i = 0; i < count; i++) {
      v0 += v1;
      v1 = Long.rotateLeft(v1, 13) ^ v0;
      v0 = Long.rotateLeft(v0, 32);
      v2 += v3;
      v3 = Long.rotateLeft(v3, 16) ^ v2;
      v0 += v3;
      v3 = Long.rotateLeft(v3, 21) ^ v0;
      v2 += v1;
      v1 = Long.rotateLeft(v1, 17) ^ v2;
      v2 = Long.rotateLeft(v2, 32);
    }
  }
}
