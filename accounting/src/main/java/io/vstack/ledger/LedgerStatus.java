package io.vstack.ledger;

/** Whether the process that writes a counters file is still there. */
public enum LedgerStatus {
  /** The writer's PID is alive and its heartbeat is recent. */
  ALIVE,
  /** The writer's PID is alive but it has not published for a while (stuck or paused). */
  STALE,
  /** The writer's PID is gone: the numbers are the last ones it wrote. */
  DEAD;

  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
