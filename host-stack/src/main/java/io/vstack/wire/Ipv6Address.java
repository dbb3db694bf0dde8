package io.vstack.wire;

import static java.nio.ByteOrder.BIG_ENDIAN;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * A 128-bit IPv6 address as two {@code long}s: {@code hi} holds bytes 0..7 of the wire form (byte 0
 * most significant), {@code lo} bytes 8..15. The record serves the slow path and tests; the fast
 * path keeps the two longs (see {@link #readHi}, {@link #readLo}) and compares them without
 * allocating.
 *
 * @param hi first 8 bytes in network order
 * @param lo last 8 bytes in network order
 */
public record Ipv6Address(long hi, long lo) {
  public static final int LENGTH = 16;
  /** {@code ::}, the unspecified address. */
  public static final Ipv6Address UNSPECIFIED = new Ipv6Address(0, 0);

  private static final int GROUPS = 8;

  /** The first 8 bytes of the address at {@code offset}. */
  public static long readHi(final DirectBuffer buffer, final int offset) {
    return buffer.getLong(offset, BIG_ENDIAN);
  }

  /** The last 8 bytes of the address at {@code offset}. */
  public static long readLo(final DirectBuffer buffer, final int offset) {
    return buffer.getLong(offset + 8, BIG_ENDIAN);
  }

  /** Reads an address (allocates; slow path). */
  public static Ipv6Address read(final DirectBuffer buffer, final int offset) {
    return new Ipv6Address(readHi(buffer, offset), readLo(buffer, offset));
  }

  public static void write(final MutableDirectBuffer buffer, final int offset, final long hi, final long lo) {
    buffer.putLong(offset, hi, BIG_ENDIAN);
    buffer.putLong(offset + 8, lo, BIG_ENDIAN);
  }

  public void write(final MutableDirectBuffer buffer, final int offset) {
    write(buffer, offset, hi, lo);
  }

  /** True for multicast addresses ({@code ff00::/8}). */
  public static boolean isMulticast(final long hi) {
    return (hi >>> 56) == 0xFF;
  }

  public boolean isMulticast() {
    return isMulticast(hi);
  }

  public boolean isUnspecified() {
    return hi == 0 && lo == 0;
  }

  /** The solicited-node multicast address {@code ff02::1:ffXX:XXXX} for this address (RFC 4291 2.7.1). */
  public Ipv6Address solicitedNode() {
    return new Ipv6Address(0xFF02_0000_0000_0000L, 0x0000_0001_FF00_0000L | (lo & 0x00FF_FFFFL));
  }

  /** The 16-bit group {@code index} (0..7) of the address. */
  public int group(final int index) {
    final long half = index < 4 ? hi : lo;
    return (int) (half >>> (48 - 16 * (index & 3))) & 0xFFFF;
  }

  /**
   * Parses RFC 4291 text ({@code 2001:db8::1}, {@code ::}, {@code ::ffff:192.0.2.1}, hex digits in
   * either case); throws IllegalArgumentException naming the text.
   */
  public static Ipv6Address parse(final String text) {
    final int[] groups = new int[GROUPS];
    final int gap = text.indexOf("::");
    if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
      throw invalid(text);
    }
    final String head = gap >= 0 ? text.substring(0, gap) : text;
    final String tail = gap >= 0 ? text.substring(gap + 2) : "";
    final int headCount = parseGroups(head, groups, text);
    final int[] tailGroups = new int[GROUPS];
    final int tailCount = parseGroups(tail, tailGroups, text);
    if (gap < 0 ? headCount != GROUPS : headCount + tailCount > GROUPS - 1) {
      throw invalid(text);
    }
    System.arraycopy(tailGroups, 0, groups, GROUPS - tailCount, tailCount);
    long hi = 0;
    long lo = 0;
    for (int i = 0; i < 4; i++) {
      hi = (hi << 16) | groups[i];
      lo = (lo << 16) | groups[i + 4];
    }
    return new Ipv6Address(hi, lo);
  }

  /** Parses {@code a:b:...} (or an embedded dotted quad last) into groups; returns the count. */
  private static int parseGroups(final String part, final int[] groups, final String text) {
    if (part.isEmpty()) {
      return 0;
    }
    final String[] fields = part.split(":", -1);
    int count = 0;
    for (int i = 0; i < fields.length; i++) {
      final String field = fields[i];
      if (i == fields.length - 1 && field.indexOf('.') >= 0) {
        if (count + 2 > GROUPS) {
          throw invalid(text);
        }
        final int v4;
        try {
          v4 = Ipv4Address.parse(field);
        } catch (final IllegalArgumentException e) {
          throw invalid(text);
        }
        groups[count++] = v4 >>> 16;
        groups[count++] = v4 & 0xFFFF;
        continue;
      }
      if (field.isEmpty() || field.length() > 4 || count >= GROUPS) {
        throw invalid(text);
      }
      int value = 0;
      for (int c = 0; c < field.length(); c++) {
        final int digit = Character.digit(field.charAt(c), 16);
        if (digit < 0) {
          throw invalid(text);
        }
        value = (value << 4) | digit;
      }
      groups[count++] = value;
    }
    return count;
  }

  private static IllegalArgumentException invalid(final String text) {
    return new IllegalArgumentException("not an IPv6 address (want e.g. 2001:db8::1): " + text);
  }

  /**
   * RFC 5952 canonical text: lower-case hex, no leading zeros, the longest run (two or more) of zero
   * groups compressed to {@code ::} (the first run on a tie).
   */
  @Override
  public String toString() {
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < GROUPS; ) {
      if (group(i) != 0) {
        i++;
        continue;
      }
      int end = i;
      while (end < GROUPS && group(end) == 0) {
        end++;
      }
      if (end - i > bestLength) {
        bestStart = i;
        bestLength = end - i;
      }
      i = end;
    }
    final StringBuilder text = new StringBuilder(39);
    for (int i = 0; i < GROUPS; i++) {
      if (i == bestStart) {
        text.append("::");
        i += bestLength - 1;
        continue;
      }
      if (!text.isEmpty() && text.charAt(text.length() - 1) != ':') {
        text.append(':');
      }
      text.append(Integer.toHexString(group(i)));
    }
    return text.toString();
  }
}
