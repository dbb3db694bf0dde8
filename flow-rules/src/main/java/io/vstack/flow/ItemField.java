package io.vstack.flow;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A matchable field of a pattern item: its testpmd name and where its bits sit in the item's image
 * (see {@link ItemType}).
 *
 * <p>Offsets and widths count bits from the first (most significant) bit of the image, in network
 * byte order, so {@code vlan pcp} is bits 0..2 of the TCI. Fields of one item may overlap ({@code
 * tci} covers {@code pcp}, {@code dei}, {@code vid}); images are written in declaration order, so a
 * narrower field declared later wins, as in testpmd when printed in this order. {@link
 * #inDefaultMask()} reproduces DPDK 22.11's {@code rte_flow_item_*_mask} constants.
 */
public enum ItemField {
  ETH_DST(ItemType.ETH, "dst", 0, 48, FieldKind.MAC, true),
  ETH_SRC(ItemType.ETH, "src", 48, 48, FieldKind.MAC, true),
  ETH_TYPE(ItemType.ETH, "type", 96, 16, FieldKind.HEX, false),

  VLAN_TCI(ItemType.VLAN, "tci", 0, 16, FieldKind.HEX, false),
  VLAN_PCP(ItemType.VLAN, "pcp", 0, 3, FieldKind.NUMBER, false),
  VLAN_DEI(ItemType.VLAN, "dei", 3, 1, FieldKind.NUMBER, false),
  VLAN_VID(ItemType.VLAN, "vid", 4, 12, FieldKind.NUMBER, true),
  VLAN_INNER_TYPE(ItemType.VLAN, "inner_type", 16, 16, FieldKind.HEX, false),

  IPV4_TOS(ItemType.IPV4, "tos", 8, 8, FieldKind.NUMBER, false),
  IPV4_TTL(ItemType.IPV4, "ttl", 64, 8, FieldKind.NUMBER, false),
  IPV4_PROTO(ItemType.IPV4, "proto", 72, 8, FieldKind.NUMBER, false),
  IPV4_SRC(ItemType.IPV4, "src", 96, 32, FieldKind.IPV4, true),
  IPV4_DST(ItemType.IPV4, "dst", 128, 32, FieldKind.IPV4, true),

  IPV6_TC(ItemType.IPV6, "tc", 4, 8, FieldKind.NUMBER, false),
  IPV6_FLOW(ItemType.IPV6, "flow", 12, 20, FieldKind.NUMBER, false),
  IPV6_PROTO(ItemType.IPV6, "proto", 48, 8, FieldKind.NUMBER, false),
  IPV6_HOP(ItemType.IPV6, "hop", 56, 8, FieldKind.NUMBER, false),
  IPV6_SRC(ItemType.IPV6, "src", 64, 128, FieldKind.IPV6, true),
  IPV6_DST(ItemType.IPV6, "dst", 192, 128, FieldKind.IPV6, true),

  UDP_SRC(ItemType.UDP, "src", 0, 16, FieldKind.NUMBER, true),
  UDP_DST(ItemType.UDP, "dst", 16, 16, FieldKind.NUMBER, true),

  TCP_SRC(ItemType.TCP, "src", 0, 16, FieldKind.NUMBER, true),
  TCP_DST(ItemType.TCP, "dst", 16, 16, FieldKind.NUMBER, true),
  TCP_FLAGS(ItemType.TCP, "flags", 104, 8, FieldKind.HEX, false),

  ICMP_TYPE(ItemType.ICMP, "type", 0, 8, FieldKind.NUMBER, true),
  ICMP_CODE(ItemType.ICMP, "code", 8, 8, FieldKind.NUMBER, true),
  ICMP_IDENT(ItemType.ICMP, "ident", 32, 16, FieldKind.NUMBER, false),
  ICMP_SEQ(ItemType.ICMP, "seq", 48, 16, FieldKind.NUMBER, false),

  VXLAN_VNI(ItemType.VXLAN, "vni", 32, 24, FieldKind.NUMBER, true),

  GENEVE_VNI(ItemType.GENEVE, "vni", 32, 24, FieldKind.NUMBER, true),
  GENEVE_PROTOCOL(ItemType.GENEVE, "protocol", 16, 16, FieldKind.HEX, false),

  MARK_ID(ItemType.MARK, "id", 0, 32, FieldKind.NUMBER, true),
  META_DATA(ItemType.META, "data", 0, 32, FieldKind.NUMBER, true),
  PORT_ID_ID(ItemType.PORT_ID, "id", 0, 32, FieldKind.NUMBER, true),
  REPRESENTED_PORT_ETHDEV_PORT_ID(
      ItemType.REPRESENTED_PORT, "ethdev_port_id", 0, 16, FieldKind.NUMBER, true);

  private static final Map<ItemType, List<ItemField>> BY_ITEM = new EnumMap<>(ItemType.class);

  static {
    for (final ItemType type : ItemType.values()) {
      final List<ItemField> fields = new ArrayList<>();
      for (final ItemField field : values()) {
        if (field.item == type) {
          fields.add(field);
        }
      }
      BY_ITEM.put(type, List.copyOf(fields));
    }
  }

  private final ItemType item;
  private final String token;
  private final int bitOffset;
  private final int bitWidth;
  private final FieldKind kind;
  private final boolean inDefaultMask;
  private final BigInteger fullMask;

  ItemField(
      final ItemType item,
      final String token,
      final int bitOffset,
      final int bitWidth,
      final FieldKind kind,
      final boolean inDefaultMask) {
    this.item = item;
    this.token = token;
    this.bitOffset = bitOffset;
    this.bitWidth = bitWidth;
    this.kind = kind;
    this.inDefaultMask = inDefaultMask;
    this.fullMask = BigInteger.ONE.shiftLeft(bitWidth).subtract(BigInteger.ONE);
  }

  /** The fields of {@code type} in declaration order. */
  static List<ItemField> of(final ItemType type) {
    return BY_ITEM.get(type);
  }

  /** The item this field belongs to. */
  public ItemType item() {
    return item;
  }

  /** The testpmd field name, e.g. {@code inner_type}. */
  public String token() {
    return token;
  }

  /** Offset of the field's most significant bit from the start of the item image. */
  public int bitOffset() {
    return bitOffset;
  }

  /** Width in bits. */
  public int bitWidth() {
    return bitWidth;
  }

  /** How values of this field are written. */
  public FieldKind kind() {
    return kind;
  }

  /** True when rte_flow's default mask for the item covers this whole field. */
  public boolean inDefaultMask() {
    return inDefaultMask;
  }

  /** All {@link #bitWidth()} bits set. */
  public BigInteger fullMask() {
    return fullMask;
  }

  /** The mask testpmd's {@code prefix <length>} sets: {@code length} leading one bits. */
  public BigInteger prefixMask(final int length) {
    if (length < 0 || length > bitWidth) {
      throw new IllegalArgumentException(
          "prefix " + length + " out of range 0.." + bitWidth + " for " + this);
    }
    return fullMask.shiftRight(bitWidth - length).shiftLeft(bitWidth - length);
  }

  /** True when {@code value} is non-negative and fits in {@link #bitWidth()} bits. */
  public boolean fits(final BigInteger value) {
    return value.signum() >= 0 && value.bitLength() <= bitWidth;
  }

  /** Writes {@code value} into this field's bits of {@code image}, leaving other bits alone. */
  public void write(final byte[] image, final BigInteger value) {
    for (int i = 0; i < bitWidth; i++) {
      final int bit = bitOffset + i;
      final int mask = 0x80 >>> (bit & 7);
      if (value.testBit(bitWidth - 1 - i)) {
        image[bit >>> 3] |= (byte) mask;
      } else {
        image[bit >>> 3] &= (byte) ~mask;
      }
    }
  }

  /** Reads this field's bits from {@code image}. */
  public BigInteger read(final byte[] image) {
    BigInteger value = BigInteger.ZERO;
    for (int i = 0; i < bitWidth; i++) {
      final int bit = bitOffset + i;
      value = value.shiftLeft(1);
      if ((image[bit >>> 3] & (0x80 >>> (bit & 7))) != 0) {
        value = value.setBit(0);
      }
    }
    return value;
  }

  @Override
  public String toString() {
    return item.token() + " " + token;
  }
}
