package io.vstack.stack;

import io.vstack.host.HostAgent;
import io.vstack.host.Ipv4ProtocolHandler;
import io.vstack.tcp.SegmentInfo;
import io.vstack.tcp.SegmentSink;
import io.vstack.tcp.TcpConfig;
import io.vstack.tcp.TcpEngine;
import io.vstack.tcp.TcpHandler;
import io.vstack.wire.EthernetFrame;
import io.vstack.wire.Ipv4Packet;
import io.vstack.wire.WireError;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.NanoClock;

/**
 * TCP over IPv4 on a {@link HostAgent}'s port: received TCP segments are checked ({@link
 * io.vstack.wire.TcpSegment} view, checksum, via {@link SegmentCodec}) and handed to a {@link
 * TcpEngine} as a reused {@link SegmentInfo}; the engine's output is written as Ethernet + IPv4 +
 * TCP (options laid out as Linux does, checksum filled) straight into the host's transmit burst.
 * ARP and ICMP stay with the host.
 *
 * <p>ECN: the IP ECN field maps one to one onto {@link SegmentInfo#ecn} both ways (the codepoints
 * are RFC 3168's in both places).
 *
 * <p>An Agrona {@link Agent}: {@link #doWork()} runs the host's duty cycle (which feeds received
 * segments to the engine), advances the engine's timers and flushes what they sent. The application
 * calls the {@link #engine()} API on the same thread between duty cycles.
 */
public final class TcpStack implements Agent, Ipv4ProtocolHandler, SegmentSink {
  private final HostAgent host;
  private final NanoClock clock;
  private final TcpEngine engine;
  private final SegmentCodec codec = new SegmentCodec();
  private final SegmentInfo rxSegment = new SegmentInfo();
  private final long[] malformed = new long[WireError.count()];
  private long segmentsReceived;
  private long segmentsSent;
  private long segmentsUnsent;
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
    final WireError error = codec.decode(packet, rxSegment);
    if (error != WireError.OK) {
      malformed[error.ordinal()]++;
      return;
    }
    segmentsReceived++;
    engine.onSegment(rxSegment, clock.nanoTime());
  }

  @Override
  public void emit(final SegmentInfo seg) {
    final int length = codec.prepare(seg, maxTcpLength);
    final int offset =
        host.beginIpv4(seg.destinationAddress, Ipv4Packet.PROTOCOL_TCP, seg.ecn, length);
    if (offset < 0) {
      segmentsUnsent++;
      return;
    }
    codec.write(seg, host.txBuffer(), offset);
    segmentsSent++;
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
    return codec.sackBlocksOmitted();
  }

  @Override
  public void onClose() {
    host.onClose();
  }
}
