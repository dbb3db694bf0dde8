package io.vstack.rss;

/**
 * Makes a NIC's RSS redirection table ("reta") follow the software {@link IndirectionTable}, so a
 * lane that gives up its entries (parked, or sharing with a woken lane) also stops getting the NIC
 * queue's share of traffic that the entries stood for.
 *
 * <p>Called on the dispatcher's thread: once at start and after every duty cycle in which entries
 * switched lanes (after the drain, so the software move is already complete). Never on the
 * per-frame path. A failure is the NIC's business: the dispatcher counts it ({@code reta updates
 * failed}), records the exception in the lanes' error log and goes on with the software table,
 * which has moved regardless.
 */
@FunctionalInterface
public interface RetaProgrammer {
  /** No NIC to program: software RSS only (ports other than DPDK ports). */
  RetaProgrammer SOFTWARE = laneOfEntry -> {};

  /**
   * Programs the NIC to steer like {@code laneOfEntry} (entry → lane, a fresh copy the callee may
   * keep).
   *
   * @throws RuntimeException with the NIC's reason when it refused the table.
   */
  void program(int[] laneOfEntry);
}
