package io.vstack.wire;

import static java.nio.ByteOrder.BIG_ENDIAN;

import java.nio.ByteOrder;
import org.agrona.DirectBuffer;
import org.agrona.UnsafeApi;

/**
 * The Internet checksum (RFC 1071) over off-heap buffers, plus pseudo-header sums and incremental
 * update (RFC 1624).
 *
 * <p>Sums are carried as unfolded {@code long} accumulators so several regions (pseudo header,
 * header, payload) can be added before one {@link #finish}. The accumulator adds 32-bit big-endian
 * words: since 2^16 = 1 (mod 0xFFFF), folding a sum of 32-bit words gives the same one's-complement
 * sum as adding 16-bit words, at half the loads.
 */
public final class InternetChecksum {
  private static final boolean NATIVE_BIG_ENDIAN = ByteOrder.nativeOrder() == BIG_ENDIAN;

  private InternetChecksum() {}

  /**
   * Adds the bytes {@code [offset, offset + length)} to {@code sum} as big-endian 16-bit words,
   * padding an odd final byte with zero. Every region but the last must have even length.
   *
   * @throws IndexOutOfBoundsException when the region is not inside the buffer
   */
  public static long sum(
      final DirectBuffer buffer, final int offset, final int length, final long sum) {
    buffer.boundsCheck(offset, length);
    // Bulk: 16 bytes per step in native byte order from two independent accumulators, one bounds
    // check for the whole region. A one's-complement sum of byte-swapped words is the byte-swapped
    // sum (RFC 1071 section 2B), so the folded native sum is swapped back once at the end.
    final byte[] array = buffer.byteArray();
    final long base = buffer.addressOffset() + offset;
    final int bulk = length & ~15;
    long a = 0;
    long b = 0;
    for (int i = 0; i < bulk; i += 16) {
      final long first = UnsafeApi.getLong(array, base + i);
      final long second = UnsafeApi.getLong(array, base + i + 8);
      a += (first >>> 32) + (first & 0xFFFF_FFFFL);
      b += (second >>> 32) + (second & 0xFFFF_FFFFL);
    }
    final int folded = fold(a + b);
    long acc = sum + (NATIVE_BIG_ENDIAN ? folded : Short.reverseBytes((short) folded) & 0xFFFF);
    int i = offset + bulk;
    final int end = offset + length;
    if (end - i >= 8) {
      final long word = buffer.getLong(i, BIG_ENDIAN);
      acc += (word >>> 32) + (word & 0xFFFF_FFFFL);
      i += 8;
    }
    if (end - i >= 4) {
      acc += buffer.getInt(i, BIG_ENDIAN) & 0xFFFF_FFFFL;
      i += 4;
    }
    if (end - i >= 2) {
      acc += buffer.getShort(i, BIG_ENDIAN) & 0xFFFFL;
      i += 2;
    }
    if (i < end) {
      acc += (buffer.getByte(i) & 0xFFL) << 8;
    }
    return acc;
  }

  /** Folds an accumulator to a 16-bit one's-complement sum (not complemented). */
  public static int fold(final long sum) {
    long folded = (sum & 0xFFFF_FFFFL) + (sum >>> 32);
    folded = (folded & 0xFFFF) + (folded >>> 16);
    folded = (folded & 0xFFFF) + (folded >>> 16);
    folded = (folded & 0xFFFF) + (folded >>> 16);
    return (int) folded;
  }

  /** The checksum field value for an accumulator: the complement of the folded sum. */
  public static int finish(final long sum) {
    return ~fold(sum) & 0xFFFF;
  }

  /** The checksum of one region. */
  public static int compute(final DirectBuffer buffer, final int offset, final int length) {
    return finish(sum(buffer, offset, length, 0));
  }

  /** True when a region that contains its own checksum field verifies. */
  public static boolean verifies(
      final DirectBuffer buffer, final int offset, final int length, final long sum) {
    return fold(sum(buffer, offset, length, sum)) == 0xFFFF;
  }

  /** Sum of the IPv4 pseudo header (RFC 793/768): addresses, protocol and transport length. */
  public static long ipv4PseudoHeaderSum(
      final int source, final int destination, final int protocol, final int transportLength) {
    return (source & 0xFFFF_FFFFL) + (destination & 0xFFFF_FFFFL) + protocol + transportLength;
  }

  /**
   * Sum of the IPv6 pseudo header (RFC 8200 section 8.1): the 16-byte addresses read from the
   * buffer, upper-layer length and next header.
   */
  public static long ipv6PseudoHeaderSum(
      final DirectBuffer buffer,
      final int sourceOffset,
      final int destinationOffset,
      final int nextHeader,
      final long upperLayerLength) {
    long acc = sum(buffer, sourceOffset, 16, 0);
    acc = sum(buffer, destinationOffset, 16, acc);
    return acc + (upperLayerLength >>> 16) + (upperLayerLength & 0xFFFF) + nextHeader;
  }

  /**
   * Updates a checksum field when one 16-bit word changes (RFC 1624 eqn. 3: HC' = ~(~HC + ~m +
   * m')).
   */
  public static int update16(final int checksum, final int oldWord, final int newWord) {
    final long sum = (~checksum & 0xFFFF) + (~oldWord & 0xFFFF) + (newWord & 0xFFFF);
    return ~fold(sum) & 0xFFFF;
  }

  /** Updates a checksum field when one 32-bit value (e.g. an IPv4 address) changes. */
  public static int update32(final int checksum, final int oldValue, final int newValue) {
    final long sum =
        (~checksum & 0xFFFF)
            + (~(oldValue >>> 16) & 0xFFFF)
            + (~oldValue & 0xFFFF)
            + ((newValue >>> 16) & 0xFFFF)
            + (newValue & 0xFFFF);
    return ~fold(sum) & 0xFFFF;
  }
}
