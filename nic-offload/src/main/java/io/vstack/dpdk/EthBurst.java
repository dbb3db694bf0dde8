package io.vstack.dpdk;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * rx/tx bursts on one queue pair of one port, along a chosen {@link BurstPath}. Allocation free;
 * used by one thread at a time.
 *
 * <p>The {@link BurstPath#FP_OPS} path does what DPDK 22.11's inline {@code rte_eth_rx_burst} does:
 * {@code p = &rte_eth_fp_ops[port]; n = p->rx_pkt_burst(p->rxq.data[queue], pkts, max); if
 * (p->rxq.clbk[queue]) n = rte_eth_call_rx_callbacks(...)}; and for tx the callbacks run before
 * {@code tx_pkt_burst}. It reads the table on every burst, because DPDK rewrites it on {@code
 * rte_eth_dev_start}/{@code stop}.
 */
public final class EthBurst {
  /**
   * The burst-path handles in static finals, which the JIT treats as constants (it does not trust
   * instance finals), so each downcall links directly. Initialised on first use, after the
   * constructor has checked that DPDK loads.
   */
  private static final class Handles {
    static final MethodHandle BURST = DpdkNative.get().burstFunction;
    static final MethodHandle SHIM_RX = DpdkNative.get().shimRxBurst;
    static final MethodHandle SHIM_TX = DpdkNative.get().shimTxBurst;
    static final MethodHandle RX_CALLBACKS = DpdkNative.get().callRxCallbacks;
    static final MethodHandle TX_CALLBACKS = DpdkNative.get().callTxCallbacks;
    static final MethodHandle FREE_BULK = DpdkNative.get().pktmbufFreeBulk;
    static final MethodHandle ALLOC_BULK = DpdkNative.get().shimAllocBulk;
  }

  private final DpdkNative dpdk;
  private final BurstPath path;
  private final short port;
  private final short queue;
  private final FpOpsQueue rxOps;
  private final FpOpsQueue txOps;

  /**
   * One direction of one queue in a port's {@code rte_eth_fp_ops} entry: the PMD's burst function,
   * the queue's data pointer and its callback list. Keeps MemorySegment views of the last pointers
   * read: they change only on dev start/stop, so a burst allocates nothing.
   */
  private static final class FpOpsQueue {
    private final long functionSlot;
    private final long dataArraySlot;
    private final long callbackArraySlot;
    private final long queueOffset;
    private long functionAddress;
    private MemorySegment function = MemorySegment.NULL;
    private long dataAddress;
    private MemorySegment data = MemorySegment.NULL;

    FpOpsQueue(
        final long entry,
        final long functionOffset,
        final long dataOffset,
        final long callbackOffset,
        final int queue) {
      this.functionSlot = entry + functionOffset;
      this.dataArraySlot = entry + dataOffset;
      this.callbackArraySlot = entry + callbackOffset;
      this.queueOffset = 8L * queue;
    }

    /** Calls the PMD's burst function on this queue. */
    int burst(final MemorySegment mbufs, final int count) throws Throwable {
      final MemorySegment all = DpdkNative.ALL;
      final long fn = all.get(JAVA_LONG, functionSlot);
      final long queueData = all.get(JAVA_LONG, all.get(JAVA_LONG, dataArraySlot) + queueOffset);
      if (fn != functionAddress || queueData != dataAddress) {
        functionAddress = fn;
        function = MemorySegment.ofAddress(fn);
        dataAddress = queueData;
        data = MemorySegment.ofAddress(queueData);
      }
      return Short.toUnsignedInt(
          (short) Handles.BURST.invokeExact(function, data, mbufs, (short) count));
    }

    /** The queue's callback list ({@code rxq.clbk[queue]}), 0 when none is registered. */
    long callbacks() {
      final MemorySegment all = DpdkNative.ALL;
      return all.get(JAVA_LONG, all.get(JAVA_LONG, callbackArraySlot) + queueOffset);
    }
  }

  /**
   * @param portId the started port.
   * @param queueId the rx and tx queue to use.
   */
  public EthBurst(final int portId, final int queueId, final BurstPath path) {
    if (portId < 0 || portId >= DpdkLayout.MAX_ETHPORTS) {
      throw new IllegalArgumentException("port id out of range: " + portId);
    }
    if (queueId < 0 || queueId >= DpdkLayout.MAX_QUEUES_PER_PORT) {
      throw new IllegalArgumentException("queue id out of range: " + queueId);
    }
    this.dpdk = DpdkNative.get();
    this.path = path;
    this.port = (short) portId;
    this.queue = (short) queueId;
    final long entry = dpdk.fpOps.address() + portId * DpdkLayout.FP_OPS_SIZE;
    this.rxOps =
        new FpOpsQueue(
            entry,
            DpdkLayout.FP_OPS_RX_PKT_BURST,
            DpdkLayout.FP_OPS_RXQ_DATA,
            DpdkLayout.FP_OPS_RXQ_CLBK,
            queueId);
    this.txOps =
        new FpOpsQueue(
            entry,
            DpdkLayout.FP_OPS_TX_PKT_BURST,
            DpdkLayout.FP_OPS_TXQ_DATA,
            DpdkLayout.FP_OPS_TXQ_CLBK,
            queueId);
  }

  public BurstPath path() {
    return path;
  }

  /**
   * Receives up to {@code max} mbufs into the pointer array {@code mbufs}.
   *
   * @return mbufs received; the caller owns them.
   */
  public int rx(final MemorySegment mbufs, final int max) {
    try {
      if (path == BurstPath.SHIM) {
        return Short.toUnsignedInt(
            (short) Handles.SHIM_RX.invokeExact(port, queue, mbufs, (short) max));
      }
      int n = rxOps.burst(mbufs, max);
      final long callbacks = rxOps.callbacks();
      if (callbacks != 0) {
        n =
            Short.toUnsignedInt(
                (short)
                    Handles.RX_CALLBACKS.invokeExact(
                        port,
                        queue,
                        mbufs,
                        (short) n,
                        (short) max,
                        MemorySegment.ofAddress(callbacks)));
      }
      return n;
    } catch (final Throwable t) {
      throw DpdkNative.rethrow(t);
    }
  }

  /**
   * Offers {@code count} mbufs from the pointer array {@code mbufs} for transmission.
   *
   * @return how many, from the start, the PMD took (it frees them); the caller owns the rest.
   */
  public int tx(final MemorySegment mbufs, final int count) {
    try {
      if (path == BurstPath.SHIM) {
        return Short.toUnsignedInt(
            (short) Handles.SHIM_TX.invokeExact(port, queue, mbufs, (short) count));
      }
      int n = count;
      final long callbacks = txOps.callbacks();
      if (callbacks != 0) {
        n =
            Short.toUnsignedInt(
                (short)
                    Handles.TX_CALLBACKS.invokeExact(
                        port, queue, mbufs, (short) n, MemorySegment.ofAddress(callbacks)));
      }
      return txOps.burst(mbufs, n);
    } catch (final Throwable t) {
      throw DpdkNative.rethrow(t);
    }
  }

  /** Frees {@code count} mbufs (NULL entries allowed) back to their pools. */
  public void free(final MemorySegment mbufs, final int count) {
    try {
      Handles.FREE_BULK.invokeExact(mbufs, count);
    } catch (final Throwable t) {
      throw DpdkNative.rethrow(t);
    }
  }

  /**
   * Allocates {@code count} reset mbufs from {@code pool} into {@code mbufs}: all or none.
   *
   * @return false when the pool has fewer than {@code count} free mbufs.
   */
  public boolean alloc(final Mempool pool, final MemorySegment mbufs, final int count) {
    try {
      return (int) Handles.ALLOC_BULK.invokeExact(pool.address(), mbufs, count) == 0;
    } catch (final Throwable t) {
      throw DpdkNative.rethrow(t);
    }
  }
}
