package io.vstack.hardware;

import io.vstack.dpdk.Eal;
import io.vstack.dpdk.EthDev;
import io.vstack.dpdk.Mempool;

/** The NIC's first DPDK port, configured with {@code queues} rx and tx queues and started. */
final class HwPort {
  final Eal eal;
  final EthDev dev;
  final Mempool pool;

  private HwPort(final Eal eal, final EthDev dev, final Mempool pool) {
    this.eal = eal;
    this.dev = dev;
    this.pool = pool;
  }

  static HwPort start(final Hardware hw, final int queues) {
    final Eal eal = Eal.start(hw.ealArguments());
    final Mempool pool = Mempool.create("vstack-hw", 16383, 256, Mempool.DEFAULT_DATA_ROOM);
    final EthDev dev = EthDev.of(0);
    dev.configure(queues, queues, 0);
    for (int q = 0; q < queues; q++) {
      dev.rxQueueSetup(q, 1024, pool);
      dev.txQueueSetup(q, 1024);
    }
    dev.start();
    dev.promiscuous();
    return new HwPort(eal, dev, pool);
  }
}
