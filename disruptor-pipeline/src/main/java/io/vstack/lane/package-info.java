/**
 * Lanes: the shared stack's fast path on dedicated cores (or one shared thread).
 *
 * <pre>
 *   port rx queue ─┐                         ┌─► lane 0: Disruptor ring ─► LaneHandler
 *   tenant tx q.  ─┼─► Dispatcher (software ─┼─► lane 1: Disruptor ring ─► LaneHandler
 *   ...           ─┘   RSS: hash → reta)     └─► lane n  ...                  │ ▲
 *                                                             SlowPathAgent ◄─┘ │ (bounded queues)
 *                                                                       └───────┘
 * </pre>
 *
 * <p>{@link io.vstack.lane.Lanes#launch} builds everything from a {@link
 * io.vstack.lane.LanesContext}; {@link io.vstack.lane.ThreadingMode} chooses one pinned thread per
 * lane or one thread for all.
 */
package io.vstack.lane;
