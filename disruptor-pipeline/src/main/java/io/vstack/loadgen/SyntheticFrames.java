package io.vstack.loadgen;

import io.vstack.rss.FlowKey;
import io.vstack.rss.FlowKeyExtractor;
import java.nio.ByteOrder;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The synthetic frame format. Little-endian, no Ethernet header: these frames never leave the
 * process.
 *
 * <pre>
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                          flow id (int32)                      |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                      sequence (int64, from 0)                 |
 *   |                                                               |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                 payload (length - 12 bytes)                 ...
 * </pre>
 *
 * The flow id maps to a tenant (its low 4 bits) and a 4-tuple, so flows spread over the indirection
 * table like real ones.
 */
public final class SyntheticFrames {
  public static final int FLOW_OFFSET = 0;
  public static final int SEQUENCE_OFFSET = 4;
  public static final int PAYLOAD_OFFSET = 12;

  /** The shortest valid synthetic frame. */
  public static final int MIN_LENGTH = PAYLOAD_OFFSET;

  private SyntheticFrames() {}

  /** Reads the flow key of a synthetic frame; false for frames shorter than {@link #MIN_LENGTH}. */
  public static final FlowKeyExtractor EXTRACTOR = SyntheticFrames::extract;

  private static boolean extract(final DirectBuffer frame, final int length, final FlowKey key) {
    if (length < MIN_LENGTH) {
      return false;
    }
    final int flow = flow(frame);
    key.set(flow & 0xF, 0x0A00_0000 | flow >>> 4, 0x0A00_00FE, 1024 + (flow & 0x7FFF), 80);
    return true;
  }

  public static int flow(final DirectBuffer frame) {
    return frame.getInt(FLOW_OFFSET, ByteOrder.LITTLE_ENDIAN);
  }

  public static long sequence(final DirectBuffer frame) {
    return frame.getLong(SEQUENCE_OFFSET, ByteOrder.LITTLE_ENDIAN);
  }

  /**
   * Writes a frame of {@code length} (at least {@link #MIN_LENGTH}) bytes at {@code offset}: header
   * plus a payload derived from flow and sequence.
   */
  public static void write(
      final MutableDirectBuffer buffer,
      final int offset,
      final int flow,
      final long sequence,
      final int length) {
    buffer.putInt(offset + FLOW_OFFSET, flow, ByteOrder.LITTLE_ENDIAN);
    buffer.putLong(offset + SEQUENCE_OFFSET, sequence, ByteOrder.LITTLE_ENDIAN);
    long state = (flow * 0x9E3779B97F4A7C15L) ^ (sequence * 0xC2B2AE3D27D4EB4FL);
    for (int i = PAYLOAD_OFFSET; i < length; i++) {
      state = state * 6364136223846793005L + 1442695040888963407L;
      buffer.putByte(offset + i, (byte) (state >>> 56));
    }
  }
}
