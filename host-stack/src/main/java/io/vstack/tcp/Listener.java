package io.vstack.tcp;

/**
 * A passive open on (address, port). Embryonic connections (SYN-RECEIVED) wait in a bounded SYN
 * backlog; established ones wait in the accept queue until the application takes them.
 *
 * <p>SYN-flood protection is a bounded backlog with eviction of the oldest embryonic connection,
 * not SYN cookies: cookies cannot carry window scale, SACK and ECN without timestamps and lose them
 * when the final ACK is lost, whereas the pooled TCBs here make an embryonic connection cheap (no
 * allocation), and evicting the oldest keeps the backlog open to new clients: a genuine client
 * completes within one RTT, so a flood evicts it only when it fills the whole backlog faster than
 * that, and the client's SYN retransmission still gets through afterwards.
 */
final class Listener {
  final int id;
  final int address;
  final int port;
  final int backlog;
  final TcbQueue synBacklog;
  final TcbQueue acceptQueue;

  Listener(final int id, final int address, final int port, final int backlog, final Tcb[] tcbs) {
    this.id = id;
    this.address = address;
    this.port = port;
    this.backlog = backlog;
    this.synBacklog = new TcbQueue(tcbs);
    this.acceptQueue = new TcbQueue(tcbs);
  }

  /** True when a segment to {@code destination} belongs to this listener. */
  boolean matches(final int destination) {
    return address == 0 || address == destination;
  }
}
