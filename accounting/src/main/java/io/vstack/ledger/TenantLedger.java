package io.vstack.ledger;

import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * One tenant's counters in the counters file, and its latency histogram. Created by {@link
 * Ledger#addTenant}. Every method is allocation-free; each counter has a single writer (the lane
 * that owns the tenant; slow-path cycles the slow-path thread), so updates are plain adds with a
 * release store that a reader in another process sees.
 */
public final class TenantLedger {
  private final int tenantId;
  private final String name;
  private final AtomicCounter[] counters;
  private final Histogram latency = CountersFileLayout.newLatencyHistogram();
  private final int slot;
  private final UnsafeBuffer slotBuffer;
  private final ByteBuffer slotData;

  TenantLedger(
      final int tenantId,
      final String name,
      final AtomicCounter[] counters,
      final int slot,
      final UnsafeBuffer slotBuffer,
      final ByteBuffer slotData) {
    this.tenantId = tenantId;
    this.name = name;
    this.counters = counters;
    this.slot = slot;
    this.slotBuffer = slotBuffer;
    this.slotData = slotData;
  }

  public int tenantId() {
    return tenantId;
  }

  public String name() {
    return name;
  }

  /** The counter of one kind, e.g. to pass to {@code CycleMeter.charge}. */
  public AtomicCounter counter(final CounterKind kind) {
    return counters[kind.ordinal()];
  }

  /** One packet of {@code bytes} received. */
  public void onRx(final int bytes) {
    counters[CounterKind.RX_PACKETS.ordinal()].incrementRelease();
    counters[CounterKind.RX_BYTES.ordinal()].getAndAddRelease(bytes);
  }

  /** One packet of {@code bytes} sent. */
  public void onTx(final int bytes) {
    counters[CounterKind.TX_PACKETS.ordinal()].incrementRelease();
    counters[CounterKind.TX_BYTES.ordinal()].getAndAddRelease(bytes);
  }

  /** Adds cycles to one of the cycle kinds. */
  public void addCycles(final CounterKind kind, final long cycles) {
    counters[kind.ordinal()].getAndAddRelease(cycles);
  }

  /** One packet dropped for {@code reason} (a {@code DROP_*} kind). */
  public void onDrop(final CounterKind reason) {
    counters[reason.ordinal()].incrementRelease();
  }

  public void queueDepth(final long depth) {
    counters[CounterKind.QUEUE_DEPTH.ordinal()].setRelease(depth);
  }

  public void connections(final long count) {
    counters[CounterKind.CONNECTIONS.ordinal()].setRelease(count);
  }

  /**
   * Records one latency sample (nanoseconds, clamped to the histogram's range). Owner thread only;
   * published to the file by {@link Ledger#publish}.
   */
  public void recordLatency(final long nanos) {
    latency.recordValue(nanos < 1 ? 1 : Math.min(nanos, CountersFileLayout.LATENCY_HIGHEST_NANOS));
  }

  /** The live histogram (owner thread only). */
  public Histogram latency() {
    return latency;
  }

  int slot() {
    return slot;
  }

  AtomicCounter[] counters() {
    return counters;
  }

  /** Copies the histogram into the slot under the seqlock (see {@link CountersFileLayout}). */
  void publishLatency() {
    final long sequence = beginSlotWrite();
    slotData.clear();
    final int length = latency.encodeIntoByteBuffer(slotData);
    endSlotWrite(sequence, tenantId, length);
  }

  void clearSlot() {
    endSlotWrite(beginSlotWrite(), -1, 0);
  }

  // Seqlock writer: an odd sequence tells readers that start now to retry; the fence keeps the
  // data writes below it (a volatile store alone lets later plain stores move above it).
  private long beginSlotWrite() {
    final long sequence = slotBuffer.getLong(CountersFileLayout.SLOT_SEQUENCE_OFFSET);
    slotBuffer.putLong(CountersFileLayout.SLOT_SEQUENCE_OFFSET, sequence + 1);
    VarHandle.storeStoreFence();
    return sequence;
  }

  private void endSlotWrite(final long sequence, final int owner, final int length) {
    slotBuffer.putInt(CountersFileLayout.SLOT_TENANT_OFFSET, owner);
    slotBuffer.putInt(CountersFileLayout.SLOT_ENCODED_LENGTH_OFFSET, length);
    slotBuffer.putLongRelease(CountersFileLayout.SLOT_SEQUENCE_OFFSET, sequence + 2);
  }
}
