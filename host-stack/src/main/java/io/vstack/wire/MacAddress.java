package io.vstack.wire;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * 48-bit MAC addresses held in the low bits of a {@code long}, so the hot path never allocates an
 * address object. Byte 0 of the wire form is the most significant of the 48 bits.
 */
public final class MacAddress {
  public static final int LENGTH = 6;
  public static final long BROADCAST = 0xFFFF_FFFF_FFFFL;
  public static final long ZERO = 0L;

  private MacAddress() {}

  public static long read(final DirectBuffer buffer, final int offset) {
    final long high = buffer.getShort(offset, java.nio.ByteOrder.BIG_ENDIAN) & 0xFFFFL;
    final long low = buffer.getInt(offset + 2, java.nio.ByteOrder.BIG_ENDIAN) & 0xFFFF_FFFFL;
    return (high << 32) | low;
  }

  public static void write(final MutableDirectBuffer buffer, final int offset, final long mac) {
    buffer.putShort(offset, (short) (mac >>> 32), java.nio.ByteOrder.BIG_ENDIAN);
    buffer.putInt(offset + 2, (int) mac, java.nio.ByteOrder.BIG_ENDIAN);
  }

  /** True for group (multicast and broadcast) addresses: I/G bit of the first octet. */
  public static boolean isMulticast(final long mac) {
    return ((mac >>> 40) & 1L) != 0;
  }

  /** Parses {@code aa:bb:cc:dd:ee:ff} (or with {@code -}); throws IllegalArgumentException. */
  public static long parse(final String text) {
    final String[] parts = text.split("[:-]");
    if (parts.length != LENGTH) {
      throw new IllegalArgumentException("not a MAC address (want aa:bb:cc:dd:ee:ff): " + text);
    }
    long mac = 0;
    for (final String part : parts) {
      if (part.length() != 2) {
        throw new IllegalArgumentException("not a MAC address (want aa:bb:cc:dd:ee:ff): " + text);
      }
      try {
        mac = (mac << 8) | Integer.parseInt(part, 16);
      } catch (final NumberFormatException e) {
        throw new IllegalArgumentException("not a MAC address (want aa:bb:cc:dd:ee:ff): " + text);
      }
    }
    return mac;
  }

  public static String toString(final long mac) {
    final StringBuilder text = new StringBuilder(17);
    for (int shift = 40; shift >= 0; shift -= 8) {
      if (shift != 40) {
        text.append(':');
      }
      final int octet = (int) ((mac >>> shift) & 0xFF);
      text.append(Character.forDigit(octet >>> 4, 16)).append(Character.forDigit(octet & 0xF, 16));
    }
    return text.toString();
  }
}
