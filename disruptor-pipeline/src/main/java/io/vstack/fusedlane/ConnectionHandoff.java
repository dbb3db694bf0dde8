package io.vstack.fusedlane;

import io.vstack.tcp.TcpEngine;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where the TCP connections of a moving indirection entry wait between the lane that leaves it and
 * the lane that gets it: one list per entry, put by the old lane's {@link FusedLaneHandler} (on its
 * thread, after the entry's last frame there) and taken by the new one before the entry's first
 * frame there. One instance shared by all lanes' handlers ({@link FusedLaneHandler#factory}).
 *
 * <p>Why moving connections rather than sharing one connection table between the lanes' engines: a
 * connection is not only touched by its segments (which the dispatcher already serialises across a
 * move) but also by its timers and by the application, which run on the owning lane's thread at any
 * time; a shared table would need locks or a second owner hand-over for those anyway. Moving the
 * TCB ({@link TcpEngine#detach}/{@link TcpEngine#attach}) keeps every engine single-threaded and
 * lock-free on the hot path, and costs only at a move (a control-path event: allocation here is
 * fine). The memory ordering comes from the lane rings: the old lane's consumer sequence is written
 * after the list was put, the dispatcher reads it before it publishes the arrival marker to the new
 * lane, which reads the marker before it takes the list.
 */
public final class ConnectionHandoff {
  /** One connection on its way: its tenant slot, the TCB, and the application's state for it. */
  public record Moved(int slot, TcpEngine.Detached connection, Object applicationState) {}

  private final ConcurrentHashMap<Integer, List<Moved>> byEntry = new ConcurrentHashMap<>();

  void put(final int entry, final List<Moved> connections) {
    if (!connections.isEmpty()) {
      byEntry.put(entry, connections);
    }
  }

  List<Moved> take(final int entry) {
    final List<Moved> connections = byEntry.remove(entry);
    return connections == null ? List.of() : connections;
  }

  /** Entries whose connections were put and not taken yet (0 once every move finished). */
  public int waiting() {
    return byEntry.size();
  }
}
