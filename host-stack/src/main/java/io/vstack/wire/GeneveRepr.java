package io.vstack.wire;

import java.util.ArrayList;
import java.util.List;
import org.agrona.MutableDirectBuffer;

/**
 * The meaning of a Geneve header and its options: what {@link GeneveHeader} parses into and emits
 * from. Allocates; the fast path reads options through {@link GeneveHeader#options()}.
 *
 * @param oam the O bit (control packet)
 * @param criticalOptions the C bit (some option is critical); kept as received, not derived
 * @param protocolType EtherType of the payload ({@link GeneveHeader#PROTOCOL_ETHERNET} for an inner
 *     Ethernet frame)
 * @param vni the 24-bit virtual network identifier
 * @param options the options in wire order, at most {@link GeneveHeader#MAX_OPTIONS_LENGTH} bytes
 */
public record GeneveRepr(boolean oam, boolean criticalOptions, int protocolType, int vni,
    List<GeneveOption> options) {

  public GeneveRepr {
    if (vni < 0 || vni > GeneveHeader.MAX_VNI || protocolType < 0 || protocolType > 0xFFFF) {
      throw new IllegalArgumentException("Geneve VNI must be 24 bits and protocol type 16 bits: " + vni + "/"
          + protocolType);
    }
    options = List.copyOf(options);
    if (optionsLength(options) > GeneveHeader.MAX_OPTIONS_LENGTH) {
      throw new IllegalArgumentException("Geneve options exceed " + GeneveHeader.MAX_OPTIONS_LENGTH + " bytes: "
          + optionsLength(options));
    }
  }

  /** A data packet carrying an inner Ethernet frame. */
  public static GeneveRepr ethernet(final int vni, final List<GeneveOption> options) {
    return new GeneveRepr(false, options.stream().anyMatch(GeneveOption::isCritical),
        GeneveHeader.PROTOCOL_ETHERNET, vni, options);
  }

  /** Reads a view that {@link GeneveHeader#wrap} accepted. */
  public static GeneveRepr parse(final GeneveHeader header) {
    final List<GeneveOption> options = new ArrayList<>();
    for (final GeneveHeader.OptionCursor option = header.options(); option.next(); ) {
      final byte[] data = new byte[option.dataLength()];
      header.buffer().getBytes(option.dataOffset(), data);
      options.add(new GeneveOption(option.optionClass(), option.type(), data));
    }
    return new GeneveRepr(header.isOam(), header.hasCriticalOptions(), header.protocolType(), header.vni(),
        options);
  }

  private static int optionsLength(final List<GeneveOption> options) {
    int length = 0;
    for (final GeneveOption option : options) {
      length += option.length();
    }
    return length;
  }

  /** Fixed header plus options, in bytes. */
  public int headerLength() {
    return GeneveHeader.HEADER_LENGTH + optionsLength(options);
  }

  /**
   * Writes this header and its options at {@code offset}, followed by {@code payloadLength} bytes.
   *
   * @return the view, for writing the inner frame at {@link GeneveHeader#payloadOffset()}
   */
  public GeneveHeader emit(final GeneveHeader header, final MutableDirectBuffer buffer, final int offset,
      final int payloadLength) {
    header.wrapForEmit(buffer, offset, headerLength() + payloadLength)
        .header(optionsLength(options), oam, criticalOptions, protocolType, vni);
    int option = header.optionsOffset();
    for (final GeneveOption each : options) {
      final byte[] data = each.data();
      buffer.putBytes(option + GeneveHeader.OPTION_HEADER_LENGTH, data);
      option = header.putOption(option, each.optionClass(), each.type(), data.length);
    }
    return header;
  }
}
