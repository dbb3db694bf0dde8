package io.vstack.flow;

import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * An rte_flow action. Each variant is an immutable record named after the rte_flow action, with
 * {@link #token()} its testpmd keyword; omitted testpmd arguments take testpmd's defaults (zero).
 */
public sealed interface FlowAction {
  /** Maximum RSS key length testpmd accepts (its {@code RSS_HASH_KEY_LENGTH}). */
  int MAX_RSS_KEY_LENGTH = 64;

  /** Maximum RSS queues testpmd accepts (its {@code ACTION_RSS_QUEUE_NUM}). */
  int MAX_RSS_QUEUES = 128;

  /** The testpmd keyword, e.g. {@code represented_port}. */
  default String token() {
    return switch (this) {
      case Queue q -> "queue";
      case Rss r -> "rss";
      case Mark m -> "mark";
      case Flag f -> "flag";
      case Count c -> "count";
      case Drop d -> "drop";
      case Passthru p -> "passthru";
      case Jump j -> "jump";
      case PortId p -> "port_id";
      case RepresentedPort r -> "represented_port";
      case VxlanEncap e -> "vxlan_encap";
      case VxlanDecap d -> "vxlan_decap";
      case Meter m -> "meter";
    };
  }

  /** Every action keyword, in the order the syntax help lists them. */
  List<String> TOKENS =
      List.of(
          "queue",
          "rss",
          "mark",
          "flag",
          "count",
          "drop",
          "passthru",
          "jump",
          "port_id",
          "represented_port",
          "vxlan_encap",
          "vxlan_decap",
          "meter");

  /** {@code queue index N}: deliver to rx queue N. */
  record Queue(int index) implements FlowAction {
    public Queue {
      FlowRule.checkUnsigned16("queue index", index);
    }
  }

  /**
   * {@code rss func F level L types T... end key K key_len N queues Q... end}: spread over queues.
   *
   * @param types empty means the port's configured RSS types (testpmd's default)
   * @param key hash key as lowercase hex, empty for the PMD default
   * @param keyLength explicit {@code key_len}, or -1 when implied by the key
   * @param queues empty means all rx queues (testpmd's default)
   */
  record Rss(
      RssFunction function,
      long level,
      List<RssType> types,
      String key,
      int keyLength,
      List<Integer> queues)
      implements FlowAction {
    public Rss {
      Objects.requireNonNull(function, "function");
      FlowRule.checkUnsigned32("rss level", level);
      types = List.copyOf(types);
      queues = List.copyOf(queues);
      HexFormat.of().parseHex(key);
      if (!key.equals(key.toLowerCase(java.util.Locale.ROOT))
          || key.length() / 2 > MAX_RSS_KEY_LENGTH) {
        throw new IllegalArgumentException(
            "rss key must be lowercase hex of at most " + MAX_RSS_KEY_LENGTH + " bytes");
      }
      if (keyLength < -1 || keyLength > MAX_RSS_KEY_LENGTH) {
        throw new IllegalArgumentException(
            "rss key_len " + keyLength + " out of range 0.." + MAX_RSS_KEY_LENGTH);
      }
      if (queues.size() > MAX_RSS_QUEUES) {
        throw new IllegalArgumentException("rss takes at most " + MAX_RSS_QUEUES + " queues");
      }
      for (final int queue : queues) {
        FlowRule.checkUnsigned16("rss queue", queue);
      }
    }

    /** RSS with every parameter at testpmd's default. */
    public static Rss defaults() {
      return new Rss(RssFunction.DEFAULT, 0, List.of(), "", -1, List.of());
    }
  }

  /** {@code mark id N}: attach a 32-bit mark the application (and MARK items) can read. */
  record Mark(long id) implements FlowAction {
    public Mark {
      FlowRule.checkUnsigned32("mark id", id);
    }
  }

  /** {@code flag}: like mark without a value. */
  record Flag() implements FlowAction {}

  /** {@code count identifier N}: count hits and bytes. */
  record Count(long id) implements FlowAction {
    public Count {
      FlowRule.checkUnsigned32("count identifier", id);
    }
  }

  /** {@code drop}. */
  record Drop() implements FlowAction {}

  /** {@code passthru}: leave the packet to later (lower priority) rules. */
  record Passthru() implements FlowAction {}

  /** {@code jump group N}: continue matching in group N. */
  record Jump(long group) implements FlowAction {
    public Jump {
      FlowRule.checkUnsigned32("jump group", group);
    }
  }

  /** {@code port_id original B id N}: send to DPDK port N. */
  record PortId(boolean original, long id) implements FlowAction {
    public PortId {
      FlowRule.checkUnsigned32("port_id id", id);
    }
  }

  /** {@code represented_port ethdev_port_id N}: send to the entity an ethdev represents. */
  record RepresentedPort(int ethdevPortId) implements FlowAction {
    public RepresentedPort {
      FlowRule.checkUnsigned16("represented_port ethdev_port_id", ethdevPortId);
    }
  }

  /** {@code vxlan_encap}: encapsulate with the header testpmd's {@code set vxlan} configured. */
  record VxlanEncap() implements FlowAction {}

  /** {@code vxlan_decap}: strip the outer VXLAN headers. */
  record VxlanDecap() implements FlowAction {}

  /** {@code meter mtr_id N}: police with meter N. */
  record Meter(long mtrId) implements FlowAction {
    public Meter {
      FlowRule.checkUnsigned32("meter mtr_id", mtrId);
    }
  }
}
