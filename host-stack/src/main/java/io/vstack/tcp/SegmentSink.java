package io.vstack.tcp;

/**
 * Where the engine sends the segments it produces. The glue to the wire writes a TCP/IP header and
 * copies the payload out of the descriptor; the descriptor and its payload are valid only during
 * the call, so an implementation must not keep them.
 */
@FunctionalInterface
public interface SegmentSink {
  /** Emits one segment. */
  void emit(SegmentInfo segment);
}
