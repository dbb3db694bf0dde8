package io.vstack.dpdk;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * One DPDK ethdev port: the control calls of {@code rte_ethdev.h} (info, configure, queue setup,
 * start/stop, stats, link, RSS redirection table). Callable from any thread once the {@link Eal}
 * runs; failures throw {@link DpdkException} with DPDK's own reason.
 *
 * <p>Typical use: {@code configure(1, 1, 0)}, {@code rxQueueSetup(0, 512, pool)}, {@code
 * txQueueSetup(0, 512)}, {@code start()}, then move frames with a {@link DpdkPort}.
 */
public final class EthDev {
  private final DpdkNative dpdk;
  private final int portId;

  private EthDev(final DpdkNative dpdk, final int portId) {
    this.dpdk = dpdk;
    this.portId = portId;
  }

  /**
   * The port with this id.
   *
   * @throws IllegalArgumentException when no such port exists.
   */
  public static EthDev of(final int portId) {
    Eal.get();
    final DpdkNative dpdk = DpdkNative.get();
    final int valid;
    try {
      valid = (int) dpdk.devIsValidPort.invokeExact((short) portId);
    } catch (final Throwable t) {
      throw DpdkNative.rethrow(t);
    }
    if (portId < 0 || portId >= DpdkLayout.MAX_ETHPORTS || valid == 0) {
      throw new IllegalArgumentException("no DPDK port " + portId + " (ports: " + count() + ")");
    }
    return new EthDev(dpdk, portId);
  }

  /**
   * The port DPDK created for a device name, e.g. {@code net_ring0} for {@code --vdev=net_ring0}.
   *
   * @throws IllegalArgumentException when no port has that name.
   */
  public static EthDev byName(final String name) {
    Eal.get();
    final DpdkNative dpdk = DpdkNative.get();
    try (Arena arena = Arena.ofConfined()) {
      final MemorySegment id = arena.allocate(JAVA_SHORT);
      final int result = (int) dpdk.portByName.invokeExact(arena.allocateFrom(name), id);
      if (result < 0) {
        throw new IllegalArgumentException(
            "no DPDK port named "
                + name
                + ": "
                + dpdk.strerror(-result)
                + " (is --vdev="
                + name
                + " among the EAL arguments?)");
      }
      return new EthDev(dpdk, Short.toUnsignedInt(id.get(JAVA_SHORT, 0)));
    } catch (final Throwable t) {
      throw DpdkNative.rethrow(t);
    }
  }

  /** Ports DPDK made available ({@code rte_eth_dev_count_avail}). */
  public static int count() {
    Eal.get();
    try {
      return Short.toUnsignedInt((short) DpdkNative.get().devCountAvail.invokeExact());
    } catch (final Throwable t) {
      throw DpdkNative.rethrow(t);
    }
  }

  public int portId() {
    return portId;
  }

  /** DPDK's device name, e.g. {@code net_null0}. */
  public String name() {
    try (Arena arena = Arena.ofConfined()) {
      final MemorySegment name = arena.allocate(DpdkLayout.ETH_NAME_MAX_LEN);
      dpdk.check(
          "rte_eth_dev_get_name_by_port", (int) dpdk.nameByPort.invokeExact((short) portId, name));
      return name.getString(0);
    } catch (final Throwable t) {
      throw DpdkNative.rethrow(t);
    }
  }

  /** Driver name, queue limits and RSS capabilities. */
  public EthDevInfo info() {
    try (Arena arena = Arena.ofConfined()) {
      final MemorySegment info = arena.allocate(DpdkLayout.DEV_INFO_SIZE, 8);
      dpdk.check("rte_eth_dev_info_get", (int) dpdk.devInfoGet.invokeExact((short) portId, info));
      final MemorySegment driver =
          info.get(java.lang.foreign.ValueLayout.ADDRESS, DpdkLayout.DEV_INFO_DRIVER_NAME);
      return new EthDevInfo(
          driver.address() == 0 ? "" : driver.reinterpret(256).getString(0),
          info.get(JAVA_INT, DpdkLayout.DEV_INFO_IF_INDEX),
          u16(info, DpdkLayout.DEV_INFO_MAX_RX_QUEUES),
          u16(info, DpdkLayout.DEV_INFO_MAX_TX_QUEUES),
          Integer.toUnsignedLong(info.get(JAVA_INT, DpdkLayout.DEV_INFO_MAX_RX_PKTLEN)),
          u16(info, DpdkLayout.DEV_INFO_RETA_SIZE),
          Byte.toUnsignedInt(info.get(JAVA_BYTE, DpdkLayout.DEV_INFO_HASH_KEY_SIZE)),
          info.get(JAVA_LONG, DpdkLayout.DEV_INFO_FLOW_TYPE_RSS_OFFLOADS),
          u16(info, DpdkLayout.DEV_INFO_NB_RX_QUEUES),
          u16(info, DpdkLayout.DEV_INFO_NB_TX_QUEUES));
    } catch (final Throwable t) {
      throw DpdkNative.rethrow(t);
    }
  }

  /**
   * Configures queue counts ({@code rte_eth_dev_configure}); the port must be stopped.
   *
   * @param rssHashFunctions {@code RTE_ETH_RSS_*} bits to spread received frames over the rx queues
   *     with RSS, or 0 for no RSS.
   */
  public void configure(final int rxQueues, final int txQueues, final long rssHashFunctions) {
    try (Arena arena = Arena.ofConfined()) {
      final MemorySegment conf = arena.allocate(DpdkLayout.ETH_CONF_SIZE, 8);
      if (rssHashFunctions != 0) {
        conf.set(JAVA_INT, DpdkLayout.ETH_CONF_RXMODE_MQ_MODE, DpdkLayout.ETH_MQ_RX_RSS);
        conf.set(
            JAVA_LONG, DpdkLayout.ETH_CONF_RSS_CONF + DpdkLayout.RSS_CONF_RSS_HF, rssHashFunctions);
      }
      dpdk.check(
          "rte_eth_dev_configure " + name(),
          (int)
              dpdk.devConfigure.invokeExact(
                  (short) portId, (short) rxQueues, (short) txQueues, conf));
    } catch (final Throwable t) {
      throw DpdkNative.rethrow(t);
    }
  }

  /** Sets up rx queue {@code queue} with {@code descriptors} entries filled from {@code pool}. */
  public void rxQueueSetup(final int queue, final int descriptors, final Mempool pool) {
    try {
      dpdk.check(
          "rte_eth_rx_queue_setup " + name() + " queue " + queue,
          (int)
              dpdk.rxQueueSetup.invokeExact(
                  (short) portId,
                  (short) queue,
                  (short) descriptors,
                  socketId(),
                  MemorySegment.NULL,
                  pool.address()));
    } catch (final Throwable t) {
      throw DpdkNative.rethrow(t);
    }
  }

  /** Sets up transmit queue {@code queue} with {@code descriptors} entries. */
  public void txQueueSetup(final int queue, final int descriptors) {
    try {
      dpdk.check(
          "rte_eth_tx_queue_setup " + name() + " queue " + queue,
          (int)
              dpdk.txQueueSetup.invokeExact(
                  (short) portId,
                  (short) queue,
                  (short) descriptors,
                  socketId(),
                  MemorySegment.NULL));
    } catch (final Throwable t) {
      throw DpdkNative.rethrow(t);
    }
  }

  private int socketId() throws Throwable {
    final int socket = (int) dpdk.socketId.invokeExact((short) portId);
    return socket < 0 ? 0 : socket;
  }

  public void start() {
    call("rte_eth_dev_start", dpdk.devStart);
  }

  public void stop() {
    call("rte_eth_dev_stop", dpdk.devStop);
  }

  /** Releases the port; it cannot be used again. */
  public void close() {
    call("rte_eth_dev_close", dpdk.devClose);
  }

  /** Receives every frame, whatever its destination MAC. */
  public void promiscuous() {
    call("rte_eth_promiscuous_enable", dpdk.promiscuousEnable);
  }

  public void resetStats() {
    call("rte_eth_stats_reset", dpdk.statsReset);
  }

  public EthStats stats() {
    try (Arena arena = Arena.ofConfined()) {
      final MemorySegment s = arena.allocate(DpdkLayout.STATS_SIZE, 8);
      dpdk.check("rte_eth_stats_get", (int) dpdk.statsGet.invokeExact((short) portId, s));
      return new EthStats(
          s.get(JAVA_LONG, DpdkLayout.STATS_IPACKETS),
          s.get(JAVA_LONG, DpdkLayout.STATS_OPACKETS),
          s.get(JAVA_LONG, DpdkLayout.STATS_IBYTES),
          s.get(JAVA_LONG, DpdkLayout.STATS_OBYTES),
          s.get(JAVA_LONG, DpdkLayout.STATS_IMISSED),
          s.get(JAVA_LONG, DpdkLayout.STATS_IERRORS),
          s.get(JAVA_LONG, DpdkLayout.STATS_OERRORS),
          s.get(JAVA_LONG, DpdkLayout.STATS_RX_NOMBUF));
    } catch (final Throwable t) {
      throw DpdkNative.rethrow(t);
    }
  }

  public EthLink link() {
    try (Arena arena = Arena.ofConfined()) {
      final MemorySegment link = arena.allocate(DpdkLayout.LINK_SIZE, 8);
      dpdk.check(
          "rte_eth_link_get_nowait", (int) dpdk.linkGetNowait.invokeExact((short) portId, link));
      final int flags = link.get(JAVA_SHORT, DpdkLayout.LINK_FLAGS);
      return new EthLink(
          link.get(JAVA_INT, DpdkLayout.LINK_SPEED),
          (flags & DpdkLayout.LINK_DUPLEX_BIT) != 0,
          (flags & DpdkLayout.LINK_AUTONEG_BIT) != 0,
          (flags & DpdkLayout.LINK_STATUS_BIT) != 0);
    } catch (final Throwable t) {
      throw DpdkNative.rethrow(t);
    }
  }

  /**
   * The RSS redirection table: entry i names the rx queue for hash bucket i.
   *
   * @param size the table size from {@link EthDevInfo#retaSize()}.
   * @throws DpdkException e.g. "Operation not supported" when the PMD has no RSS table.
   */
  public int[] retaQuery(final int size) {
    try (Arena arena = Arena.ofConfined()) {
      final MemorySegment groups = retaGroups(arena, size);
      for (int g = 0; g * DpdkLayout.RETA_GROUP_SIZE < size; g++) {
        groups.set(JAVA_LONG, g * DpdkLayout.RETA_ENTRY_SIZE, -1L);
      }
      dpdk.check(
          "rte_eth_dev_rss_reta_query",
          (int) dpdk.retaQuery.invokeExact((short) portId, groups, (short) size));
      final int[] reta = new int[size];
      for (int i = 0; i < size; i++) {
        reta[i] = Short.toUnsignedInt(groups.get(JAVA_SHORT, retaOffset(i)));
      }
      return reta;
    } catch (final Throwable t) {
      throw DpdkNative.rethrow(t);
    }
  }

  /** Replaces the whole RSS redirection table (its size is {@code reta.length}). */
  public void retaUpdate(final int[] reta) {
    try (Arena arena = Arena.ofConfined()) {
      final MemorySegment groups = retaGroups(arena, reta.length);
      for (int i = 0; i < reta.length; i++) {
        final long mask = groups.get(JAVA_LONG, (i / 64) * DpdkLayout.RETA_ENTRY_SIZE);
        groups.set(JAVA_LONG, (i / 64) * DpdkLayout.RETA_ENTRY_SIZE, mask | 1L << (i % 64));
        groups.set(JAVA_SHORT, retaOffset(i), (short) reta[i]);
      }
      dpdk.check(
          "rte_eth_dev_rss_reta_update",
          (int) dpdk.retaUpdate.invokeExact((short) portId, groups, (short) reta.length));
    } catch (final Throwable t) {
      throw DpdkNative.rethrow(t);
    }
  }

  private static MemorySegment retaGroups(final Arena arena, final int size) {
    if (size <= 0 || size % DpdkLayout.RETA_GROUP_SIZE != 0) {
      throw new IllegalArgumentException(
          "RSS table size must be a positive multiple of 64: " + size);
    }
    return arena.allocate(DpdkLayout.RETA_ENTRY_SIZE * (size / DpdkLayout.RETA_GROUP_SIZE), 8);
  }

  private static long retaOffset(final int index) {
    return (index / 64) * DpdkLayout.RETA_ENTRY_SIZE
        + DpdkLayout.RETA_ENTRY_RETA
        + (index % 64) * 2L;
  }

  private void call(final String function, final java.lang.invoke.MethodHandle handle) {
    try {
      dpdk.check(function + " " + name(), (int) handle.invokeExact((short) portId));
    } catch (final Throwable t) {
      throw DpdkNative.rethrow(t);
    }
  }

  private static int u16(final MemorySegment segment, final long offset) {
    return Short.toUnsignedInt(segment.get(JAVA_SHORT, offset));
  }

  @Override
  public String toString() {
    return "EthDev[" + portId + "]";
  }
}
