package io.vstack.lane;

/**
 * How the dispatcher turns a NIC MARK ({@link FrameSource#mark}) into the slot of the tenant whose
 * steering rule marked the frame, so a lane can group and process it without parsing its headers.
 * The lanes are generic: what a MARK means comes from the owner of the steering rules (set it with
 * {@link LanesContext#markSlots}). Called on the dispatcher's thread for every marked frame, so it
 * must not allocate, lock or throw, and may only read shared tables.
 */
@FunctionalInterface
public interface MarkSlots {
  /** No tenant: the frame carries no MARK, or one that names no tenant; the handler classifies. */
  int NO_SLOT = -1;

  /** No mapping (the default): the dispatcher does not read MARKs at all. */
  MarkSlots NONE = mark -> NO_SLOT;

  /**
   * @param mark a MARK id (0 to 2^32-1), never {@link io.vstack.port.Port#NO_MARK}
   * @return the tenant slot the MARK names (0 or more), or {@link #NO_SLOT}
   */
  int slotOf(long mark);
}
