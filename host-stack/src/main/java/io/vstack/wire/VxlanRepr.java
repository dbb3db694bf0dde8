package io.vstack.wire;

import org.agrona.MutableDirectBuffer;

/**
 * The meaning of a VXLAN header: what {@link VxlanHeader} parses into and emits from.
 *
 * @param vni the 24-bit VXLAN network identifier
 */
public record VxlanRepr(int vni) {

  public VxlanRepr {
    if (vni < 0 || vni > VxlanHeader.MAX_VNI) {
      throw new IllegalArgumentException("VXLAN VNI must be 0.." + VxlanHeader.MAX_VNI + ": " + vni);
    }
  }

  /** Reads a view that {@link VxlanHeader#wrap} accepted. */
  public static VxlanRepr parse(final VxlanHeader header) {
    return new VxlanRepr(header.vni());
  }

  /**
   * Writes this header at {@code offset}, followed by {@code payloadLength} bytes of inner frame.
   *
   * @return the view, for writing the inner frame at {@link VxlanHeader#payloadOffset()}
   */
  public VxlanHeader emit(final VxlanHeader header, final MutableDirectBuffer buffer, final int offset,
      final int payloadLength) {
    return header.wrapForEmit(buffer, offset, VxlanHeader.HEADER_LENGTH + payloadLength).vni(vni);
  }
}
