package io.vstack.rss;

/**
 * The seeded hash of a {@link FlowKey} that partitions flows over lanes.
 *
 * <p>Seeded so a remote peer cannot choose 4-tuples that all land on one lane (the same reason
 * gVisor's dispatcher seeds its hash); the seed is chosen at start-up. The mix is two rounds of the
 * 64-bit finaliser of MurmurHash3 over the packed fields: cheap (a few multiplies), and every input
 * bit affects every output bit, so the low bits that index the table are well spread.
 */
public final class FlowHash {
  private FlowHash() {}

  /** The 32-bit hash of {@code key} under {@code seed}. */
  public static int hash(final long seed, final FlowKey key) {
    return hash(
        seed,
        key.tenant(),
        key.sourceAddress(),
        key.destinationAddress(),
        key.sourcePort(),
        key.destinationPort());
  }

  /** The 32-bit hash of the given fields under {@code seed}. */
  public static int hash(
      final long seed,
      final int tenant,
      final int sourceAddress,
      final int destinationAddress,
      final int sourcePort,
      final int destinationPort) {
    long h =
        seed ^ ((long) tenant << 32 | (sourcePort & 0xFFFFL) << 16 | destinationPort & 0xFFFFL);
    h = mix(h);
    h ^= (long) sourceAddress << 32 | destinationAddress & 0xFFFF_FFFFL;
    h = mix(h);
    return (int) (h ^ h >>> 32);
  }

  private static long mix(final long value) {
    long h = value;
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }
}
