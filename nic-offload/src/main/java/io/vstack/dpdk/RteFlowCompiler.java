package io.vstack.dpdk;

import io.vstack.flow.FieldMatch;
import io.vstack.flow.FlowAction;
import io.vstack.flow.FlowAttributes;
import io.vstack.flow.FlowRule;
import io.vstack.flow.ItemField;
import io.vstack.flow.ItemType;
import io.vstack.flow.PatternItem;
import io.vstack.flow.RssFunction;
import io.vstack.flow.RssType;
import java.math.BigInteger;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.function.Function;

/**
 * Compiles a rule of the {@code io.vstack.flow} model into {@link RteFlowBuilder} calls: the
 * attributes, every pattern item with exactly the spec, last and mask structures the rule sets (a
 * part no field sets stays a NULL pointer, as in testpmd), and every action.
 *
 * <p>The model's item images are the headers as on the wire, which DPDK 22.11's {@code struct
 * rte_flow_item_<name>} embed at offset 0 (checked by {@code DpdkLayoutTest}); metadata items
 * (mark, meta, port_id, represented_port) are converted to host byte order. What DPDK cannot take
 * from a rule alone comes back as {@link RteFlowCompilation.Unsupported}: {@code vxlan_encap} needs
 * the encapsulation headers that testpmd keeps in separate {@code set vxlan} state.
 *
 * <p>RSS follows testpmd: no queue list means every rx queue of the port, types are the {@code
 * RTE_ETH_RSS_*} bits of testpmd's names, no types means 0 (the PMD's default; testpmd would use
 * the port's configured types), {@code key_len} pads or cuts the key.
 */
public final class RteFlowCompiler {
  private final int rxQueues;

  /**
   * @param rxQueues rx queues of the port the rules are for (what an RSS action without a queue
   *     list spreads over).
   */
  public RteFlowCompiler(final int rxQueues) {
    if (rxQueues < 1 || rxQueues > FlowAction.MAX_RSS_QUEUES) {
      throw new IllegalArgumentException(
          "rx queues " + rxQueues + " out of range 1.." + FlowAction.MAX_RSS_QUEUES);
    }
    this.rxQueues = rxQueues;
  }

  /**
   * Encodes {@code rule}. The caller closes the builder of a {@link RteFlowCompilation.Compiled}
   * result when done with it.
   */
  public RteFlowCompilation compile(final FlowRule rule) {
    for (final FlowAction action : rule.actions()) {
      if (action instanceof FlowAction.VxlanEncap) {
        return new RteFlowCompilation.Unsupported(
            "vxlan_encap action",
            "the encapsulation headers are not part of the rule; testpmd takes them from"
                + " 'set vxlan'");
      }
    }
    final RteFlowBuilder builder = new RteFlowBuilder();
    try {
      attributes(builder, rule.attributes());
      for (final PatternItem item : rule.pattern()) {
        item(builder, item);
      }
      for (final FlowAction action : rule.actions()) {
        action(builder, action);
      }
      return new RteFlowCompilation.Compiled(builder);
    } catch (final RuntimeException e) {
      builder.close();
      throw e;
    }
  }

  private static void attributes(final RteFlowBuilder builder, final FlowAttributes attributes) {
    builder.group((int) attributes.group()).priority((int) attributes.priority());
    if (attributes.ingress()) {
      builder.ingress();
    }
    if (attributes.egress()) {
      builder.egress();
    }
    if (attributes.transfer()) {
      builder.transfer();
    }
  }

  private static void item(final RteFlowBuilder builder, final PatternItem item) {
    final long[] struct = struct(item.type());
    final boolean hostOrder = !item.type().isProtocol();
    builder.image(
        (int) struct[0],
        item.type().token(),
        struct[1],
        order(image(item, FieldMatch::spec), hostOrder),
        order(image(item, FieldMatch::last), hostOrder),
        order(image(item, FieldMatch::mask), hostOrder));
  }

  /** {@code enum rte_flow_item_type} value and struct size of an item type. */
  private static long[] struct(final ItemType type) {
    return switch (type) {
      case ETH -> new long[] {RteFlowLayout.ITEM_ETH, RteFlowLayout.ETH_SIZE};
      case VLAN -> new long[] {RteFlowLayout.ITEM_VLAN, RteFlowLayout.VLAN_SIZE};
      case IPV4 -> new long[] {RteFlowLayout.ITEM_IPV4, RteFlowLayout.IPV4_SIZE};
      case IPV6 -> new long[] {RteFlowLayout.ITEM_IPV6, RteFlowLayout.IPV6_SIZE};
      case UDP -> new long[] {RteFlowLayout.ITEM_UDP, RteFlowLayout.UDP_SIZE};
      case TCP -> new long[] {RteFlowLayout.ITEM_TCP, RteFlowLayout.TCP_SIZE};
      case ICMP -> new long[] {RteFlowLayout.ITEM_ICMP, RteFlowLayout.ICMP_SIZE};
      case VXLAN -> new long[] {RteFlowLayout.ITEM_VXLAN, RteFlowLayout.VXLAN_SIZE};
      case GENEVE -> new long[] {RteFlowLayout.ITEM_GENEVE, RteFlowLayout.GENEVE_SIZE};
      case MARK -> new long[] {RteFlowLayout.ITEM_MARK, RteFlowLayout.MARK_SIZE};
      case META -> new long[] {RteFlowLayout.ITEM_META, RteFlowLayout.META_SIZE};
      case PORT_ID -> new long[] {RteFlowLayout.ITEM_PORT_ID, RteFlowLayout.ITEM_PORT_ID_SIZE};
      case REPRESENTED_PORT ->
          new long[] {RteFlowLayout.ITEM_REPRESENTED_PORT, RteFlowLayout.ETHDEV_SIZE};
    };
  }

  /**
   * The image of one part (spec, last or mask) of {@code item}, fields written in declaration
   * order; null when no field sets that part.
   */
  static byte[] image(final PatternItem item, final Function<FieldMatch, BigInteger> part) {
    byte[] image = null;
    for (final ItemField field : item.type().fields()) {
      final BigInteger value = part.apply(item.field(field));
      if (value != null) {
        if (image == null) {
          image = new byte[item.type().imageLength()];
        }
        field.write(image, value);
      }
    }
    return image;
  }

  /**
   * A metadata value image (network order in the model) in this machine's byte order when {@code
   * hostOrder}; protocol images unchanged.
   */
  private static byte[] order(final byte[] networkOrder, final boolean hostOrder) {
    if (!hostOrder || networkOrder == null || ByteOrder.nativeOrder() == ByteOrder.BIG_ENDIAN) {
      return networkOrder;
    }
    final byte[] reversed = new byte[networkOrder.length];
    for (int i = 0; i < reversed.length; i++) {
      reversed[i] = networkOrder[networkOrder.length - 1 - i];
    }
    return reversed;
  }

  private void action(final RteFlowBuilder builder, final FlowAction action) {
    switch (action) {
      case FlowAction.Queue q -> builder.toQueue(q.index());
      case FlowAction.Rss r -> rss(builder, r);
      case FlowAction.Mark m -> builder.setMark((int) m.id());
      case FlowAction.Flag f -> builder.flag();
      case FlowAction.Count c -> builder.count((int) c.id());
      case FlowAction.Drop d -> builder.drop();
      case FlowAction.Passthru p -> builder.passthru();
      case FlowAction.Jump j -> builder.jump((int) j.group());
      case FlowAction.PortId p -> builder.toPortId((int) p.id(), p.original());
      case FlowAction.RepresentedPort r -> builder.toRepresentedPort(r.ethdevPortId());
      case FlowAction.VxlanDecap d -> builder.vxlanDecap();
      case FlowAction.Meter m -> builder.meter((int) m.mtrId());
      case FlowAction.VxlanEncap e ->
          throw new IllegalStateException("vxlan_encap is refused before encoding");
    }
  }

  private void rss(final RteFlowBuilder builder, final FlowAction.Rss rss) {
    long types = 0;
    for (final RssType type : rss.types()) {
      types |= RssTypeBits.of(type);
    }
    final int[] queues =
        rss.queues().isEmpty()
            ? java.util.stream.IntStream.range(0, rxQueues).toArray()
            : rss.queues().stream().mapToInt(Integer::intValue).toArray();
    final byte[] key = HexFormat.of().parseHex(rss.key());
    builder.rss(
        function(rss.function()),
        types,
        (int) rss.level(),
        queues,
        rss.keyLength() < 0 ? key : Arrays.copyOf(key, rss.keyLength()));
  }

  /** {@code enum rte_eth_hash_function}. */
  static int function(final RssFunction function) {
    return switch (function) {
      case DEFAULT -> 0;
      case TOEPLITZ -> 1;
      case SIMPLE_XOR -> 2;
      case SYMMETRIC_TOEPLITZ -> 3;
    };
  }
}
