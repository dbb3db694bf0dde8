/**
 * The slow path: one agent that handles what the fused fast path hands off (ARP, ICMP, connection
 * set-up, timers), connected to the lanes by bounded Agrona ring buffers in both directions. The
 * fast path never waits for it: a full queue is a counted drop and the protocol above recovers (TCP
 * retransmits).
 */
package io.vstack.slowpath;
