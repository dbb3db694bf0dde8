package io.vstack.wire;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * One Geneve option (RFC 8926 section 3.5), detached from any buffer.
 *
 * @param optionClass the 16-bit option class (namespace of the type)
 * @param type the 8-bit type; its high bit is the critical bit
 * @param data the option data, a multiple of 4 bytes, at most {@link
 *     GeneveHeader#MAX_OPTION_DATA_LENGTH}
 */
public record GeneveOption(int optionClass, int type, byte[] data) {

  public GeneveOption {
    if (optionClass < 0 || optionClass > 0xFFFF || type < 0 || type > 0xFF) {
      throw new IllegalArgumentException("Geneve option class must be 16 bits and type 8 bits: " + optionClass
          + "/" + type);
    }
    if (data.length % 4 != 0 || data.length > GeneveHeader.MAX_OPTION_DATA_LENGTH) {
      throw new IllegalArgumentException("Geneve option data must be a multiple of 4 bytes, at most "
          + GeneveHeader.MAX_OPTION_DATA_LENGTH + ": " + data.length);
    }
    data = data.clone();
  }

  /** The critical bit of the type. */
  public boolean isCritical() {
    return (type & GeneveHeader.OPTION_TYPE_CRITICAL) != 0;
  }

  /** Option header plus data, in bytes. */
  public int length() {
    return GeneveHeader.OPTION_HEADER_LENGTH + data.length;
  }

  @Override
  public byte[] data() {
    return data.clone();
  }

  @Override
  public boolean equals(final Object other) {
    return other instanceof GeneveOption that && optionClass == that.optionClass && type == that.type
        && Arrays.equals(data, that.data);
  }

  @Override
  public int hashCode() {
    return (optionClass * 31 + type) * 31 + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "GeneveOption[class=0x" + Integer.toHexString(optionClass) + ", type=0x" + Integer.toHexString(type)
        + ", data=" + HexFormat.of().formatHex(data) + "]";
  }
}
