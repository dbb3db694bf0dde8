package io.vstack.tcp;

import java.util.Arrays;

/** A detached copy of a segment the engine emitted (test-side, allocates freely). */
record Captured(
    int flags,
    int seq,
    int ack,
    int window,
    int mss,
    int windowScale,
    boolean sackPermitted,
    boolean hasTimestamp,
    int tsVal,
    int tsEcr,
    int[] sackBlocks,
    int ecn,
    byte[] payload) {

  static Captured of(final SegmentInfo s) {
    final byte[] data = new byte[s.payloadLength()];
    for (int i = 0; i < data.length; i++) {
      data[i] = s.payloadByte(i);
    }
    final int[] blocks = new int[s.sackCount * 2];
    for (int i = 0; i < s.sackCount; i++) {
      blocks[2 * i] = s.sackStarts[i];
      blocks[2 * i + 1] = s.sackEnds[i];
    }
    return new Captured(
        s.flags,
        s.seq,
        s.ack,
        s.window,
        s.mss,
        s.windowScale,
        s.sackPermitted,
        s.hasTimestamp,
        s.tsVal,
        s.tsEcr,
        blocks,
        s.ecn,
        data);
  }

  boolean has(final int flag) {
    return (flags & flag) == flag;
  }

  int length() {
    return payload.length;
  }

  /** Sequence number after this segment. */
  int end() {
    return seq + payload.length + (has(TcpFlags.SYN) ? 1 : 0) + (has(TcpFlags.FIN) ? 1 : 0);
  }

  @Override
  public String toString() {
    return SegmentInfo.describe(flags, seq, ack, window, payload.length, sackBlocks.length / 2)
        + (sackBlocks.length > 0 ? " " + Arrays.toString(sackBlocks) : "");
  }
}
