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
  long address;
  int length;
  int tenant;
  int flowHash;
  int source;
  int batchId;

  void set(
      final long address,
      final int length,
      final int tenant,
      final int flowHash,
      final int source,
      final int batchId) {
    this.address = address;
    this.length = length;
    this.tenant = tenant;
    this.flowHash = flowHash;
    this.source = source;
    this.batchId = batchId;
  }
}
