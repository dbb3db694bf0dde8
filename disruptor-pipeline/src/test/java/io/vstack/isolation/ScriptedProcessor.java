package io.vstack.isolation;

import java.nio.ByteOrder;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Frames of a known cost on a virtual clock: byte 0 is the tenant, bytes 4..11 a sequence number.
 * Processing a tenant's frame advances the clock by that tenant's cost, a flush by {@link
 * #flushCost}; what was processed, in which order, is logged independently of the lane's ledger.
 */
final class ScriptedProcessor implements TenantFrameProcessor, NanoClock {
  static final int FRAME = 64;
  static final int SLOW_PATH_MESSAGE = 7;

  final long[] cost = new long[8];

  /** Cycles classifying one frame takes ({@link #tenantOf}). */
  long classifyCost;

  /** Cycles a tenant's timers take; a tenant with a cost has one timer firing per poll. */
  final long[] timerCost = new long[8];

  final int[] loggedTenants = new int[100_000];
  final long[] loggedSequences = new long[100_000];
  final long[] loggedAt = new long[100_000];
  final boolean[] loggedMarked = new boolean[100_000];
  long flushCost;
  long throwOnSequence = Long.MIN_VALUE;
  long slowPathCost;
  int logged;
  int flushes;
  long now = 1_000_000;
  private final UnsafeBuffer frame = new UnsafeBuffer(0, 0);

  @Override
  public long nanoTime() {
    return now;
  }

  static void write(final UnsafeBuffer batch, final int index, final int tenant, final long seq) {
    batch.setMemory(index * FRAME, FRAME, (byte) 0);
    batch.putByte(index * FRAME, (byte) tenant);
    batch.putLong(index * FRAME + 4, seq, ByteOrder.LITTLE_ENDIAN);
  }

  @Override
  public int tenantOf(final long address, final int length, final int marked) {
    now += classifyCost;
    frame.wrap(address, length);
    return frame.getByte(0);
  }

  @Override
  public void process(
      final long address, final int length, final int tenant, final boolean marked) {
    frame.wrap(address, length);
    loggedTenants[logged] = frame.getByte(0);
    loggedSequences[logged] = frame.getLong(4, ByteOrder.LITTLE_ENDIAN);
    loggedAt[logged] = now;
    loggedMarked[logged] = marked;
    logged++;
    if (loggedSequences[logged - 1] == throwOnSequence) {
      throw new IllegalStateException("scripted failure at " + throwOnSequence);
    }
    now += tenant >= 0 ? cost[tenant] : 0;
  }

  @Override
  public void flush() {
    flushes++;
    now += flushCost;
  }

  @Override
  public int pollTimers(final int tenant) {
    if (tenant < 0 || timerCost[tenant] == 0) {
      return 0;
    }
    now += timerCost[tenant];
    return 1;
  }

  @Override
  public int onSlowPathMessage(
      final int msgTypeId, final DirectBuffer buffer, final int offset, final int length) {
    now += slowPathCost;
    return msgTypeId == SLOW_PATH_MESSAGE ? buffer.getInt(offset) : NO_TENANT;
  }

  /** Index in the log of the frame (tenant, seq), or -1. */
  int positionOf(final int tenant, final long seq) {
    for (int i = 0; i < logged; i++) {
      if (loggedTenants[i] == tenant && loggedSequences[i] == seq) {
        return i;
      }
    }
    return -1;
  }
}
