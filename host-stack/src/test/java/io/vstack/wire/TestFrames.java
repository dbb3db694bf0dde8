package io.vstack.wire;

import static java.nio.ByteOrder.BIG_ENDIAN;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * Test-only builders for the outer IPv4/UDP and inner IPv4/TCP headers around the overlay formats
 * under test. Deliberately minimal (no options, fixed TTL/flags); to be replaced by the real IPv4,
 * UDP and TCP views once they exist.
 */
final class TestFrames {
  static final long OUTER_DST_MAC = 0x0200_0000_00B2L;
  static final long OUTER_SRC_MAC = 0x0200_0000_00B1L;
  static final int OUTER_SRC_IP = 0xC000_0201; // 192.0.2.1
  static final int OUTER_DST_IP = 0xC000_0202; // 192.0.2.2
  static final int OUTER_SRC_PORT = 49152;
  static final long INNER_DST_MAC = 0x0200_0000_0A02L;
  static final long INNER_SRC_MAC = 0x0200_0000_0A01L;
  static final int INNER_SRC_IP = 0x0A00_0001; // 10.0.0.1
  static final int INNER_DST_IP = 0x0A00_0002; // 10.0.0.2
  static final int INNER_SRC_PORT = 40000;
  /** The echo port: tshark shows its payload as plain data (port 80 made it parse random bytes as HTTP). */
  static final int INNER_DST_PORT = 7;

  private static final int ETHERNET = EthernetFrame.HEADER_LENGTH;
  private static final int IPV4 = 20;
  private static final int UDP = 8;
  private static final int TCP = 20;

  private TestFrames() {}

  /** Ethernet + IPv4 + UDP to {@code dstPort}, UDP and IPv4 checksums filled in. */
  static byte[] ethernetIpv4Udp(final int dstPort, final byte[] udpPayload) {
    final UnsafeBuffer buffer = ethernetIpv4(OUTER_DST_MAC, OUTER_SRC_MAC, 17, OUTER_SRC_IP, OUTER_DST_IP,
        UDP + udpPayload.length);
    final int udp = ETHERNET + IPV4;
    buffer.putShort(udp, (short) OUTER_SRC_PORT, BIG_ENDIAN);
    buffer.putShort(udp + 2, (short) dstPort, BIG_ENDIAN);
    buffer.putShort(udp + 4, (short) (UDP + udpPayload.length), BIG_ENDIAN);
    buffer.putBytes(udp + UDP, udpPayload);
    final int checksum = transportChecksum(buffer, udp, UDP + udpPayload.length, 17, OUTER_SRC_IP, OUTER_DST_IP);
    buffer.putShort(udp + 6, (short) (checksum == 0 ? 0xFFFF : checksum), BIG_ENDIAN);
    return buffer.byteArray();
  }

  /** Inner Ethernet + IPv4 + TCP (PSH|ACK) carrying {@code payload}, checksums filled in. */
  static byte[] ethernetIpv4Tcp(final int sequence, final byte[] payload) {
    final UnsafeBuffer buffer = ethernetIpv4(INNER_DST_MAC, INNER_SRC_MAC, 6, INNER_SRC_IP, INNER_DST_IP,
        TCP + payload.length);
    final int tcp = ETHERNET + IPV4;
    buffer.putShort(tcp, (short) INNER_SRC_PORT, BIG_ENDIAN);
    buffer.putShort(tcp + 2, (short) INNER_DST_PORT, BIG_ENDIAN);
    buffer.putInt(tcp + 4, sequence, BIG_ENDIAN);
    buffer.putInt(tcp + 8, 1, BIG_ENDIAN);
    buffer.putShort(tcp + 12, (short) (5 << 12 | 0x18), BIG_ENDIAN);
    buffer.putShort(tcp + 14, (short) 65535, BIG_ENDIAN);
    buffer.putBytes(tcp + TCP, payload);
    buffer.putShort(tcp + 16,
        (short) transportChecksum(buffer, tcp, TCP + payload.length, 6, INNER_SRC_IP, INNER_DST_IP), BIG_ENDIAN);
    return buffer.byteArray();
  }

  /** A frame with Ethernet and IPv4 headers written, room for {@code transportLength} bytes after them. */
  private static UnsafeBuffer ethernetIpv4(final long dstMac, final long srcMac, final int protocol,
      final int source, final int destination, final int transportLength) {
    final UnsafeBuffer buffer = new UnsafeBuffer(new byte[ETHERNET + IPV4 + transportLength]);
    EthernetRepr.of(dstMac, srcMac, EthernetFrame.TYPE_IPV4)
        .emit(new EthernetFrame(), buffer, 0, IPV4 + transportLength);
    ipv4(buffer, ETHERNET, protocol, source, destination, IPV4 + transportLength);
    return buffer;
  }

  private static void ipv4(final UnsafeBuffer buffer, final int offset, final int protocol, final int source,
      final int destination, final int totalLength) {
    buffer.putByte(offset, (byte) 0x45);
    buffer.putShort(offset + 2, (short) totalLength, BIG_ENDIAN);
    buffer.putShort(offset + 6, (short) 0x4000, BIG_ENDIAN);
    buffer.putByte(offset + 8, (byte) 64);
    buffer.putByte(offset + 9, (byte) protocol);
    buffer.putInt(offset + 12, source, BIG_ENDIAN);
    buffer.putInt(offset + 16, destination, BIG_ENDIAN);
    buffer.putShort(offset + 10, (short) InternetChecksum.compute(buffer, offset, IPV4), BIG_ENDIAN);
  }

  private static int transportChecksum(final UnsafeBuffer buffer, final int offset, final int length,
      final int protocol, final int source, final int destination) {
    return InternetChecksum.finish(InternetChecksum.sum(buffer, offset, length,
        InternetChecksum.ipv4PseudoHeaderSum(source, destination, protocol, length)));
  }

  /** Offset of the UDP payload (the overlay header) in a frame from {@link #ethernetIpv4Udp}. */
  static int udpPayloadOffset() {
    return ETHERNET + IPV4 + UDP;
  }
}
