package io.vstack.overlay;

import static java.nio.ByteOrder.BIG_ENDIAN;

import org.agrona.MutableDirectBuffer;

/**
 * The outer UDP header fields (RFC 768) this package reads and writes. Deliberately minimal: the
 * checked {@code UdpDatagram} view lives on another branch; once it is merged these offsets give
 * way to it.
 *
 * <pre>
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |          Source Port          |       Destination Port        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |            Length             |           Checksum            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
final class OuterUdp {
  static final int SOURCE_PORT_OFFSET = 0;
  static final int DESTINATION_PORT_OFFSET = 2;
  static final int LENGTH_OFFSET = 4;
  static final int CHECKSUM_OFFSET = 6;
  static final int HEADER_LENGTH = 8;

  private OuterUdp() {}

  static void write(
      final MutableDirectBuffer buffer,
      final int offset,
      final int sourcePort,
      final int destinationPort,
      final int length) {
    buffer.putShort(offset + SOURCE_PORT_OFFSET, (short) sourcePort, BIG_ENDIAN);
    buffer.putShort(offset + DESTINATION_PORT_OFFSET, (short) destinationPort, BIG_ENDIAN);
    buffer.putShort(offset + LENGTH_OFFSET, (short) length, BIG_ENDIAN);
    buffer.putShort(offset + CHECKSUM_OFFSET, (short) 0, BIG_ENDIAN);
  }

  static int sourcePort(final MutableDirectBuffer buffer, final int offset) {
    return buffer.getShort(offset + SOURCE_PORT_OFFSET, BIG_ENDIAN) & 0xFFFF;
  }

  static int destinationPort(final MutableDirectBuffer buffer, final int offset) {
    return buffer.getShort(offset + DESTINATION_PORT_OFFSET, BIG_ENDIAN) & 0xFFFF;
  }

  static int length(final MutableDirectBuffer buffer, final int offset) {
    return buffer.getShort(offset + LENGTH_OFFSET, BIG_ENDIAN) & 0xFFFF;
  }

  static int checksum(final MutableDirectBuffer buffer, final int offset) {
    return buffer.getShort(offset + CHECKSUM_OFFSET, BIG_ENDIAN) & 0xFFFF;
  }

  static void checksum(final MutableDirectBuffer buffer, final int offset, final int checksum) {
    buffer.putShort(offset + CHECKSUM_OFFSET, (short) checksum, BIG_ENDIAN);
  }
}
