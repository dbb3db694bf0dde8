package io.vstack.dpdk;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;

/**
 * The one EAL the DPDK tests of this module share (DPDK initialises once per process, with fixed
 * vdevs): net_null0 (2 rx queues with RSS, 1 tx queue) and net_ring0 (a loopback: what queue 0
 * transmits, queue 0 receives), both started once with 256 descriptors per queue. Also reaches into
 * mbufs for tests (in this package for {@link DpdkLayout}).
 *
 * <p>When DPDK is missing, {@link #nullPort()} and {@link #ringPort()} throw {@link
 * DpdkUnavailableException}, whose message names the packages to install: the test fails.
 */
public final class LaneVdevs {
  private static EthDev nullPort;
  private static EthDev ringPort;

  private LaneVdevs() {}

  /** net_null0, started. */
  public static synchronized EthDev nullPort() {
    start();
    return nullPort;
  }

  /** net_ring0, started: a loopback on queue 0. */
  public static synchronized EthDev ringPort() {
    start();
    return ringPort;
  }

  private static void start() {
    if (nullPort != null) {
      return;
    }
    Eal.start(Eal.vdevArguments(List.of("net_null0", "net_ring0")));
    final Mempool pool = Mempool.create("vl-reta", 2047, 0, Mempool.DEFAULT_DATA_ROOM);
    final EthDev ring = EthDev.byName("net_ring0");
    ring.configure(1, 1, 0);
    ring.rxQueueSetup(0, 256, pool);
    ring.txQueueSetup(0, 256);
    ring.start();
    final EthDev nul = EthDev.byName("net_null0");
    nul.configure(2, 1, nul.info().flowTypeRssOffloads());
    nul.rxQueueSetup(0, 256, pool);
    nul.rxQueueSetup(1, 256, pool);
    nul.txQueueSetup(0, 256);
    nul.start();
    ringPort = ring;
    nullPort = nul;
  }

  /**
   * Takes every mbuf that is free in {@code pool} right now, fills its whole data room with {@code
   * poison} and frees it again: any frame whose mbuf went back to the pool too early reads poison
   * afterwards. Only while nothing else allocates from {@code pool}.
   *
   * @return how many mbufs were poisoned
   */
  public static int poisonFreeMbufs(final Mempool pool, final byte poison) {
    final int free = pool.available();
    if (free == 0) {
      return 0;
    }
    final EthBurst burst = new EthBurst(ringPort().portId(), 0, BurstPath.FP_OPS);
    try (Arena arena = Arena.ofConfined()) {
      final MemorySegment mbufs = arena.allocate(ADDRESS, free);
      if (!burst.alloc(pool, mbufs, free)) {
        throw new IllegalStateException(
            "could not take the " + free + " free mbufs of " + pool.name() + ": someone else did");
      }
      final MemorySegment all = DpdkNative.ALL;
      for (int i = 0; i < free; i++) {
        final long mbuf = mbufs.getAtIndex(JAVA_LONG, i);
        // the whole buffer, headroom included: mbuf metadata lives outside it
        all.asSlice(all.get(JAVA_LONG, mbuf + DpdkLayout.MBUF_BUF_ADDR), pool.dataRoom())
            .fill(poison);
      }
      burst.free(mbufs, free);
    }
    return free;
  }
}
