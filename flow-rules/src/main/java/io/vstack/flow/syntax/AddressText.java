package io.vstack.flow.syntax;

import java.math.BigInteger;
import java.util.HexFormat;

/**
 * Text forms of MAC, IPv4 and IPv6 addresses as testpmd reads them (strict: the forms its parser
 * accepts, no leading zeros in IPv4 octets) and canonical printing. Values are unsigned
 * BigIntegers, most significant byte first.
 */
final class AddressText {
  private AddressText() {}

  /** {@code aa:bb:cc:dd:ee:ff} (two hex digits per byte), or null. */
  static BigInteger parseMac(final String text) {
    if (text.length() != 17) {
      return null;
    }
    long value = 0;
    for (int i = 0; i < 6; i++) {
      final int at = i * 3;
      if (i > 0 && text.charAt(at - 1) != ':') {
        return null;
      }
      final int hi = Character.digit(text.charAt(at), 16);
      final int lo = Character.digit(text.charAt(at + 1), 16);
      if (hi < 0 || lo < 0 || !isAsciiHex(text.charAt(at)) || !isAsciiHex(text.charAt(at + 1))) {
        return null;
      }
      value = value << 8 | hi << 4 | lo;
    }
    return BigInteger.valueOf(value);
  }

  static String formatMac(final BigInteger value) {
    final StringBuilder text = new StringBuilder(17);
    for (int shift = 40; shift >= 0; shift -= 8) {
      if (shift != 40) {
        text.append(':');
      }
      text.append(HexFormat.of().toHexDigits((byte) value.shiftRight(shift).intValue()));
    }
    return text.toString();
  }

  /** Dotted quad, each octet decimal 0..255 without leading zeros, or null. */
  static BigInteger parseIpv4(final String text) {
    final long value = ipv4(text);
    return value < 0 ? null : BigInteger.valueOf(value);
  }

  private static long ipv4(final String text) {
    final String[] parts = text.split("\\.", -1);
    if (parts.length != 4) {
      return -1;
    }
    long value = 0;
    for (final String part : parts) {
      if (part.isEmpty() || part.length() > 3 || (part.length() > 1 && part.charAt(0) == '0')) {
        return -1;
      }
      int octet = 0;
      for (int i = 0; i < part.length(); i++) {
        final char c = part.charAt(i);
        if (c < '0' || c > '9') {
          return -1;
        }
        octet = octet * 10 + (c - '0');
      }
      if (octet > 255) {
        return -1;
      }
      value = value << 8 | octet;
    }
    return value;
  }

  static String formatIpv4(final BigInteger value) {
    final long v = value.longValue();
    return (v >>> 24 & 0xFF) + "." + (v >>> 16 & 0xFF) + "." + (v >>> 8 & 0xFF) + "." + (v & 0xFF);
  }

  /** RFC 4291 text (with {@code ::} and an optional dotted IPv4 tail), or null. */
  static BigInteger parseIpv6(final String text) {
    final int[] groups = new int[8];
    final int gap = text.indexOf("::");
    if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
      return null;
    }
    final String head = gap >= 0 ? text.substring(0, gap) : text;
    final String tail = gap >= 0 ? text.substring(gap + 2) : "";
    final int[] headGroups = groups(head, gap < 0);
    final int[] tailGroups = gap >= 0 ? groups(tail, true) : new int[0];
    if (headGroups == null || tailGroups == null) {
      return null;
    }
    final int used = headGroups.length + tailGroups.length;
    if (gap < 0 ? used != 8 : used > 7) {
      return null;
    }
    System.arraycopy(headGroups, 0, groups, 0, headGroups.length);
    System.arraycopy(tailGroups, 0, groups, 8 - tailGroups.length, tailGroups.length);
    BigInteger value = BigInteger.ZERO;
    for (final int group : groups) {
      value = value.shiftLeft(16).or(BigInteger.valueOf(group));
    }
    return value;
  }

  /** Colon-separated hex groups; the last may be a dotted IPv4 (two groups) when allowed. */
  private static int[] groups(final String text, final boolean ipv4TailAllowed) {
    if (text.isEmpty()) {
      return new int[0];
    }
    final String[] parts = text.split(":", -1);
    final int last = parts.length - 1;
    final boolean ipv4Tail = ipv4TailAllowed && parts[last].indexOf('.') >= 0;
    final int[] groups = new int[parts.length + (ipv4Tail ? 1 : 0)];
    for (int i = 0; i < parts.length; i++) {
      final String part = parts[i];
      if (i == last && ipv4Tail) {
        final long v4 = ipv4(part);
        if (v4 < 0) {
          return null;
        }
        groups[i] = (int) (v4 >>> 16);
        groups[i + 1] = (int) (v4 & 0xFFFF);
        continue;
      }
      if (part.isEmpty() || part.length() > 4) {
        return null;
      }
      int group = 0;
      for (int j = 0; j < part.length(); j++) {
        final char c = part.charAt(j);
        if (!isAsciiHex(c)) {
          return null;
        }
        group = group << 4 | Character.digit(c, 16);
      }
      groups[i] = group;
    }
    return groups;
  }

  /** RFC 5952: lowercase, no leading zeros, the longest run (2+) of zero groups as {@code ::}. */
  static String formatIpv6(final BigInteger value) {
    final int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = value.shiftRight(16 * (7 - i)).intValue() & 0xFFFF;
    }
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < 8; ) {
      int j = i;
      while (j < 8 && groups[j] == 0) {
        j++;
      }
      if (j - i > bestLength) {
        bestStart = i;
        bestLength = j - i;
      }
      i = j == i ? i + 1 : j;
    }
    final StringBuilder text = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        text.append("::");
        i += bestLength - 1;
        continue;
      }
      if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
        text.append(':');
      }
      text.append(Integer.toHexString(groups[i]));
    }
    return text.toString();
  }

  static boolean isAsciiHex(final char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }
}
