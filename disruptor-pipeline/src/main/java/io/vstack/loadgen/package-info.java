/**
 * Synthetic flows to prove and measure the lanes before the real fast path exists: frames that
 * carry a flow id, a sequence number and a payload, a generator that writes them, and a sink
 * handler that checks per-flow order and a running SHA-256 per flow.
 */
package io.vstack.loadgen;
