package io.vstack.stack;

import static java.nio.ByteOrder.BIG_ENDIAN;

import io.vstack.tcp.SegmentInfo;
import io.vstack.wire.InternetChecksum;
import io.vstack.wire.Ipv4Packet;
import io.vstack.wire.TcpOptionsReader;
import io.vstack.wire.TcpSegment;
import io.vstack.wire.WireError;
import org.agrona.MutableDirectBuffer;

/**
 * Translates between TCP-over-IPv4 on the wire and the engine's {@link SegmentInfo}: the one place
 * that decodes a received segment (checked view, checksum, options) and writes an outgoing one
 * (options in Linux's aligned layout, checksum filled). Used by {@link TcpStack} on a plain port
 * and by the fused overlay fast path, which writes the same bytes behind overlay headers.
 *
 * <p>Emitting is two steps so the caller can place the segment before writing it: {@link #prepare}
 * sizes the header (dropping SACK blocks that would not fit {@code maxTcpLength}), then {@link
 * #write} fills it in. One instance per thread; allocation-free.
 */
public final class SegmentCodec {
  private static final int OPTION_MSS = 0x0204_0000;
  private static final short OPTION_NOP_NOP = 0x0101;
  private static final short OPTION_SACK_PERMITTED = 0x0402;
  private static final short OPTION_TIMESTAMPS = 0x080A;
  private static final int OPTION_NOP_WINDOW_SCALE = 0x0103_0300;
  private static final int OPTION_NOP_NOP_SACK_PERMITTED = 0x0101_0402;

  private final TcpSegment rxTcp = new TcpSegment();
  private final TcpSegment txTcp = new TcpSegment();
  private int sackBlocks;
  private int headerLength;
  private long sackBlocksOmitted;

  /**
   * Checks the TCP segment carried by {@code packet} (header, options, checksum) and describes it
   * in {@code seg}; the payload stays in the packet's buffer.
   *
   * @return {@link WireError#OK}, or why the segment is malformed ({@link WireError#BAD_CHECKSUM}
   *     for a wrong checksum); {@code seg} is then unspecified
   */
  public WireError decode(final Ipv4Packet packet, final SegmentInfo seg) {
    final WireError error =
        rxTcp.wrap(packet.buffer(), packet.payloadOffset(), packet.payloadLength());
    if (error != WireError.OK) {
      return error;
    }
    if (rxTcp.verifyChecksum(packet.pseudoHeaderSum()) != WireError.OK) {
      return WireError.BAD_CHECKSUM;
    }
    seg.reset();
    seg.sourceAddress = packet.source();
    seg.destinationAddress = packet.destination();
    seg.sourcePort = rxTcp.sourcePort();
    seg.destinationPort = rxTcp.destinationPort();
    seg.seq = rxTcp.sequenceNumber();
    seg.ack = rxTcp.acknowledgmentNumber();
    seg.flags = rxTcp.flags() & 0xFF;
    seg.window = rxTcp.window();
    seg.ecn = packet.ecn();
    final TcpOptionsReader options = rxTcp.options();
    seg.mss = Math.max(0, options.mss());
    seg.windowScale = options.windowScale();
    seg.sackPermitted = options.sackPermitted();
    seg.hasTimestamp = options.hasTimestamps();
    seg.tsVal = options.tsVal();
    seg.tsEcr = options.tsEcr();
    final int blocks = Math.min(options.sackBlockCount(), SegmentInfo.MAX_SACK_BLOCKS);
    for (int i = 0; i < blocks; i++) {
      seg.addSackBlock(options.sackLeft(i), options.sackRight(i));
    }
    seg.payload(rxTcp.buffer(), rxTcp.payloadOffset(), rxTcp.payloadLength());
    return WireError.OK;
  }

  /**
   * Sizes the segment {@link #write} will produce. SACK blocks ride along only as far as the
   * segment still fits {@code maxTcpLength}: the engine sizes payloads for timestamps but not for
   * SACK (Linux shrinks the payload instead; SACK is advisory, and pure ACKs still carry every
   * block).
   *
   * @param maxTcpLength the largest TCP segment (header + payload) the link carries
   * @return the TCP segment's length, header and payload
   */
  public int prepare(final SegmentInfo seg, final int maxTcpLength) {
    int blocks = sackBlocksThatFit(seg);
    while (blocks > 0
        && TcpSegment.MIN_HEADER_LENGTH + optionsLength(seg, blocks) + seg.payloadLength()
            > maxTcpLength) {
      blocks--;
      sackBlocksOmitted++;
    }
    sackBlocks = blocks;
    headerLength = TcpSegment.MIN_HEADER_LENGTH + optionsLength(seg, blocks);
    return headerLength + seg.payloadLength();
  }

  /**
   * Writes the segment last {@link #prepare prepared} (header, options, payload, checksum over the
   * IPv4 pseudo-header of its addresses) at {@code offset}.
   */
  public void write(final SegmentInfo seg, final MutableDirectBuffer buffer, final int offset) {
    final int length = headerLength + seg.payloadLength();
    final TcpSegment tcp =
        txTcp
            .wrapForEmit(buffer, offset, length, headerLength)
            .sourcePort(seg.sourcePort)
            .destinationPort(seg.destinationPort)
            .sequenceNumber(seg.seq)
            .acknowledgmentNumber(seg.ack)
            .flags(seg.flags)
            .window(seg.window)
            .urgentPointer(0);
    writeOptions(seg, sackBlocks, buffer, tcp.optionsOffset());
    seg.copyPayloadTo(buffer, offset + headerLength);
    tcp.fillChecksum(
        InternetChecksum.ipv4PseudoHeaderSum(
            seg.sourceAddress, seg.destinationAddress, Ipv4Packet.PROTOCOL_TCP, 0));
  }

  /** SACK blocks left out of segments so that they fit the link. */
  public long sackBlocksOmitted() {
    return sackBlocksOmitted;
  }

  /** SACK blocks limited to the 40 option bytes left by the other options. */
  private static int sackBlocksThatFit(final SegmentInfo seg) {
    final int room = TcpSegment.MAX_OPTIONS_LENGTH - optionsLength(seg, 0) - 4;
    return seg.sackCount == 0 ? 0 : Math.max(0, Math.min(seg.sackCount, room / 8));
  }

  /**
   * Option bytes in Linux's aligned layout: MSS (4), SACK-permitted and/or timestamps (4 or 12),
   * NOP + window scale (4), NOP NOP + SACK blocks (4 + 8n).
   */
  private static int optionsLength(final SegmentInfo seg, final int sackBlocks) {
    int length = seg.mss > 0 ? 4 : 0;
    if (seg.hasTimestamp) {
      length += 12;
    } else if (seg.sackPermitted) {
      length += 4;
    }
    if (seg.windowScale >= 0) {
      length += 4;
    }
    return sackBlocks > 0 ? length + 4 + 8 * sackBlocks : length;
  }

  private static void writeOptions(
      final SegmentInfo seg,
      final int sackBlocks,
      final MutableDirectBuffer buffer,
      final int offset) {
    int i = offset;
    if (seg.mss > 0) {
      buffer.putInt(i, OPTION_MSS | (seg.mss & 0xFFFF), BIG_ENDIAN);
      i += 4;
    }
    if (seg.hasTimestamp) {
      buffer.putShort(i, seg.sackPermitted ? OPTION_SACK_PERMITTED : OPTION_NOP_NOP, BIG_ENDIAN);
      buffer.putShort(i + 2, OPTION_TIMESTAMPS, BIG_ENDIAN);
      buffer.putInt(i + 4, seg.tsVal, BIG_ENDIAN);
      buffer.putInt(i + 8, seg.tsEcr, BIG_ENDIAN);
      i += 12;
    } else if (seg.sackPermitted) {
      buffer.putInt(i, OPTION_NOP_NOP_SACK_PERMITTED, BIG_ENDIAN);
      i += 4;
    }
    if (seg.windowScale >= 0) {
      buffer.putInt(i, OPTION_NOP_WINDOW_SCALE | seg.windowScale, BIG_ENDIAN);
      i += 4;
    }
    if (sackBlocks > 0) {
      buffer.putShort(i, OPTION_NOP_NOP, BIG_ENDIAN);
      buffer.putByte(i + 2, (byte) TcpOptionsReader.KIND_SACK);
      buffer.putByte(i + 3, (byte) (2 + TcpOptionsReader.SACK_BLOCK_LENGTH * sackBlocks));
      i += 4;
      for (int b = 0; b < sackBlocks; b++) {
        buffer.putInt(i, seg.sackStarts[b], BIG_ENDIAN);
        buffer.putInt(i + 4, seg.sackEnds[b], BIG_ENDIAN);
        i += 8;
      }
    }
  }
}
