/**
 * Ports: where frames enter and leave vstack, each moving bursts of frames ({@link
 * io.vstack.port.FrameBatch}) without blocking.
 */
package io.vstack.port;
