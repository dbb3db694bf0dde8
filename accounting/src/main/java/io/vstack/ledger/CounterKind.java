package io.vstack.ledger;

/**
 * What a tenant counter counts. Each tenant gets one Agrona counter per kind; the counter's type id
 * is {@link #typeId()} and its key carries (tenant id, kind ordinal), so a reader in another
 * process can tell them apart without parsing labels.
 */
public enum CounterKind {
  /** Cycles of receive-path work (charged, never refused). */
  RX_CYCLES("rx-cycles", Unit.CYCLES),
  /** Cycles of transmit-path work. */
  TX_CYCLES("tx-cycles", Unit.CYCLES),
  /** Cycles of slow-path work (connection set-up, timers, retransmissions). */
  SLOW_PATH_CYCLES("slow-path-cycles", Unit.CYCLES),
  RX_PACKETS("rx-packets", Unit.COUNT),
  RX_BYTES("rx-bytes", Unit.BYTES),
  TX_PACKETS("tx-packets", Unit.COUNT),
  TX_BYTES("tx-bytes", Unit.BYTES),
  /** Packets dropped because the tenant's queue was full. */
  DROP_QUEUE_FULL("drop-queue-full", Unit.COUNT),
  /** Packets dropped because they failed validation. */
  DROP_MALFORMED("drop-malformed", Unit.COUNT),
  /** Packets dropped because no flow matched. */
  DROP_NO_FLOW("drop-no-flow", Unit.COUNT),
  /** Packets dropped because no buffer was free. */
  DROP_NO_BUFFER("drop-no-buffer", Unit.COUNT),
  /** Packets dropped by a rule (e.g. spoofed source). */
  DROP_POLICY("drop-policy", Unit.COUNT),
  /** Work items waiting in the tenant's queues now (a gauge). */
  QUEUE_DEPTH("queue-depth", Unit.GAUGE),
  /** Open connections now (a gauge). */
  CONNECTIONS("connections", Unit.GAUGE);

  /** How a counter's value is to be read. */
  public enum Unit {
    CYCLES,
    COUNT,
    BYTES,
    GAUGE
  }

  /** Agrona type ids of tenant counters start here (Aeron uses 0..~100). */
  public static final int TYPE_ID_BASE = 7_000;

  private static final CounterKind[] VALUES = values();

  private final String label;
  private final Unit unit;

  CounterKind(final String label, final Unit unit) {
    this.label = label;
    this.unit = unit;
  }

  /** The name used in counter labels and in {@code vstack stats --json}. */
  public String label() {
    return label;
  }

  public Unit unit() {
    return unit;
  }

  /** True for the drop reasons. */
  public boolean isDrop() {
    return name().startsWith("DROP_");
  }

  public int typeId() {
    return TYPE_ID_BASE + ordinal();
  }

  /** The kind with this type id, or null when the id is not a tenant counter. */
  public static CounterKind ofTypeId(final int typeId) {
    final int ordinal = typeId - TYPE_ID_BASE;
    return ordinal >= 0 && ordinal < VALUES.length ? VALUES[ordinal] : null;
  }

  /** All kinds (a shared array: do not modify). */
  static CounterKind[] all() {
    return VALUES;
  }
}
