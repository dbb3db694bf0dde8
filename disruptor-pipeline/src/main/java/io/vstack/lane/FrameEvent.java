package io.vstack.lane;

/**
 * A Disruptor ring slot: a descriptor of one frame, preallocated once per slot and rewritten for
 * every frame. It does not hold the frame's bytes: it points at the {@link
 * io.vstack.port.FrameBatch} slot the source filled (or at a DPDK mbuf the batch references), which
 * stays reserved in the {@link FramePool} until the lane has handled it. So nothing between the
 * port and the handler copies the frame, and the handler's copy into the flow buffer is the only
 * one.
 */
final class FrameEvent {
  /** {@link #kind} of a frame. */
  static final int FRAME = 0;

  /** {@link #kind} of the marker after an entry's last frame on the lane it leaves. */
  static final int ENTRY_LEAVING = 1;

  /** {@link #kind} of the marker before an entry's first frame on the lane it moves to. */
  static final int ENTRY_ARRIVING = 2;

  int kind;
  long address;
  int length;
  int tenant;
  int markedSlot;
  int flowHash;
  int source;
  int batchId;

  void set(
      final long address,
      final int length,
      final int tenant,
      final int markedSlot,
      final int flowHash,
      final int source,
      final int batchId) {
    this.kind = FRAME;
    this.address = address;
    this.length = length;
    this.tenant = tenant;
    this.markedSlot = markedSlot;
    this.flowHash = flowHash;
    this.source = source;
    this.batchId = batchId;
  }

  /** Makes this slot a marker of {@code kind} for indirection {@code entry} (no frame). */
  void marker(final int kind, final int entry) {
    this.kind = kind;
    this.flowHash = entry;
    this.address = 0;
    this.length = 0;
    this.markedSlot = MarkSlots.NO_SLOT;
    this.batchId = -1;
  }
}
