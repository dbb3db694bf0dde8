package io.vstack.dpdk;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * A pool of packet mbufs ({@code rte_pktmbuf_pool_create}): where received frames land and where
 * transmitted frames are copied to. Needs a running {@link Eal}.
 */
public final class Mempool implements AutoCloseable {
  /** DPDK's default data room: 2048 bytes of frame after {@code RTE_PKTMBUF_HEADROOM}. */
  public static final int DEFAULT_DATA_ROOM = DpdkLayout.MBUF_DEFAULT_BUF_SIZE;

  private final DpdkNative dpdk;
  private final String name;
  private final MemorySegment pool;
  private final int dataRoom;
  private boolean closed;

  private Mempool(
      final DpdkNative dpdk, final String name, final MemorySegment pool, final int dataRoom) {
    this.dpdk = dpdk;
    this.name = name;
    this.pool = pool;
    this.dataRoom = dataRoom;
  }

  /**
   * Creates a pool of {@code size} mbufs.
   *
   * @param name unique in the process (DPDK's memzone name, at most 25 characters).
   * @param size mbufs in the pool; best a power of two minus one.
   * @param cacheSize per-lcore cache, 0 to 512.
   * @param dataRoom bytes per mbuf including the 128-byte headroom, e.g. {@link
   *     #DEFAULT_DATA_ROOM}.
   * @throws DpdkException with DPDK's reason (e.g. "Cannot allocate memory", "File exists").
   */
  public static Mempool create(
      final String name, final int size, final int cacheSize, final int dataRoom) {
    Eal.get();
    if (dataRoom <= DpdkLayout.PKTMBUF_HEADROOM || dataRoom > 0xFFFF) {
      throw new IllegalArgumentException(
          "dataRoom must be in (" + DpdkLayout.PKTMBUF_HEADROOM + ", 65535]: " + dataRoom);
    }
    final DpdkNative dpdk = DpdkNative.get();
    try (Arena arena = Arena.ofConfined()) {
      final MemorySegment pool =
          (MemorySegment)
              dpdk.pktmbufPoolCreate.invokeExact(
                  arena.allocateFrom(name), size, cacheSize, (short) 0, (short) dataRoom, -1);
      if (pool.address() == 0) {
        throw dpdk.errnoFailure("rte_pktmbuf_pool_create " + name);
      }
      return new Mempool(dpdk, name, pool, dataRoom);
    } catch (final Throwable t) {
      throw DpdkNative.rethrow(t);
    }
  }

  public String name() {
    return name;
  }

  /** The {@code struct rte_mempool *}. */
  public MemorySegment address() {
    return pool;
  }

  /** Bytes per mbuf including the headroom. */
  public int dataRoom() {
    return dataRoom;
  }

  /** Frame bytes an mbuf holds after the headroom. */
  public int frameRoom() {
    return dataRoom - DpdkLayout.PKTMBUF_HEADROOM;
  }

  /** Mbufs currently free in the pool (caches included). */
  public int available() {
    try {
      return (int) dpdk.mempoolAvailCount.invokeExact(pool);
    } catch (final Throwable t) {
      throw DpdkNative.rethrow(t);
    }
  }

  /** Frees the pool; every port using it must be stopped first. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      dpdk.mempoolFree.invokeExact(pool);
    } catch (final Throwable t) {
      throw DpdkNative.rethrow(t);
    }
  }
}
