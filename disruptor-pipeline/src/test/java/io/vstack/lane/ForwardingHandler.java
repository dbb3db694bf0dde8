package io.vstack.lane;

/** A handler that passes every frame to another one, for tests that add behaviour around a sink. */
class ForwardingHandler implements LaneHandler {
  private final LaneHandler inner;

  ForwardingHandler(final LaneHandler inner) {
    this.inner = inner;
  }

  @Override
  public void onFrame(
      final long address,
      final int length,
      final int tenant,
      final int markedSlot,
      final int flowHash,
      final int source) {
    inner.onFrame(address, length, tenant, markedSlot, flowHash, source);
  }

  @Override
  public void onEndOfBatch() {
    inner.onEndOfBatch();
  }
}
