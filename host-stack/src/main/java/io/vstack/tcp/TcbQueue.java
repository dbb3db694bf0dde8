package io.vstack.tcp;

/**
 * FIFO of connection ids linked through {@link Tcb#prev}/{@link Tcb#next}, so a listener's SYN
 * backlog and accept queue cost no allocation and a member can leave from the middle in O(1) (a
 * reset embryonic connection, an evicted one). A TCB is in at most one queue at a time.
 */
final class TcbQueue {
  private final Tcb[] tcbs;
  private int head = -1;
  private int tail = -1;
  private int size;

  TcbQueue(final Tcb[] tcbs) {
    this.tcbs = tcbs;
  }

  int size() {
    return size;
  }

  /** Oldest member or -1. */
  int peek() {
    return head;
  }

  void add(final Tcb tcb) {
    tcb.prev = tail;
    tcb.next = -1;
    if (tail >= 0) {
      tcbs[tail].next = tcb.id;
    } else {
      head = tcb.id;
    }
    tail = tcb.id;
    size++;
  }

  void remove(final Tcb tcb) {
    if (tcb.prev >= 0) {
      tcbs[tcb.prev].next = tcb.next;
    } else {
      head = tcb.next;
    }
    if (tcb.next >= 0) {
      tcbs[tcb.next].prev = tcb.prev;
    } else {
      tail = tcb.prev;
    }
    tcb.prev = -1;
    tcb.next = -1;
    size--;
  }

  /** Removes and returns the oldest member's id, or -1. */
  int poll() {
    final int id = head;
    if (id >= 0) {
      remove(tcbs[id]);
    }
    return id;
  }
}
