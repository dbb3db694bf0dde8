package io.vstack.tcp;

/**
 * Initial sequence numbers per RFC 6528: {@code ISN = M + F(localip, localport, remoteip,
 * remoteport, secretkey)} where M is a timer ticking every 4 microseconds and F is SipHash-2-4
 * keyed with a per-boot secret. The timer keeps successive incarnations of one 4-tuple moving
 * forward (so old duplicates fall behind the new ISN); the keyed hash makes the ISN of a 4-tuple
 * unguessable by an off-path attacker.
 */
public final class IsnGenerator {
  private final SipHash hash;

  /** A generator keyed by a 128-bit secret that must be random per boot. */
  public IsnGenerator(final long secret0, final long secret1) {
    this.hash = new SipHash(secret0, secret1);
  }

  /** The ISN for a connection at {@code nowNanos}. */
  public int isn(
      final int localAddress,
      final int localPort,
      final int remoteAddress,
      final int remotePort,
      final long nowNanos) {
    final long m0 = ((long) localAddress << 32) | (remoteAddress & 0xFFFF_FFFFL);
    final long m1 = ((long) (localPort & 0xFFFF) << 16) | (remotePort & 0xFFFF);
    final int keyed = (int) hash.hash(m0, m1);
    final int ticks4us = (int) (nowNanos / 4_000L);
    return ticks4us + keyed;
  }
}
