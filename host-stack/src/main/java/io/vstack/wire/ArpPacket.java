package io.vstack.wire;

import static java.nio.ByteOrder.BIG_ENDIAN;

import org.agrona.MutableDirectBuffer;

/**
 * Checked flyweight view of an ARP packet (RFC 826) for Ethernet hardware and IPv4 protocol
 * addresses, the only combination this stack resolves.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     Hardware type (1)         |     Protocol type (0x0800)    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  HW len (6)   | Proto len (4) |          Operation            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                Sender hardware address (6 octets)             |
 * +                               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                               | Sender protocol address ...   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   ... (4 octets)              | Target hardware address ...   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+                               +
 * |                          (6 octets)                           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                Target protocol address (4 octets)             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>Bytes after the 28-byte packet (Ethernet padding) are ignored.
 */
public final class ArpPacket {
  public static final int HARDWARE_TYPE_OFFSET = 0;
  public static final int PROTOCOL_TYPE_OFFSET = 2;
  public static final int HARDWARE_LENGTH_OFFSET = 4;
  public static final int PROTOCOL_LENGTH_OFFSET = 5;
  public static final int OPERATION_OFFSET = 6;
  public static final int SENDER_HARDWARE_OFFSET = 8;
  public static final int SENDER_PROTOCOL_OFFSET = 14;
  public static final int TARGET_HARDWARE_OFFSET = 18;
  public static final int TARGET_PROTOCOL_OFFSET = 24;

  /** Length of an Ethernet/IPv4 ARP packet. */
  public static final int LENGTH = 28;

  public static final int HARDWARE_ETHERNET = 1;
  public static final int OPERATION_REQUEST = 1;
  public static final int OPERATION_REPLY = 2;

  private MutableDirectBuffer buffer;
  private int offset;

  /**
   * Wraps and checks a received packet.
   *
   * @return {@link WireError#OK}; {@link WireError#TRUNCATED} when shorter than 28 bytes; {@link
   *     WireError#UNSUPPORTED} for hardware types other than Ethernet, protocol types other than
   *     IPv4 and operations other than request/reply (e.g. RARP); {@link WireError#BAD_FIELD} when
   *     the address lengths do not match Ethernet (6) and IPv4 (4).
   */
  public WireError wrap(final MutableDirectBuffer buffer, final int offset, final int length) {
    this.buffer = buffer;
    this.offset = offset;
    if (Bounds.truncated(buffer, offset, length, LENGTH)) {
      return WireError.TRUNCATED;
    }
    if (hardwareType() != HARDWARE_ETHERNET || protocolType() != EthernetFrame.TYPE_IPV4) {
      return WireError.UNSUPPORTED;
    }
    if (hardwareLength() != MacAddress.LENGTH || protocolLength() != Ipv4Address.LENGTH) {
      return WireError.BAD_FIELD;
    }
    final int operation = operation();
    return operation == OPERATION_REQUEST || operation == OPERATION_REPLY
        ? WireError.OK
        : WireError.UNSUPPORTED;
  }

  /**
   * Wraps a buffer to write a new packet; writes the fixed Ethernet/IPv4 type and length fields.
   */
  public ArpPacket wrapForEmit(final MutableDirectBuffer buffer, final int offset) {
    this.buffer = buffer;
    this.offset = offset;
    buffer.putShort(offset + HARDWARE_TYPE_OFFSET, (short) HARDWARE_ETHERNET, BIG_ENDIAN);
    buffer.putShort(offset + PROTOCOL_TYPE_OFFSET, (short) EthernetFrame.TYPE_IPV4, BIG_ENDIAN);
    buffer.putByte(offset + HARDWARE_LENGTH_OFFSET, (byte) MacAddress.LENGTH);
    buffer.putByte(offset + PROTOCOL_LENGTH_OFFSET, (byte) Ipv4Address.LENGTH);
    return this;
  }

  public int offset() {
    return offset;
  }

  public int hardwareType() {
    return buffer.getShort(offset + HARDWARE_TYPE_OFFSET, BIG_ENDIAN) & 0xFFFF;
  }

  public int protocolType() {
    return buffer.getShort(offset + PROTOCOL_TYPE_OFFSET, BIG_ENDIAN) & 0xFFFF;
  }

  public int hardwareLength() {
    return buffer.getByte(offset + HARDWARE_LENGTH_OFFSET) & 0xFF;
  }

  public int protocolLength() {
    return buffer.getByte(offset + PROTOCOL_LENGTH_OFFSET) & 0xFF;
  }

  public int operation() {
    return buffer.getShort(offset + OPERATION_OFFSET, BIG_ENDIAN) & 0xFFFF;
  }

  public ArpPacket operation(final int operation) {
    buffer.putShort(offset + OPERATION_OFFSET, (short) operation, BIG_ENDIAN);
    return this;
  }

  public long senderHardware() {
    return MacAddress.read(buffer, offset + SENDER_HARDWARE_OFFSET);
  }

  public ArpPacket senderHardware(final long mac) {
    MacAddress.write(buffer, offset + SENDER_HARDWARE_OFFSET, mac);
    return this;
  }

  public int senderProtocol() {
    return Ipv4Address.read(buffer, offset + SENDER_PROTOCOL_OFFSET);
  }

  public ArpPacket senderProtocol(final int address) {
    Ipv4Address.write(buffer, offset + SENDER_PROTOCOL_OFFSET, address);
    return this;
  }

  public long targetHardware() {
    return MacAddress.read(buffer, offset + TARGET_HARDWARE_OFFSET);
  }

  public ArpPacket targetHardware(final long mac) {
    MacAddress.write(buffer, offset + TARGET_HARDWARE_OFFSET, mac);
    return this;
  }

  public int targetProtocol() {
    return Ipv4Address.read(buffer, offset + TARGET_PROTOCOL_OFFSET);
  }

  public ArpPacket targetProtocol(final int address) {
    Ipv4Address.write(buffer, offset + TARGET_PROTOCOL_OFFSET, address);
    return this;
  }
}
