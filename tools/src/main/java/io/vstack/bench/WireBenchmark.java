package io.vstack.bench;

import io.vstack.wire.EthernetFrame;
import io.vstack.wire.EthernetRepr;
import io.vstack.wire.InternetChecksum;
import io.vstack.wire.Ipv4Packet;
import io.vstack.wire.Ipv4Repr;
import io.vstack.wire.Octets;
import io.vstack.wire.TcpOptionsRepr;
import io.vstack.wire.TcpRepr;
import io.vstack.wire.TcpSegment;
import io.vstack.wire.WireError;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import org.agrona.UnsafeApi;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Wire format costs, each next to a baseline measured in the same run:
 *
 * <ul>
 *   <li>{@code parseTcpFrame}: Ethernet, IPv4 (header checksum) and TCP (options and the full
 *       checksum over the pseudo header and payload) checked views over one off-heap frame, against
 *       {@code readFrameBaseline}, which only loads the same bytes (the floor: the TCP checksum has
 *       to read every byte anyway).
 *   <li>{@code checksum}: {@link InternetChecksum} over 64 B, 1500 B and 64 KiB, against {@code
 *       checksumNaiveBaseline}, the textbook byte-at-a-time 16-bit loop, and {@code
 *       checksumAgronaReadsBaseline}, one bounds-checked 8-byte read per step. GB/s = bytes /
 *       (ns/op).
 * </ul>
 *
 * <p>Run: {@code java -cp ... org.openjdk.jmh.Main WireBenchmark} (see docs/BENCHMARKS.md).
 */
public class WireBenchmark extends BenchmarkDefaults {

  /** One TCP frame in off-heap memory, plus the views that parse it. */
  @State(Scope.Thread)
  public static class FrameState {
    /** Frame length without FCS. */
    @Param({"64", "1500"})
    public int frameSize;

    final EthernetFrame ethernet = new EthernetFrame();
    final Ipv4Packet ipv4 = new Ipv4Packet();
    final TcpSegment tcp = new TcpSegment();
    UnsafeBuffer buffer;

    @Setup
    public void setUp() {
      // 64 B: MSS + window scale (8 option bytes) and 2 payload bytes; 1500 B: timestamps + one
      // SACK block (24 option bytes) and 1422 payload bytes.
      final TcpOptionsRepr options =
          frameSize <= 64
              ? new TcpOptionsRepr(1460, 7, false, List.of(), null)
              : new TcpOptionsRepr(
                  -1,
                  -1,
                  false,
                  List.of(new TcpOptionsRepr.SackBlock(1000, 2000)),
                  new TcpOptionsRepr.Timestamps(123_456, 654_321));
      final int payload =
          frameSize
              - EthernetFrame.HEADER_LENGTH
              - Ipv4Packet.MIN_HEADER_LENGTH
              - TcpSegment.MIN_HEADER_LENGTH
              - options.length();
      final byte[] bytes = new byte[payload];
      new Random(42).nextBytes(bytes);
      final TcpRepr segment =
          new TcpRepr(
              40_000,
              80,
              0x1234_5678,
              0x0765_4321,
              TcpSegment.FLAG_ACK,
              501,
              0,
              options,
              Octets.of(bytes));
      final Ipv4Repr ip =
          Ipv4Repr.of(0x0A00_0001, 0x0A00_0002, Ipv4Packet.PROTOCOL_TCP, segment.length());
      buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(frameSize));
      final EthernetFrame frame =
          EthernetRepr.of(0x0200_0000_0002L, 0x0200_0000_0001L, EthernetFrame.TYPE_IPV4)
              .emit(new EthernetFrame(), buffer, 0, ip.totalLength());
      final Ipv4Packet packet = ip.emit(new Ipv4Packet(), buffer, frame.payloadOffset());
      segment.emit(new TcpSegment(), buffer, packet.payloadOffset(), ip.pseudoHeaderSum());
      if (parse(this) < 0) {
        throw new IllegalStateException("benchmark frame does not parse");
      }
    }
  }

  /** A region of random bytes for checksum throughput. */
  @State(Scope.Thread)
  public static class ChecksumState {
    @Param({"64", "1500", "65536"})
    public int length;

    UnsafeBuffer buffer;

    @Setup
    public void setUp() {
      final byte[] bytes = new byte[length];
      new Random(7).nextBytes(bytes);
      buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(length));
      buffer.putBytes(0, bytes);
    }
  }

  /** Parses and validates the whole frame; returns a value depending on every layer, or -1. */
  static long parse(final FrameState state) {
    final UnsafeBuffer buffer = state.buffer;
    if (state.ethernet.wrap(buffer, 0, state.frameSize) != WireError.OK
        || state.ethernet.etherType() != EthernetFrame.TYPE_IPV4) {
      return -1;
    }
    final Ipv4Packet ip = state.ipv4;
    if (ip.wrap(buffer, state.ethernet.payloadOffset(), state.ethernet.payloadLength())
            != WireError.OK
        || ip.protocol() != Ipv4Packet.PROTOCOL_TCP) {
      return -1;
    }
    final TcpSegment tcp = state.tcp;
    if (tcp.wrap(buffer, ip.payloadOffset(), ip.payloadLength()) != WireError.OK
        || tcp.verifyChecksum(ip.pseudoHeaderSum()) != WireError.OK) {
      return -1;
    }
    return tcp.sequenceNumber()
        + tcp.options().mss()
        + tcp.options().tsVal()
        + tcp.options().sackBlockCount()
        + tcp.payloadLength();
  }

  @Benchmark
  public long parseTcpFrame(final FrameState state) {
    return parse(state);
  }

  /**
   * Baseline: the floor for touching the frame's bytes once, the way the checksum's bulk path does
   * (one bounds check, then 8-byte loads from two accumulators), with no header logic at all.
   */
  @Benchmark
  public long readFrameBaseline(final FrameState state) {
    final UnsafeBuffer buffer = state.buffer;
    final int length = state.frameSize;
    buffer.boundsCheck(0, length);
    final byte[] array = buffer.byteArray();
    final long base = buffer.addressOffset();
    long a = 0;
    long b = 0;
    int i = 0;
    for (; i + 16 <= length; i += 16) {
      a += UnsafeApi.getLong(array, base + i);
      b += UnsafeApi.getLong(array, base + i + 8);
    }
    for (; i < length; i++) {
      a += UnsafeApi.getByte(array, base + i);
    }
    return a + b;
  }

  @Benchmark
  public int checksum(final ChecksumState state) {
    return InternetChecksum.compute(state.buffer, 0, state.length);
  }

  /**
   * Second baseline: the straightforward Agrona loop, one bounds-checked big-endian 8-byte read at
   * a time (what {@link InternetChecksum#sum} did before its bulk path).
   */
  @Benchmark
  public int checksumAgronaReadsBaseline(final ChecksumState state) {
    final UnsafeBuffer buffer = state.buffer;
    final int length = state.length;
    long acc = 0;
    int i = 0;
    for (; i + 8 <= length; i += 8) {
      final long word = buffer.getLong(i, java.nio.ByteOrder.BIG_ENDIAN);
      acc += (word >>> 32) + (word & 0xFFFF_FFFFL);
    }
    for (; i + 2 <= length; i += 2) {
      acc += buffer.getShort(i, java.nio.ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }
    return InternetChecksum.finish(acc);
  }

  /** Baseline: the textbook loop, one big-endian 16-bit word from two byte loads at a time. */
  @Benchmark
  public int checksumNaiveBaseline(final ChecksumState state) {
    final UnsafeBuffer buffer = state.buffer;
    final int length = state.length;
    long sum = 0;
    int i = 0;
    for (; i + 1 < length; i += 2) {
      sum += ((buffer.getByte(i) & 0xFF) << 8) | (buffer.getByte(i + 1) & 0xFF);
    }
    if (i < length) {
      sum += (buffer.getByte(i) & 0xFF) << 8;
    }
    while ((sum >>> 16) != 0) {
      sum = (sum & 0xFFFF) + (sum >>> 16);
    }
    return (int) (~sum & 0xFFFF);
  }
}
