package io.vstack.lane;

import io.vstack.rss.FlowKey;

/**
 * The indirection entry the dispatcher files a flow under: what a {@link LaneHandler} that keeps
 * per-flow state (TCP connections) needs to find the flows of an entry that moves ({@link
 * LaneHandler#onEntryLeaving}). The key must be built like the dispatcher's extractor builds it.
 */
@FunctionalInterface
public interface FlowEntries {
  /** The entry of the flow with this key. */
  int entryOf(FlowKey key);
}
