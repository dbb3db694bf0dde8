package io.vstack.tcp;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * A TCP segment as the engine sees it: header fields, the options it understands and where the
 * payload lies. Mutable and reused so that the engine's input and output allocate nothing; a wire
 * view (TCP/IP parser and emitter) fills or reads one per packet.
 *
 * <p>The engine never depends on the wire format, so option parsing, checksums and the IP layer
 * stay outside. Absent options are encoded in-band: {@code mss == 0}, {@code windowScale == -1},
 * {@code hasTimestamp == false}, {@code sackCount == 0}.
 *
 * <p>The payload can be split in two fragments of the same buffer, because outgoing data is read
 * straight out of a ring buffer that may wrap; incoming payloads use only the first fragment.
 */
public final class SegmentInfo {
  /** Most SACK blocks a TCP header can carry (40 option bytes, RFC 2018). */
  public static final int MAX_SACK_BLOCKS = 4;

  /** IP ECN codepoints (RFC 3168): not ECN-capable. */
  public static final int ECN_NOT_ECT = 0;

  /** IP ECN codepoint ECT(1). */
  public static final int ECN_ECT1 = 1;

  /** IP ECN codepoint ECT(0), the one this engine sends. */
  public static final int ECN_ECT0 = 2;

  /** IP ECN codepoint Congestion Experienced. */
  public static final int ECN_CE = 3;

  public int sourceAddress;
  public int destinationAddress;
  public int sourcePort;
  public int destinationPort;
  public int seq;
  public int ack;
  public int flags;

  /** The 16-bit window field as sent, before window scaling. */
  public int window;

  /** MSS option value, 0 when absent. */
  public int mss;

  /** Window scale option shift, -1 when absent. */
  public int windowScale = -1;

  public boolean sackPermitted;
  public boolean hasTimestamp;
  public int tsVal;
  public int tsEcr;
  public int sackCount;
  public final int[] sackStarts = new int[MAX_SACK_BLOCKS];
  public final int[] sackEnds = new int[MAX_SACK_BLOCKS];

  /** ECN codepoint of the carrying IP header. */
  public int ecn;

  private DirectBuffer payloadBuffer;
  private int payloadOffset;
  private int payloadLength;
  private int secondOffset;
  private int secondLength;

  /** Clears every field so the descriptor can describe a new segment. */
  public SegmentInfo reset() {
    sourceAddress = 0;
    destinationAddress = 0;
    sourcePort = 0;
    destinationPort = 0;
    seq = 0;
    ack = 0;
    flags = 0;
    window = 0;
    mss = 0;
    windowScale = -1;
    sackPermitted = false;
    hasTimestamp = false;
    tsVal = 0;
    tsEcr = 0;
    sackCount = 0;
    ecn = ECN_NOT_ECT;
    payloadBuffer = null;
    payloadOffset = 0;
    payloadLength = 0;
    secondOffset = 0;
    secondLength = 0;
    return this;
  }

  /** Sets a contiguous payload. */
  public SegmentInfo payload(final DirectBuffer buffer, final int offset, final int length) {
    return payload(buffer, offset, length, 0, 0);
  }

  /**
   * Sets a payload made of {@code [offset, offset + length)} followed by {@code [secondOffset,
   * secondOffset + secondLength)} of the same buffer.
   */
  public SegmentInfo payload(
      final DirectBuffer buffer,
      final int offset,
      final int length,
      final int secondOffset,
      final int secondLength) {
    this.payloadBuffer = buffer;
    this.payloadOffset = offset;
    this.payloadLength = length;
    this.secondOffset = secondOffset;
    this.secondLength = secondLength;
    return this;
  }

  /** Payload bytes in both fragments. */
  public int payloadLength() {
    return payloadLength + secondLength;
  }

  /** Sequence space the segment occupies: payload plus one for SYN and one for FIN. */
  public int segmentLength() {
    return payloadLength()
        + ((flags & TcpFlags.SYN) != 0 ? 1 : 0)
        + ((flags & TcpFlags.FIN) != 0 ? 1 : 0);
  }

  /** Byte {@code index} of the payload (0-based across both fragments). */
  public byte payloadByte(final int index) {
    return index < payloadLength
        ? payloadBuffer.getByte(payloadOffset + index)
        : payloadBuffer.getByte(secondOffset + index - payloadLength);
  }

  /**
   * Copies {@code length} payload bytes starting at payload index {@code from} into {@code dst}.
   */
  public void copyPayload(
      final int from, final MutableDirectBuffer dst, final int dstOffset, final int length) {
    int copied = 0;
    if (from < payloadLength) {
      copied = Math.min(length, payloadLength - from);
      dst.putBytes(dstOffset, payloadBuffer, payloadOffset + from, copied);
    }
    if (copied < length) {
      final int secondFrom = from + copied - payloadLength;
      dst.putBytes(dstOffset + copied, payloadBuffer, secondOffset + secondFrom, length - copied);
    }
  }

  /** Copies the whole payload into {@code dst} at {@code dstOffset}. */
  public void copyPayloadTo(final MutableDirectBuffer dst, final int dstOffset) {
    copyPayload(0, dst, dstOffset, payloadLength());
  }

  /** Copies every header field and option from {@code other}; the payload is left untouched. */
  public SegmentInfo copyHeaderFrom(final SegmentInfo other) {
    sourceAddress = other.sourceAddress;
    destinationAddress = other.destinationAddress;
    sourcePort = other.sourcePort;
    destinationPort = other.destinationPort;
    seq = other.seq;
    ack = other.ack;
    flags = other.flags;
    window = other.window;
    mss = other.mss;
    windowScale = other.windowScale;
    sackPermitted = other.sackPermitted;
    hasTimestamp = other.hasTimestamp;
    tsVal = other.tsVal;
    tsEcr = other.tsEcr;
    sackCount = other.sackCount;
    System.arraycopy(other.sackStarts, 0, sackStarts, 0, MAX_SACK_BLOCKS);
    System.arraycopy(other.sackEnds, 0, sackEnds, 0, MAX_SACK_BLOCKS);
    ecn = other.ecn;
    return this;
  }

  /** Adds a SACK block if room is left; returns false when full. */
  public boolean addSackBlock(final int start, final int end) {
    if (sackCount == MAX_SACK_BLOCKS) {
      return false;
    }
    sackStarts[sackCount] = start;
    sackEnds[sackCount] = end;
    sackCount++;
    return true;
  }

  @Override
  public String toString() {
    return describe(flags, seq, ack, window, payloadLength(), sackCount);
  }

  /** One-line human form of a segment header, shared by traces and test messages. */
  public static String describe(
      final int flags,
      final int seq,
      final int ack,
      final int window,
      final int length,
      final int sackBlocks) {
    return TcpFlags.toString(flags)
        + " seq="
        + Integer.toUnsignedString(seq)
        + " ack="
        + Integer.toUnsignedString(ack)
        + " win="
        + window
        + " len="
        + length
        + (sackBlocks > 0 ? " sack=" + sackBlocks : "");
  }
}
