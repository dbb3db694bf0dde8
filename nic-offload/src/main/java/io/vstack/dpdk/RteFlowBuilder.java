package io.vstack.dpdk;

import static io.vstack.dpdk.RteFlowLayout.*;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes one rte_flow rule (attributes, pattern items, actions) into DPDK 22.11's C structs in
 * off-heap memory owned by this builder. The internal API that the adapter from the {@code
 * io.vstack.flow} rule model calls: one method per item with spec and mask values, one per action;
 * the END item and action are added by {@link #encode()}.
 *
 * <p>Values are host integers: MACs as the low 48 bits of a long, IPv4 addresses as int, ports,
 * VNIs; the builder writes them in network byte order where DPDK's struct says {@code rte_be*_t}.
 * An item whose masks are all zero is encoded with NULL spec and mask ("any such header"). A spec
 * is encoded as given; DPDK applies the mask.
 *
 * <pre>{@code
 * try (RteFlowBuilder rule = new RteFlowBuilder().ingress()
 *     .eth().ipv4().udp(0, 0, 4789, 0xffff).vxlan(42, 0xffffff)
 *     .setMark(7).toQueue(1).count(0)) {
 *   RteFlow.on(dev).validate(rule);
 * }
 * }</pre>
 */
public final class RteFlowBuilder implements AutoCloseable {
  private static final java.lang.foreign.ValueLayout.OfShort BE16 =
      JAVA_SHORT.withOrder(ByteOrder.BIG_ENDIAN);
  private static final java.lang.foreign.ValueLayout.OfInt BE32 =
      JAVA_INT.withOrder(ByteOrder.BIG_ENDIAN);
  private static final long MAC_MASK = 0xFFFF_FFFF_FFFFL;

  private final Arena arena = Arena.ofShared();
  private final MemorySegment attr = arena.allocate(ATTR_SIZE, 8);
  private final List<long[]> items = new ArrayList<>();
  private final List<long[]> actions = new ArrayList<>();
  private final StringBuilder pattern = new StringBuilder();
  private final StringBuilder actionText = new StringBuilder();
  private int countId = -1;
  private boolean rss;
  private Encoded encoded;

  /** The encoded structs: pointers to pass to {@code rte_flow_validate}/{@code _create}. */
  record Encoded(MemorySegment attr, MemorySegment pattern, MemorySegment actions) {}

  // ---------------------------------------------------------------- attributes

  /** Matches received traffic. */
  public RteFlowBuilder ingress() {
    return flag(ATTR_INGRESS_BIT);
  }

  /** Matches transmitted traffic. */
  public RteFlowBuilder egress() {
    return flag(ATTR_EGRESS_BIT);
  }

  /** Applies at the embedded switch level (transfer rules). */
  public RteFlowBuilder transfer() {
    return flag(ATTR_TRANSFER_BIT);
  }

  public RteFlowBuilder group(final int group) {
    attr.set(JAVA_INT, ATTR_GROUP, group);
    return changed();
  }

  /** Lower values take precedence. */
  public RteFlowBuilder priority(final int priority) {
    attr.set(JAVA_INT, ATTR_PRIORITY, priority);
    return changed();
  }

  private RteFlowBuilder flag(final int bit) {
    attr.set(JAVA_INT, ATTR_FLAGS, attr.get(JAVA_INT, ATTR_FLAGS) | bit);
    return changed();
  }

  // ---------------------------------------------------------------- items

  /** Any Ethernet header. */
  public RteFlowBuilder eth() {
    return eth(0, 0, 0, 0, 0, 0);
  }

  /** Ethernet: destination and source MAC (low 48 bits), EtherType. */
  public RteFlowBuilder eth(
      final long dst,
      final long dstMask,
      final long src,
      final long srcMask,
      final int type,
      final int typeMask) {
    return new Fields(ETH_SIZE)
        .mac(ETH_DST, dst, dstMask)
        .mac(ETH_SRC, src, srcMask)
        .be16(ETH_TYPE, type, typeMask)
        .item(ITEM_ETH, "eth");
  }

  /** Any 802.1Q tag. */
  public RteFlowBuilder vlan() {
    return vlan(0, 0, 0, 0);
  }

  /** 802.1Q tag: TCI (PCP, DEI, VID) and the inner EtherType. */
  public RteFlowBuilder vlan(
      final int tci, final int tciMask, final int innerType, final int innerTypeMask) {
    return new Fields(VLAN_SIZE)
        .be16(VLAN_TCI, tci, tciMask)
        .be16(VLAN_INNER_TYPE, innerType, innerTypeMask)
        .item(ITEM_VLAN, "vlan");
  }

  /** Any IPv4 header. */
  public RteFlowBuilder ipv4() {
    return ipv4(0, 0, 0, 0, 0, 0);
  }

  /** IPv4: source, destination, protocol number. */
  public RteFlowBuilder ipv4(
      final int src,
      final int srcMask,
      final int dst,
      final int dstMask,
      final int protocol,
      final int protocolMask) {
    return new Fields(IPV4_SIZE)
        .be32(IPV4_SRC, src, srcMask)
        .be32(IPV4_DST, dst, dstMask)
        .u8(IPV4_NEXT_PROTO, protocol, protocolMask)
        .item(ITEM_IPV4, "ipv4");
  }

  /** Any IPv6 header. */
  public RteFlowBuilder ipv6() {
    final byte[] zero = new byte[16];
    return ipv6(zero, zero, zero, zero, 0, 0);
  }

  /** IPv6: 16-byte source and destination (network order), next header. */
  public RteFlowBuilder ipv6(
      final byte[] src,
      final byte[] srcMask,
      final byte[] dst,
      final byte[] dstMask,
      final int nextHeader,
      final int nextHeaderMask) {
    return new Fields(IPV6_SIZE)
        .address16(IPV6_SRC, src, srcMask)
        .address16(IPV6_DST, dst, dstMask)
        .u8(IPV6_PROTO, nextHeader, nextHeaderMask)
        .item(ITEM_IPV6, "ipv6");
  }

  /** Any UDP header. */
  public RteFlowBuilder udp() {
    return udp(0, 0, 0, 0);
  }

  /** UDP: source and destination port. */
  public RteFlowBuilder udp(
      final int srcPort, final int srcPortMask, final int dstPort, final int dstPortMask) {
    return new Fields(UDP_SIZE)
        .be16(UDP_SRC_PORT, srcPort, srcPortMask)
        .be16(UDP_DST_PORT, dstPort, dstPortMask)
        .item(ITEM_UDP, "udp");
  }

  /** Any TCP header. */
  public RteFlowBuilder tcp() {
    return tcp(0, 0, 0, 0, 0, 0);
  }

  /** TCP: source and destination port, flags byte (CWR..FIN). */
  public RteFlowBuilder tcp(
      final int srcPort,
      final int srcPortMask,
      final int dstPort,
      final int dstPortMask,
      final int flags,
      final int flagsMask) {
    return new Fields(TCP_SIZE)
        .be16(TCP_SRC_PORT, srcPort, srcPortMask)
        .be16(TCP_DST_PORT, dstPort, dstPortMask)
        .u8(TCP_FLAGS, flags, flagsMask)
        .item(ITEM_TCP, "tcp");
  }

  /** ICMP: type and code. */
  public RteFlowBuilder icmp(
      final int type, final int typeMask, final int code, final int codeMask) {
    return new Fields(ICMP_SIZE)
        .u8(ICMP_TYPE, type, typeMask)
        .u8(ICMP_CODE, code, codeMask)
        .item(ITEM_ICMP, "icmp");
  }

  /** VXLAN: the 24-bit VNI. */
  public RteFlowBuilder vxlan(final int vni, final int vniMask) {
    return new Fields(VXLAN_SIZE).be24(VXLAN_VNI, vni, vniMask).item(ITEM_VXLAN, "vxlan");
  }

  /** Geneve: the 24-bit VNI and the protocol (EtherType) of the payload. */
  public RteFlowBuilder geneve(
      final int vni, final int vniMask, final int protocol, final int protocolMask) {
    return new Fields(GENEVE_SIZE)
        .be24(GENEVE_VNI, vni, vniMask)
        .be16(GENEVE_PROTOCOL, protocol, protocolMask)
        .item(ITEM_GENEVE, "geneve");
  }

  /** A MARK set by an earlier rule (group) of the same device. */
  public RteFlowBuilder mark(final int id, final int idMask) {
    return new Fields(MARK_SIZE).u32(0, id, idMask).item(ITEM_MARK, "mark");
  }

  /** Metadata set on transmit or by an earlier rule. */
  public RteFlowBuilder meta(final int data, final int dataMask) {
    return new Fields(META_SIZE).u32(0, data, dataMask).item(ITEM_META, "meta");
  }

  /** Traffic from the DPDK port {@code id} (transfer rules). */
  public RteFlowBuilder portId(final int id, final int idMask) {
    return new Fields(ITEM_PORT_ID_SIZE).u32(0, id, idMask).item(ITEM_PORT_ID, "port_id");
  }

  /** Traffic from the port an ethdev represents (transfer rules): DPDK port {@code id}. */
  public RteFlowBuilder representedPort(final int id, final int idMask) {
    final MemorySegment spec = alloc(ETHDEV_SIZE);
    final MemorySegment mask = alloc(ETHDEV_SIZE);
    spec.set(JAVA_SHORT, 0, (short) id);
    mask.set(JAVA_SHORT, 0, (short) idMask);
    return item(ITEM_REPRESENTED_PORT, "represented_port", spec, mask);
  }

  /**
   * An item given as whole struct images, each copied to offset 0 of a zeroed {@code struct
   * rte_flow_item_<name>} of {@code structSize} bytes; a null image leaves that pointer NULL (as
   * testpmd does for the parts a rule does not set). For protocol items the image is the header as
   * on the wire, which DPDK 22.11's item structs embed at offset 0; metadata items take host byte
   * order. Used by {@link RteFlowCompiler}.
   */
  RteFlowBuilder image(
      final int type,
      final String name,
      final long structSize,
      final byte[] spec,
      final byte[] last,
      final byte[] mask) {
    final long[] pointers = {type, 0, 0, 0};
    final byte[][] images = {spec, last, mask};
    final StringBuilder parts = new StringBuilder();
    final String[] partNames = {"spec", "last", "mask"};
    for (int i = 0; i < images.length; i++) {
      if (images[i] != null) {
        if (images[i].length > structSize) {
          throw new IllegalArgumentException(
              name
                  + " image of "
                  + images[i].length
                  + " bytes exceeds its struct ("
                  + structSize
                  + ")");
        }
        final MemorySegment struct = alloc(structSize);
        MemorySegment.copy(images[i], 0, struct, JAVA_BYTE, 0, images[i].length);
        pointers[i + 1] = struct.address();
        parts.append(parts.isEmpty() ? " (" : "/").append(partNames[i]);
      }
    }
    items.add(pointers);
    pattern.append(name).append(parts.isEmpty() ? "" : parts + ")").append(" / ");
    return changed();
  }

  /** The spec and mask of the item being encoded, written field by field. */
  private final class Fields {
    private final MemorySegment spec;
    private final MemorySegment mask;

    Fields(final long size) {
      spec = alloc(size);
      mask = alloc(size);
    }

    Fields u8(final long offset, final int value, final int valueMask) {
      spec.set(JAVA_BYTE, offset, (byte) value);
      mask.set(JAVA_BYTE, offset, (byte) valueMask);
      return this;
    }

    Fields be16(final long offset, final int value, final int valueMask) {
      spec.set(BE16, offset, (short) value);
      mask.set(BE16, offset, (short) valueMask);
      return this;
    }

    Fields be24(final long offset, final int value, final int valueMask) {
      putBe24(spec, offset, value);
      putBe24(mask, offset, valueMask);
      return this;
    }

    Fields be32(final long offset, final int value, final int valueMask) {
      spec.set(BE32, offset, value);
      mask.set(BE32, offset, valueMask);
      return this;
    }

    /** Host byte order, as DPDK's MARK, META and PORT_ID items hold their value. */
    Fields u32(final long offset, final int value, final int valueMask) {
      spec.set(JAVA_INT, offset, value);
      mask.set(JAVA_INT, offset, valueMask);
      return this;
    }

    Fields mac(final long offset, final long value, final long valueMask) {
      putMac(spec, offset, value);
      putMac(mask, offset, valueMask);
      return this;
    }

    Fields address16(final long offset, final byte[] value, final byte[] valueMask) {
      if (value.length != 16 || valueMask.length != 16) {
        throw new IllegalArgumentException(
            "IPv6 address and mask need 16 bytes each: " + value.length + ", " + valueMask.length);
      }
      MemorySegment.copy(value, 0, spec, JAVA_BYTE, offset, 16);
      MemorySegment.copy(valueMask, 0, mask, JAVA_BYTE, offset, 16);
      return this;
    }

    RteFlowBuilder item(final int type, final String name) {
      return RteFlowBuilder.this.item(type, name, spec, mask);
    }
  }

  // ---------------------------------------------------------------- actions

  /** Delivers to rx queue {@code index}. */
  public RteFlowBuilder toQueue(final int index) {
    final MemorySegment conf = alloc(QUEUE_SIZE);
    conf.set(JAVA_SHORT, 0, (short) index);
    return action(ACTION_QUEUE, "queue index " + index, conf);
  }

  /**
   * Spreads over {@code queues} by RSS.
   *
   * @param types {@code RTE_ETH_RSS_*} bits, 0 for the PMD's default.
   * @param level 0 default, 1 outermost, 2 inner headers.
   * @param key the hash key, or an empty array for the default key.
   */
  public RteFlowBuilder rss(
      final long types, final int level, final int[] queues, final byte[] key) {
    return rss(0, types, level, queues, key);
  }

  /**
   * RSS with an explicit hash function.
   *
   * @param function {@code enum rte_eth_hash_function}: 0 default, 1 Toeplitz, 2 simple XOR, 3
   *     symmetric Toeplitz.
   */
  public RteFlowBuilder rss(
      final int function, final long types, final int level, final int[] queues, final byte[] key) {
    final MemorySegment conf = alloc(RSS_SIZE);
    final MemorySegment queueArray = alloc(Math.max(2L, 2L * queues.length));
    for (int i = 0; i < queues.length; i++) {
      queueArray.setAtIndex(JAVA_SHORT, i, (short) queues[i]);
    }
    conf.set(JAVA_INT, RSS_FUNC, function);
    conf.set(JAVA_INT, RSS_LEVEL, level);
    conf.set(JAVA_LONG, RSS_TYPES, types);
    conf.set(JAVA_INT, RSS_KEY_LEN, key.length);
    conf.set(JAVA_INT, RSS_QUEUE_NUM, queues.length);
    if (key.length > 0) {
      final MemorySegment keyBytes = alloc(key.length);
      MemorySegment.copy(key, 0, keyBytes, JAVA_BYTE, 0, key.length);
      conf.set(ADDRESS, RSS_KEY, keyBytes);
    }
    conf.set(ADDRESS, RSS_QUEUE, queueArray);
    rss = true;
    return action(ACTION_RSS, "rss queues " + java.util.Arrays.toString(queues), conf);
  }

  /** Tags matching frames with {@code id} (the mbuf's {@code hash.fdir.hi}). */
  public RteFlowBuilder setMark(final int id) {
    return actionWord(ACTION_MARK, "mark id " + id, id);
  }

  /** Flags matching frames (RTE_MBUF_F_RX_FDIR) without an id. */
  public RteFlowBuilder flag() {
    return action(ACTION_FLAG, "flag", MemorySegment.NULL);
  }

  /** Counts hits and bytes in counter {@code id}; query with {@link RteFlow#queryCount}. */
  public RteFlowBuilder count(final int id) {
    countId = id;
    return actionWord(ACTION_COUNT, "count", id);
  }

  public RteFlowBuilder drop() {
    return action(ACTION_DROP, "drop", MemorySegment.NULL);
  }

  /** Lets matching frames go on to later rules too. */
  public RteFlowBuilder passthru() {
    return action(ACTION_PASSTHRU, "passthru", MemorySegment.NULL);
  }

  /** Continues matching in group {@code group}. */
  public RteFlowBuilder jump(final int group) {
    return actionWord(ACTION_JUMP, "jump group " + group, group);
  }

  /** Sends matching frames to DPDK port {@code id} (transfer rules). */
  public RteFlowBuilder toPortId(final int id, final boolean original) {
    final MemorySegment conf = alloc(ACTION_PORT_ID_SIZE);
    conf.set(JAVA_INT, 0, original ? 1 : 0);
    conf.set(JAVA_INT, ACTION_PORT_ID_ID, id);
    return action(ACTION_PORT_ID, "port_id id " + id + (original ? " original 1" : ""), conf);
  }

  /** Sends matching frames to the entity DPDK port {@code id} represents (transfer rules). */
  public RteFlowBuilder toRepresentedPort(final int id) {
    final MemorySegment conf = alloc(ACTION_ETHDEV_SIZE);
    conf.set(JAVA_SHORT, 0, (short) id);
    return action(ACTION_REPRESENTED_PORT, "represented_port ethdev_port_id " + id, conf);
  }

  /** Strips the outer Ethernet/IP/UDP/VXLAN headers of matching frames. */
  public RteFlowBuilder vxlanDecap() {
    return action(ACTION_VXLAN_DECAP, "vxlan_decap", MemorySegment.NULL);
  }

  /** Polices matching frames with meter {@code id} (created beforehand with rte_mtr). */
  public RteFlowBuilder meter(final int id) {
    return actionWord(ACTION_METER, "meter mtr_id " + id, id);
  }

  private RteFlowBuilder actionWord(final int type, final String text, final int value) {
    final MemorySegment conf = alloc(4);
    conf.set(JAVA_INT, 0, value);
    return action(type, text, conf);
  }

  // ---------------------------------------------------------------- encoding

  /** True when the rule has an RSS action. */
  public boolean hasRss() {
    return rss;
  }

  /** The COUNT action's counter id, or -1 when the rule does not count. */
  public int countId() {
    return countId;
  }

  /**
   * Terminates pattern and actions with END and returns the structs; cached until the builder
   * changes.
   */
  Encoded encode() {
    if (encoded == null) {
      final MemorySegment itemArray = arena.allocate(ITEM_SIZE * (items.size() + 1), 8);
      for (int i = 0; i < items.size(); i++) {
        final long[] item = items.get(i);
        final long base = ITEM_SIZE * i;
        itemArray.set(JAVA_INT, base + ITEM_TYPE, (int) item[0]);
        itemArray.set(JAVA_LONG, base + ITEM_SPEC, item[1]);
        itemArray.set(JAVA_LONG, base + ITEM_LAST, item[2]);
        itemArray.set(JAVA_LONG, base + ITEM_MASK, item[3]);
      }
      final MemorySegment actionArray = arena.allocate(ACTION_SIZE * (actions.size() + 1), 8);
      for (int i = 0; i < actions.size(); i++) {
        final long[] action = actions.get(i);
        actionArray.set(JAVA_INT, ACTION_SIZE * i + ACTION_TYPE, (int) action[0]);
        actionArray.set(JAVA_LONG, ACTION_SIZE * i + ACTION_CONF, action[1]);
      }
      encoded = new Encoded(attr, itemArray, actionArray);
    }
    return encoded;
  }

  /** The rule in testpmd-like words for messages: {@code ingress pattern eth / end actions ...}. */
  public String describe() {
    final int flags = attr.get(JAVA_INT, ATTR_FLAGS);
    final StringBuilder text = new StringBuilder();
    if (attr.get(JAVA_INT, ATTR_GROUP) != 0) {
      text.append("group ").append(attr.get(JAVA_INT, ATTR_GROUP)).append(' ');
    }
    if (attr.get(JAVA_INT, ATTR_PRIORITY) != 0) {
      text.append("priority ").append(attr.get(JAVA_INT, ATTR_PRIORITY)).append(' ');
    }
    if ((flags & ATTR_INGRESS_BIT) != 0) {
      text.append("ingress ");
    }
    if ((flags & ATTR_EGRESS_BIT) != 0) {
      text.append("egress ");
    }
    if ((flags & ATTR_TRANSFER_BIT) != 0) {
      text.append("transfer ");
    }
    return text.append("pattern ")
        .append(pattern)
        .append("end actions ")
        .append(actionText)
        .append("end")
        .toString();
  }

  private RteFlowBuilder item(
      final int type, final String name, final MemorySegment spec, final MemorySegment mask) {
    final boolean any = mask.mismatch(alloc(mask.byteSize())) == -1;
    items.add(new long[] {type, any ? 0 : spec.address(), 0, any ? 0 : mask.address()});
    pattern.append(name).append(any ? "" : " (spec/mask)").append(" / ");
    return changed();
  }

  private RteFlowBuilder action(final int type, final String text, final MemorySegment conf) {
    actions.add(new long[] {type, conf.address()});
    actionText.append(text).append(" / ");
    return changed();
  }

  private RteFlowBuilder changed() {
    encoded = null;
    return this;
  }

  private MemorySegment alloc(final long size) {
    return arena.allocate(size, 8);
  }

  private static void putMac(final MemorySegment segment, final long offset, final long mac) {
    final long value = mac & MAC_MASK;
    for (int i = 0; i < 6; i++) {
      segment.set(JAVA_BYTE, offset + i, (byte) (value >>> (8 * (5 - i))));
    }
  }

  private static void putBe24(final MemorySegment segment, final long offset, final int vni) {
    segment.set(JAVA_BYTE, offset, (byte) (vni >>> 16));
    segment.set(JAVA_BYTE, offset + 1, (byte) (vni >>> 8));
    segment.set(JAVA_BYTE, offset + 2, (byte) vni);
  }

  /** Frees the encoded structs; rules created from them stay valid (DPDK copies what it keeps). */
  @Override
  public void close() {
    arena.close();
  }
}
