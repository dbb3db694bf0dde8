package io.vstack.flow;

import java.util.List;

/**
 * The rte_flow pattern item types vstack supports, with their testpmd token and the size of their
 * match image.
 *
 * <p>The image of a protocol item is its header as it appears on the wire (and as DPDK 22.11 lays
 * out {@code struct rte_flow_item_<name>}, which embeds the header): {@link ItemField} offsets are
 * bit offsets into it. Metadata items ({@link #isProtocol()} false) match values that travel with
 * the packet rather than header bytes; their image is the value in network byte order.
 */
public enum ItemType {
  ETH("eth", 14, true),
  VLAN("vlan", 4, true),
  IPV4("ipv4", 20, true),
  IPV6("ipv6", 40, true),
  UDP("udp", 8, true),
  TCP("tcp", 20, true),
  ICMP("icmp", 8, true),
  VXLAN("vxlan", 8, true),
  GENEVE("geneve", 8, true),
  MARK("mark", 4, false),
  META("meta", 4, false),
  PORT_ID("port_id", 4, false),
  REPRESENTED_PORT("represented_port", 2, false);

  private final String token;
  private final int imageLength;
  private final boolean protocol;

  ItemType(final String token, final int imageLength, final boolean protocol) {
    this.token = token;
    this.imageLength = imageLength;
    this.protocol = protocol;
  }

  /** The testpmd keyword, e.g. {@code represented_port}. */
  public String token() {
    return token;
  }

  /** Bytes of the match image (the header, or the metadata value). */
  public int imageLength() {
    return imageLength;
  }

  /** True for items that match a header layer of the frame, false for metadata items. */
  public boolean isProtocol() {
    return protocol;
  }

  /** The fields of this item in declaration (and print) order. */
  public List<ItemField> fields() {
    return ItemField.of(this);
  }

  /** The field with testpmd name {@code name}, or null. */
  public ItemField field(final String name) {
    for (final ItemField field : fields()) {
      if (field.token().equals(name)) {
        return field;
      }
    }
    return null;
  }

  /** The item with testpmd keyword {@code token}, or null. */
  public static ItemType fromToken(final String token) {
    return Tokens.find(values(), ItemType::token, token);
  }

  /**
   * The image of rte_flow's default mask ({@code rte_flow_item_<name>_mask}) used when a rule sets
   * a spec but no mask. A fresh array on every call.
   */
  public byte[] defaultMask() {
    final byte[] image = new byte[imageLength];
    for (final ItemField field : fields()) {
      if (field.inDefaultMask()) {
        field.write(image, field.fullMask());
      }
    }
    return image;
  }
}
