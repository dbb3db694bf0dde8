/**
 * Tenants' transmit queues: bounded rings in tenant-writable memory whose stack-side reader is a
 * lane {@link io.vstack.lane.FrameSource} that validates every record before it becomes a frame.
 */
package io.vstack.txqueue;
