package io.vstack.wire;

import java.util.Arrays;
import java.util.HexFormat;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * An immutable byte string with value equality, for the variable-length parts of {@code *Repr}
 * records (IPv4 options, ICMP data, transport payloads). Records compare arrays by reference, so
 * they hold this instead of a raw {@code byte[]}. Slow path only: it allocates.
 */
public final class Octets {
  /** The empty byte string. */
  public static final Octets EMPTY = new Octets(new byte[0]);

  private final byte[] bytes;

  private Octets(final byte[] bytes) {
    this.bytes = bytes;
  }

  /** A copy of {@code bytes}. */
  public static Octets of(final byte... bytes) {
    return bytes.length == 0 ? EMPTY : new Octets(bytes.clone());
  }

  /** Bytes given as unsigned values 0..255 (readable in tests and constants). */
  public static Octets of(final int... values) {
    final byte[] bytes = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      bytes[i] = (byte) values[i];
    }
    return values.length == 0 ? EMPTY : new Octets(bytes);
  }

  /** Copies {@code length} bytes at {@code offset} out of a buffer. */
  public static Octets read(final DirectBuffer buffer, final int offset, final int length) {
    if (length == 0) {
      return EMPTY;
    }
    final byte[] copy = new byte[length];
    buffer.getBytes(offset, copy);
    return new Octets(copy);
  }

  /** Writes these bytes into a buffer at {@code offset}. */
  public void write(final MutableDirectBuffer buffer, final int offset) {
    buffer.putBytes(offset, bytes);
  }

  public int length() {
    return bytes.length;
  }

  public byte get(final int index) {
    return bytes[index];
  }

  /** A copy of the bytes. */
  public byte[] toArray() {
    return bytes.clone();
  }

  @Override
  public boolean equals(final Object other) {
    return other instanceof Octets octets && Arrays.equals(bytes, octets.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  /** Lower-case hex, the way tshark prints raw bytes. */
  @Override
  public String toString() {
    return HexFormat.of().formatHex(bytes);
  }
}
