package io.vstack.wire;

import org.agrona.MutableDirectBuffer;

/**
 * The meaning of an Ethernet header, detached from any buffer: what {@link EthernetFrame} parses
 * into and emits from. Allocates, so it serves the slow path, tests and tools; the fast path uses
 * the view directly.
 *
 * @param destination destination MAC (48 bits in a long)
 * @param source source MAC
 * @param vlanId 802.1Q VLAN id, or -1 for an untagged frame
 * @param vlanPriority priority code point, ignored when untagged
 * @param etherType EtherType of the payload
 */
public record EthernetRepr(
    long destination, long source, int vlanId, int vlanPriority, int etherType) {

  /** An untagged header. */
  public static EthernetRepr of(final long destination, final long source, final int etherType) {
    return new EthernetRepr(destination, source, -1, 0, etherType);
  }

  /** Reads a view that {@link EthernetFrame#wrap} accepted. */
  public static EthernetRepr parse(final EthernetFrame frame) {
    return new EthernetRepr(
        frame.destination(),
        frame.source(),
        frame.vlanId(),
        frame.isVlanTagged() ? frame.vlanPriority() : 0,
        frame.etherType());
  }

  public int headerLength() {
    return vlanId < 0
        ? EthernetFrame.HEADER_LENGTH
        : EthernetFrame.HEADER_LENGTH + EthernetFrame.VLAN_TAG_LENGTH;
  }

  /**
   * Writes this header at {@code offset}; the frame is {@code headerLength() + payloadLength} long.
   *
   * @return the view, positioned for writing the payload at {@link EthernetFrame#payloadOffset()}.
   */
  public EthernetFrame emit(
      final EthernetFrame frame,
      final MutableDirectBuffer buffer,
      final int offset,
      final int payloadLength) {
    frame
        .wrapForEmit(buffer, offset, headerLength() + payloadLength)
        .destination(destination)
        .source(source)
        .vlanTagged(vlanId >= 0);
    if (vlanId >= 0) {
      frame.vlan(vlanPriority, vlanId);
    }
    return frame.etherType(etherType);
  }
}
