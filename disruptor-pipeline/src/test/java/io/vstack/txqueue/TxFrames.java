package io.vstack.txqueue;

import java.nio.ByteOrder;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Inner frames a tenant transmits in these tests: Ethernet, IPv4, TCP, then the flow id and a
 * per-flow sequence number as payload, so order and loss can be checked per flow.
 */
final class TxFrames {
  static final int PAYLOAD_OFFSET = 14 + 20 + 20;
  static final int LENGTH = PAYLOAD_OFFSET + 8;

  private TxFrames() {}

  /**
   * Tenant {@code tenant}'s flow {@code flow}: 10.tenant.0.1:(1024+flow) → 10.99.0.(1+flow%200):80.
   */
  static void write(
      final MutableDirectBuffer buffer,
      final int offset,
      final int tenant,
      final int flow,
      final int sequence) {
    buffer.setMemory(offset, LENGTH, (byte) 0);
    buffer.putLong(offset, 0x0200_0000_0002L << 16, ByteOrder.BIG_ENDIAN);
    buffer.putShort(offset + 12, (short) 0x0800, ByteOrder.BIG_ENDIAN);
    final int ip = offset + 14;
    buffer.putByte(ip, (byte) 0x45);
    buffer.putShort(ip + 2, (short) (LENGTH - 14), ByteOrder.BIG_ENDIAN);
    buffer.putByte(ip + 8, (byte) 64);
    buffer.putByte(ip + 9, (byte) 6);
    buffer.putInt(ip + 12, 0x0A00_0001 | (tenant & 0xFF) << 16, ByteOrder.BIG_ENDIAN);
    buffer.putInt(ip + 16, 0x0A63_0001 + flow % 200, ByteOrder.BIG_ENDIAN);
    final int tcp = ip + 20;
    buffer.putShort(tcp, (short) (1024 + flow), ByteOrder.BIG_ENDIAN);
    buffer.putShort(tcp + 2, (short) 80, ByteOrder.BIG_ENDIAN);
    buffer.putByte(tcp + 12, (byte) 0x50);
    buffer.putInt(offset + PAYLOAD_OFFSET, flow, ByteOrder.BIG_ENDIAN);
    buffer.putInt(offset + PAYLOAD_OFFSET + 4, sequence, ByteOrder.BIG_ENDIAN);
  }

  static int flow(final DirectBuffer frame) {
    return frame.getInt(PAYLOAD_OFFSET, ByteOrder.BIG_ENDIAN);
  }

  static int sequence(final DirectBuffer frame) {
    return frame.getInt(PAYLOAD_OFFSET + 4, ByteOrder.BIG_ENDIAN);
  }
}
