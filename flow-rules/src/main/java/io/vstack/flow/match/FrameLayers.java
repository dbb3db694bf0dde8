package io.vstack.flow.match;

import io.vstack.flow.ItemType;

/**
 * The header stack of one frame, found by a bounds-checked walk and reused for every frame (no
 * allocation). Each layer is an {@link ItemType} and the offset of its header; a layer is recorded
 * only when the frame holds at least that item's image bytes, so matching never reads past the
 * frame. The walk stops quietly at the first header it cannot follow (unknown EtherType or
 * protocol, truncated or inconsistent header, non-first fragment): the layers found so far stay.
 *
 * <pre>
 * eth [vlan (0x8100 / 0x88a8 / 0x9100), up to 2] ipv4 | ipv6 [extension headers]
 *     udp [vxlan (dst 4789) eth ... | geneve (dst 6081) eth|ipv4|ipv6 ...] | tcp | icmp (ipv4 only)
 * </pre>
 */
final class FrameLayers {
  static final int MAX_LAYERS = 16;
  private static final int MAX_VLAN_TAGS = 2;
  private static final int MAX_ENCAPSULATIONS = 2;
  private static final int MAX_IPV6_EXTENSIONS = 4;

  private static final int ETH = ItemType.ETH.ordinal();
  private static final int VLAN = ItemType.VLAN.ordinal();
  private static final int IPV4 = ItemType.IPV4.ordinal();
  private static final int IPV6 = ItemType.IPV6.ordinal();
  private static final int UDP = ItemType.UDP.ordinal();
  private static final int TCP = ItemType.TCP.ordinal();
  private static final int ICMP = ItemType.ICMP.ordinal();
  private static final int VXLAN = ItemType.VXLAN.ordinal();
  private static final int GENEVE = ItemType.GENEVE.ordinal();
  private static final int NONE = -1;
  private static final int[] IMAGE_LENGTH = imageLengths();

  static final int VXLAN_PORT = 4789;
  static final int GENEVE_PORT = 6081;

  final int[] type = new int[MAX_LAYERS];
  final int[] offset = new int[MAX_LAYERS];
  int count;

  private byte[] buffer;
  private int end;

  /** Walks the frame in {@code buffer[offset, offset + length)}; the caller checked the range. */
  void parse(final byte[] buffer, final int frameOffset, final int length) {
    this.buffer = buffer;
    this.end = frameOffset + length;
    count = 0;
    int pos = frameOffset;
    int next = ETH;
    int encapsulations = 0;
    while (next != NONE) {
      if (next == ETH) {
        if (!add(ETH, pos)) {
          return;
        }
        int etherType = u16(pos + 12);
        pos += 14;
        for (int tags = 0; tags < MAX_VLAN_TAGS && isVlanTpid(etherType); tags++) {
          if (!add(VLAN, pos)) {
            return;
          }
          etherType = u16(pos + 2);
          pos += 4;
        }
        next = l3(etherType);
      } else if (next == IPV4) {
        if (!fits(pos, 20) || (buffer[pos] & 0xF0) != 0x40) {
          return;
        }
        final int headerLength = (buffer[pos] & 0x0F) * 4;
        if (headerLength < 20 || !fits(pos, headerLength) || !add(IPV4, pos)) {
          return;
        }
        final int protocol = buffer[pos + 9] & 0xFF;
        final boolean laterFragment = (u16(pos + 6) & 0x1FFF) != 0;
        pos += headerLength;
        next = laterFragment ? NONE : l4(protocol, true);
      } else if (next == IPV6) {
        if (!fits(pos, 40) || (buffer[pos] & 0xF0) != 0x60 || !add(IPV6, pos)) {
          return;
        }
        int nextHeader = buffer[pos + 6] & 0xFF;
        pos += 40;
        for (int ext = 0; ext < MAX_IPV6_EXTENSIONS && isIpv6Extension(nextHeader); ext++) {
          if (!fits(pos, 8)) {
            return;
          }
          final int extLength = nextHeader == 44 ? 8 : ((buffer[pos + 1] & 0xFF) + 1) * 8;
          if (!fits(pos, extLength) || (nextHeader == 44 && (u16(pos + 2) & 0xFFF8) != 0)) {
            return;
          }
          nextHeader = buffer[pos] & 0xFF;
          pos += extLength;
        }
        next = l4(nextHeader, false);
      } else if (next == UDP) {
        if (!add(UDP, pos)) {
          return;
        }
        final int destination = u16(pos + 2);
        pos += 8;
        next =
            encapsulations == MAX_ENCAPSULATIONS
                ? NONE
                : destination == VXLAN_PORT ? VXLAN : destination == GENEVE_PORT ? GENEVE : NONE;
      } else if (next == VXLAN) {
        if (!add(VXLAN, pos)) {
          return;
        }
        pos += 8;
        encapsulations++;
        next = ETH;
      } else if (next == GENEVE) {
        if (!fits(pos, 8)) {
          return;
        }
        final int total = 8 + (buffer[pos] & 0x3F) * 4;
        if (!fits(pos, total) || !add(GENEVE, pos)) {
          return;
        }
        final int protocol = u16(pos + 2);
        pos += total;
        encapsulations++;
        next = protocol == 0x6558 ? ETH : l3(protocol);
      } else if (next == TCP) {
        if (!fits(pos, 20)) {
          return;
        }
        final int dataOffset = ((buffer[pos + 12] & 0xF0) >>> 4) * 4;
        if (dataOffset >= 20 && fits(pos, dataOffset)) {
          add(TCP, pos);
        }
        return;
      } else {
        add(ICMP, pos);
        return;
      }
    }
  }

  private static int[] imageLengths() {
    final ItemType[] types = ItemType.values();
    final int[] lengths = new int[types.length];
    for (final ItemType itemType : types) {
      lengths[itemType.ordinal()] = itemType.imageLength();
    }
    return lengths;
  }

  private static boolean isVlanTpid(final int etherType) {
    return etherType == 0x8100 || etherType == 0x88A8 || etherType == 0x9100;
  }

  private static boolean isIpv6Extension(final int nextHeader) {
    return nextHeader == 0 || nextHeader == 43 || nextHeader == 44 || nextHeader == 60;
  }

  private static int l3(final int etherType) {
    return etherType == 0x0800 ? IPV4 : etherType == 0x86DD ? IPV6 : NONE;
  }

  private static int l4(final int protocol, final boolean ipv4) {
    return protocol == 17 ? UDP : protocol == 6 ? TCP : protocol == 1 && ipv4 ? ICMP : NONE;
  }

  /** Records a layer when its whole item image lies inside the frame and there is room. */
  private boolean add(final int layerType, final int pos) {
    if (count == MAX_LAYERS || !fits(pos, IMAGE_LENGTH[layerType])) {
      return false;
    }
    type[count] = layerType;
    offset[count] = pos;
    count++;
    return true;
  }

  private boolean fits(final int pos, final int bytes) {
    return bytes <= end - pos;
  }

  private int u16(final int at) {
    return (buffer[at] & 0xFF) << 8 | buffer[at + 1] & 0xFF;
  }

  /** The first layer of {@code layerType}, or -1. */
  int first(final int layerType) {
    for (int i = 0; i < count; i++) {
      if (type[i] == layerType) {
        return i;
      }
    }
    return -1;
  }
}
