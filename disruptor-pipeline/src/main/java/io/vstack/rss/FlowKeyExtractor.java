package io.vstack.rss;

import org.agrona.DirectBuffer;

/**
 * Reads the {@link FlowKey} of a frame: supplied by the fast-path handler that knows the frame
 * format (overlay, VLAN, tenant mapping). Runs on the hot path: no allocation, no exceptions; the
 * frame is untrusted, so every read is bounds-checked against {@code length}.
 */
@FunctionalInterface
public interface FlowKeyExtractor {
  /**
   * Fills {@code key} from the frame in {@code frame[0, length)}.
   *
   * @return false when the frame belongs to no flow (too short, not IP, ...); the caller then uses
   *     the all-zero key.
   */
  boolean extract(DirectBuffer frame, int length, FlowKey key);
}
