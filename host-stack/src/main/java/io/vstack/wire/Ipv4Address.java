package io.vstack.wire;

import static java.nio.ByteOrder.BIG_ENDIAN;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/** IPv4 addresses held in an {@code int} (network order: first octet most significant). */
public final class Ipv4Address {
  public static final int LENGTH = 4;
  public static final int ANY = 0;
  public static final int BROADCAST = 0xFFFF_FFFF;

  private Ipv4Address() {}

  public static int read(final DirectBuffer buffer, final int offset) {
    return buffer.getInt(offset, BIG_ENDIAN);
  }

  public static void write(final MutableDirectBuffer buffer, final int offset, final int address) {
    buffer.putInt(offset, address, BIG_ENDIAN);
  }

  /** Parses dotted-quad text; throws IllegalArgumentException naming the text. */
  public static int parse(final String text) {
    final String[] parts = text.split("\\.", -1);
    if (parts.length != LENGTH) {
      throw new IllegalArgumentException("not an IPv4 address (want a.b.c.d): " + text);
    }
    int address = 0;
    for (final String part : parts) {
      final int octet;
      try {
        octet = part.isEmpty() || part.length() > 3 ? -1 : Integer.parseInt(part);
      } catch (final NumberFormatException e) {
        throw new IllegalArgumentException("not an IPv4 address (want a.b.c.d): " + text);
      }
      if (octet < 0 || octet > 255) {
        throw new IllegalArgumentException("not an IPv4 address (want a.b.c.d): " + text);
      }
      address = (address << 8) | octet;
    }
    return address;
  }

  public static String toString(final int address) {
    return (address >>> 24)
        + "."
        + ((address >>> 16) & 0xFF)
        + "."
        + ((address >>> 8) & 0xFF)
        + "."
        + (address & 0xFF);
  }

  /** The network mask of a prefix length 0..32. */
  public static int mask(final int prefixLength) {
    return prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
  }
}
