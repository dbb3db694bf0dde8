package io.vstack.stack;

import static java.nio.ByteOrder.BIG_ENDIAN;

import io.vstack.host.HostAgent;
import io.vstack.host.Ipv4ProtocolHandler;
import io.vstack.tcp.SegmentInfo;
import io.vstack.tcp.SegmentSink;
import io.vstack.tcp.TcpConfig;
import io.vstack.tcp.TcpEngine;
import io.vstack.tcp.TcpHandler;
import io.vstack.wire.EthernetFrame;
import io.vstack.wire.InternetChecksum;
import io.vstack.wire.Ipv4Packet;
import io.vstack.wire.TcpOptionsReader;
import io.vstack.wire.TcpSegment;
import io.vstack.wire.WireError;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.NanoClock;

/**
 * TCP over IPv4 on a {@link HostAgent}'s port: received TCP segments are checked ({@link
 * TcpSegment} view, checksum) and handed to a {@link TcpEngine} as a reused {@link SegmentInfo};
 * the engine's output is written as Ethernet + IPv4 + TCP (options laid out as Linux does, checksum
 * filled) straight into the host's transmit burst. ARP and ICMP stay with the host.
 *
 * <p>ECN: the IP ECN field maps one to one onto {@link SegmentInfo#ecn} both ways (the codepoints
 * are RFC 3168's in both places).
 *
 * <p>An Agrona {@link Agent}: {@link #doWork()} runs the host's duty cycle (which feeds received
 * segments to the engine), advances the engine's timers and flushes what they sent. The application
 * calls the {@link #engine()} API on the same thread between duty cycles.
 */
public final class TcpStack implements Agent, Ipv4ProtocolHandler, SegmentSink {
  private static final int OPTION_MSS = 0x0204_0000;
  private static final short OPTION_NOP_NOP = 0x0101;
  private static final short OPTION_SACK_PERMITTED = 0x0402;
  private static final short OPTION_TIMESTAMPS = 0x080A;
  private static final int OPTION_NOP_WINDOW_SCALE = 0x0103_0300;
  private static final int OPTION_NOP_NOP_SACK_PERMITTED = 0x0101_0402;

  private final HostAgent host;
  private final NanoClock clock;
  private final TcpEngine engine;
  private final TcpSegment rxTcp = new TcpSegment();
  private final TcpSegment txTcp = new TcpSegment();
  private final SegmentInfo rxSegment = new SegmentInfo();
  private final long[] malformed = new long[WireError.count()];
  private long segmentsReceived;
  private long segmentsSent;
  private long segmentsUnsent;
  private long sackBlocksOmitted;
  private final int maxTcpLength;

  /**
   * Registers itself as the host's TCP handler.
   *
   * @param clock the clock of the host and the engine
   */
  public TcpStack(
      final HostAgent host,
      final TcpConfig config,
      final TcpHandler handler,
      final NanoClock clock) {
    this.host = host;
    this.clock = clock;
    this.maxTcpLength = host.maxIpv4PayloadLength();
    this.engine = new TcpEngine(config, this, handler, clock.nanoTime());
    host.register(Ipv4Packet.PROTOCOL_TCP, this);
  }

  public TcpEngine engine() {
    return engine;
  }

  public HostAgent host() {
    return host;
  }

  /** The clock reading to pass to engine calls. */
  public long now() {
    return clock.nanoTime();
  }

  @Override
  public String roleName() {
    return "tcp-" + host.roleName();
  }

  @Override
  public int doWork() {
    int work = host.doWork();
    work += engine.poll(clock.nanoTime());
    host.flush();
    return work;
  }

  /** Sends what application calls queued since the last duty cycle. */
  public void flush() {
    host.flush();
  }

  @Override
  public void onPacket(final EthernetFrame frame, final Ipv4Packet packet) {
    final WireError error =
        rxTcp.wrap(packet.buffer(), packet.payloadOffset(), packet.payloadLength());
    if (error != WireError.OK) {
      malformed[error.ordinal()]++;
      return;
    }
    if (rxTcp.verifyChecksum(packet.pseudoHeaderSum()) != WireError.OK) {
      malformed[WireError.BAD_CHECKSUM.ordinal()]++;
      return;
    }
    segmentsReceived++;
    final SegmentInfo seg = rxSegment.reset();
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
    engine.onSegment(seg, clock.nanoTime());
  }

  @Override
  public void emit(final SegmentInfo seg) {
    // SACK blocks ride along only as far as the frame still fits the port's MTU: the engine sizes
    // payloads for timestamps but not for SACK (Linux shrinks the payload instead; SACK is
    // advisory, and pure ACKs still carry every block).
    int sackBlocks = sackBlocksThatFit(seg);
    while (sackBlocks > 0
        && TcpSegment.MIN_HEADER_LENGTH + optionsLength(seg, sackBlocks) + seg.payloadLength()
            > maxTcpLength) {
      sackBlocks--;
      sackBlocksOmitted++;
    }
    final int headerLength = TcpSegment.MIN_HEADER_LENGTH + optionsLength(seg, sackBlocks);
    final int length = headerLength + seg.payloadLength();
    final int offset =
        host.beginIpv4(seg.destinationAddress, Ipv4Packet.PROTOCOL_TCP, seg.ecn, length);
    if (offset < 0) {
      segmentsUnsent++;
      return;
    }
    final MutableDirectBuffer buffer = host.txBuffer();
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
    segmentsSent++;
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

  /** Received segments dropped for {@code reason} (malformed header or options, bad checksum). */
  public long malformed(final WireError reason) {
    return malformed[reason.ordinal()];
  }

  /** Valid segments handed to the engine. */
  public long segmentsReceived() {
    return segmentsReceived;
  }

  /** Segments written to the port. */
  public long segmentsSent() {
    return segmentsSent;
  }

  /** Segments the engine emitted that could not leave (next hop unresolved or port full). */
  public long segmentsUnsent() {
    return segmentsUnsent;
  }

  /** SACK blocks left out of data segments so that the frame fits the port's MTU. */
  public long sackBlocksOmitted() {
    return sackBlocksOmitted;
  }

  @Override
  public void onClose() {
    host.onClose();
  }
}
