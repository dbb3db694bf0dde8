package io.vstack.pcap;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Hand-made pcapng blocks, for cases no tool writes on demand (SPB, 2^-n resolution, odd blocks).
 */
final class PcapngBuilder {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private ByteOrder order = ByteOrder.LITTLE_ENDIAN;

  PcapngBuilder section(final ByteOrder sectionOrder) {
    order = sectionOrder;
    return block(
        CaptureReader.BLOCK_SECTION_HEADER,
        body(16)
            .putInt(CaptureReader.BYTE_ORDER_MAGIC)
            .putShort((short) 1)
            .putShort((short) 0)
            .putLong(-1L));
  }

  /** An interface; {@code tsresol} &lt; 0 leaves the option out. */
  PcapngBuilder iface(
      final int linkType, final int snaplen, final int tsresol, final long tsoffset) {
    final ByteBuffer body = body(40).putShort((short) linkType).putShort((short) 0).putInt(snaplen);
    if (tsresol >= 0) {
      body.putShort((short) CaptureReader.OPTION_IF_TSRESOL)
          .putShort((short) 1)
          .put((byte) tsresol)
          .put(new byte[3]);
    }
    if (tsoffset != 0) {
      body.putShort((short) CaptureReader.OPTION_IF_TSOFFSET).putShort((short) 8).putLong(tsoffset);
    }
    body.putShort((short) 0).putShort((short) 0);
    return block(CaptureReader.BLOCK_INTERFACE, body);
  }

  PcapngBuilder enhanced(
      final int iface, final long ticks, final byte[] data, final int originalLength) {
    final ByteBuffer body =
        body(20 + pad(data.length) + 12)
            .putInt(iface)
            .putInt((int) (ticks >>> 32))
            .putInt((int) ticks)
            .putInt(data.length)
            .putInt(originalLength)
            .put(data)
            .put(new byte[pad(data.length) - data.length]);
    // an epb_flags option after the data, which readers must step over
    body.putShort((short) 2).putShort((short) 4).putInt(1);
    body.putShort((short) 0).putShort((short) 0);
    return block(CaptureReader.BLOCK_ENHANCED_PACKET, body);
  }

  PcapngBuilder obsoletePacket(final int iface, final long ticks, final byte[] data) {
    final ByteBuffer body =
        body(20 + pad(data.length))
            .putShort((short) iface)
            .putShort((short) 0)
            .putInt((int) (ticks >>> 32))
            .putInt((int) ticks)
            .putInt(data.length)
            .putInt(data.length)
            .put(data)
            .put(new byte[pad(data.length) - data.length]);
    return block(CaptureReader.BLOCK_PACKET_OBSOLETE, body);
  }

  PcapngBuilder simple(final byte[] data, final int originalLength) {
    return block(
        CaptureReader.BLOCK_SIMPLE_PACKET,
        body(4 + pad(data.length))
            .putInt(originalLength)
            .put(data)
            .put(new byte[pad(data.length) - data.length]));
  }

  /** Any block, e.g. of an unknown type; {@code body}'s position marks its end. */
  PcapngBuilder block(final int type, final ByteBuffer body) {
    final int bodyLength = body.position();
    final ByteBuffer block = ByteBuffer.allocate(12 + bodyLength).order(order);
    block
        .putInt(type)
        .putInt(12 + bodyLength)
        .put(body.array(), 0, bodyLength)
        .putInt(12 + bodyLength);
    out.writeBytes(block.array());
    return this;
  }

  ByteBuffer body(final int capacity) {
    return ByteBuffer.allocate(capacity).order(order);
  }

  byte[] bytes() {
    return out.toByteArray();
  }

  private static int pad(final int length) {
    return (length + 3) & ~3;
  }
}
