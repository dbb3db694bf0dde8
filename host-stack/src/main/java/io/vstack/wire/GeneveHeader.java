package io.vstack.wire;

import static java.nio.ByteOrder.BIG_ENDIAN;

import org.agrona.MutableDirectBuffer;

/**
 * Checked flyweight view of a Geneve header with its options (RFC 8926 section 3.4), carried in UDP
 * to port {@link OverlayProtocol#GENEVE}.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |Ver|  Opt Len  |O|C|    Rsvd.  |          Protocol Type        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |        Virtual Network Identifier (VNI)       |    Reserved   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Variable-Length Options                    ~
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * Each option (section 3.5), Length in 4-byte words of data, C = high bit of Type:
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |          Option Class         |C|    Type     |R|R|R| Length  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  Variable-Length Option Data                  ~
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>{@link #wrap} walks the whole option chain once (at most 63 words, so bounded), so the {@link
 * #options()} cursor can then trust every length it reads. Reserved bits are ignored on receive and
 * written as zero.
 */
public final class GeneveHeader {
  public static final int VERSION_OFFSET = 0;
  public static final int FLAGS_OFFSET = 1;
  public static final int PROTOCOL_TYPE_OFFSET = 2;
  public static final int VNI_OFFSET = 4;

  /** Length of the fixed part, before the options. */
  public static final int HEADER_LENGTH = 8;

  public static final int VERSION = 0;

  /** Largest option area in bytes (6-bit length in 4-byte words). */
  public static final int MAX_OPTIONS_LENGTH = 63 * 4;

  public static final int FLAG_OAM = 0x80;
  public static final int FLAG_CRITICAL = 0x40;

  /** Protocol type of an inner Ethernet frame (Transparent Ethernet Bridging). */
  public static final int PROTOCOL_ETHERNET = 0x6558;

  public static final int MAX_VNI = 0xFF_FFFF;

  public static final int OPTION_HEADER_LENGTH = 4;

  /** Largest option data in bytes (5-bit length in 4-byte words). */
  public static final int MAX_OPTION_DATA_LENGTH = 31 * 4;

  /** The critical bit, the high bit of an option's Type. */
  public static final int OPTION_TYPE_CRITICAL = 0x80;

  private final OptionCursor cursor = new OptionCursor();
  private MutableDirectBuffer buffer;
  private int offset;
  private int length;

  /**
   * Wraps and checks a received Geneve header, its options and payload.
   *
   * @return {@link WireError#OK}; {@link WireError#TRUNCATED} when shorter than the fixed header or
   *     than the declared option area; {@link WireError#BAD_VERSION} for a version other than 0;
   *     {@link WireError#BAD_OPTION} when an option's data runs past the option area.
   */
  public WireError wrap(final MutableDirectBuffer buffer, final int offset, final int length) {
    this.buffer = buffer;
    this.offset = offset;
    this.length = length;
    if (Bounds.truncated(buffer, offset, length, HEADER_LENGTH)) {
      return WireError.TRUNCATED;
    }
    if (version() != VERSION) {
      return WireError.BAD_VERSION;
    }
    final int optionsLength = optionsLength();
    if (HEADER_LENGTH + optionsLength > length) {
      return WireError.TRUNCATED;
    }
    int option = offset + HEADER_LENGTH;
    final int end = option + optionsLength;
    // Options and the option area are whole 4-byte words, so an option header always fits.
    while (option < end) {
      final int size = OPTION_HEADER_LENGTH + optionDataLength(option);
      if (size > end - option) {
        return WireError.BAD_OPTION;
      }
      option += size;
    }
    return WireError.OK;
  }

  /**
   * Wraps a buffer to write a new header (options + payload, {@code length} bytes in all); nothing
   * is checked.
   */
  public GeneveHeader wrapForEmit(
      final MutableDirectBuffer buffer, final int offset, final int length) {
    this.buffer = buffer;
    this.offset = offset;
    this.length = length;
    return this;
  }

  public MutableDirectBuffer buffer() {
    return buffer;
  }

  public int offset() {
    return offset;
  }

  public int length() {
    return length;
  }

  public int version() {
    return (buffer.getByte(offset + VERSION_OFFSET) & 0xFF) >>> 6;
  }

  /** Length of the option area in bytes (the Opt Len field times 4). */
  public int optionsLength() {
    return (buffer.getByte(offset + VERSION_OFFSET) & 0x3F) * 4;
  }

  /** Fixed header plus options. */
  public int headerLength() {
    return HEADER_LENGTH + optionsLength();
  }

  /** The O bit: an OAM (control) packet, not data for a tenant. */
  public boolean isOam() {
    return (buffer.getByte(offset + FLAGS_OFFSET) & FLAG_OAM) != 0;
  }

  /** The C bit: at least one option has its critical bit set. */
  public boolean hasCriticalOptions() {
    return (buffer.getByte(offset + FLAGS_OFFSET) & FLAG_CRITICAL) != 0;
  }

  public int protocolType() {
    return buffer.getShort(offset + PROTOCOL_TYPE_OFFSET, BIG_ENDIAN) & 0xFFFF;
  }

  /** The 24-bit virtual network identifier. */
  public int vni() {
    return buffer.getInt(offset + VNI_OFFSET, BIG_ENDIAN) >>> 8;
  }

  /**
   * Writes the fixed header: version 0, option length, flags, protocol type and VNI; reserved bits
   * zero. The option area ({@code optionsLength} bytes, a multiple of 4) is written with {@link
   * #putOption}.
   */
  public GeneveHeader header(
      final int optionsLength,
      final boolean oam,
      final boolean criticalOptions,
      final int protocolType,
      final int vni) {
    buffer.putByte(
        offset + VERSION_OFFSET, (byte) ((VERSION << 6) | ((optionsLength >>> 2) & 0x3F)));
    buffer.putByte(
        offset + FLAGS_OFFSET,
        (byte) ((oam ? FLAG_OAM : 0) | (criticalOptions ? FLAG_CRITICAL : 0)));
    buffer.putShort(offset + PROTOCOL_TYPE_OFFSET, (short) protocolType, BIG_ENDIAN);
    buffer.putInt(offset + VNI_OFFSET, (vni & MAX_VNI) << 8, BIG_ENDIAN);
    return this;
  }

  /**
   * Writes an option header at absolute {@code optionOffset}; its data ({@code dataLength} bytes, a
   * multiple of 4) follows at {@code optionOffset + 4}.
   *
   * @return the absolute offset of the next option
   */
  public int putOption(
      final int optionOffset, final int optionClass, final int type, final int dataLength) {
    buffer.putShort(optionOffset, (short) optionClass, BIG_ENDIAN);
    buffer.putByte(optionOffset + 2, (byte) type);
    buffer.putByte(optionOffset + 3, (byte) ((dataLength >>> 2) & 0x1F));
    return optionOffset + OPTION_HEADER_LENGTH + dataLength;
  }

  /** Offset of the first option (the start of the option area). */
  public int optionsOffset() {
    return offset + HEADER_LENGTH;
  }

  /** Offset of the inner frame. */
  public int payloadOffset() {
    return offset + headerLength();
  }

  public int payloadLength() {
    return length - headerLength();
  }

  /**
   * The reusable option cursor, reset to before the first option: {@code for (var o =
   * header.options(); o.next(); ) { o.optionClass() ... }}. Allocation-free; valid after {@link
   * WireError#OK}.
   */
  public OptionCursor options() {
    cursor.next = optionsOffset();
    cursor.current = -1;
    return cursor;
  }

  private int optionDataLength(final int optionOffset) {
    return (buffer.getByte(optionOffset + 3) & 0x1F) * 4;
  }

  /** Walks the options of a checked header; one instance per header view. */
  public final class OptionCursor {
    private int next;
    private int current;

    private OptionCursor() {}

    /** Advances to the next option; false when none is left. */
    public boolean next() {
      if (next >= optionsOffset() + optionsLength()) {
        return false;
      }
      current = next;
      next = current + OPTION_HEADER_LENGTH + optionDataLength(current);
      return true;
    }

    /** Absolute offset of the current option's header. */
    public int offset() {
      return current;
    }

    public int optionClass() {
      return buffer.getShort(current, BIG_ENDIAN) & 0xFFFF;
    }

    /** The 8-bit type, including the critical bit. */
    public int type() {
      return buffer.getByte(current + 2) & 0xFF;
    }

    /** The critical bit: a receiver that does not understand this option must drop the packet. */
    public boolean isCritical() {
      return (type() & OPTION_TYPE_CRITICAL) != 0;
    }

    /** Length of the option data in bytes (the Length field times 4). */
    public int dataLength() {
      return optionDataLength(current);
    }

    /** Absolute offset of the option data. */
    public int dataOffset() {
      return current + OPTION_HEADER_LENGTH;
    }
  }
}
