package io.vstack.dpdk;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import io.vstack.port.FrameBatch;
import io.vstack.port.Port;
import io.vstack.port.PortCounters;
import io.vstack.port.ReceivedBuffers;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * A {@link Port} on one rx/tx queue pair of a started DPDK ethdev.
 *
 * <p><b>Receive is zero-copy</b>: each received frame is appended to the batch with {@link
 * FrameBatch#addExternal} pointing at the mbuf's data. With {@link #receive(FrameBatch)} the mbufs
 * stay owned by this port and stay valid until the next receive on this port, {@link #release()} or
 * {@link #close()}, which free them. So: receive, process, transmit, then receive again; do not
 * keep a received batch across two receives of the same port ({@link #framesOutliveNextReceive()}
 * is false).
 *
 * <p><b>Handing a burst over</b>: {@link #receive(FrameBatch, ReceivedBuffers)} receives the same
 * way but hands the appended frames' mbufs to the caller, still without a copy: this port's next
 * receive leaves them alone and they stay valid until the caller gives them back with {@link
 * #freeReceived} (one {@code rte_pktmbuf_free_bulk}, from any thread: the mempool's default ring
 * ops are multi-producer safe, and a thread without an lcore id bypasses the per-lcore caches).
 * This is how the lanes receive: a lane may still hold a burst when the dispatcher receives the
 * next one. {@link #mark} still works for such frames until the next receive; {@link #transmit}
 * copies them like any other frame instead of forwarding their mbufs. Size the rx mempool for the
 * mbufs such callers keep on top of the rx rings, or the NIC runs out of rx buffers (imissed).
 *
 * <p><b>Transmit</b> copies each frame into a fresh mbuf, taken from a small stash this port
 * refills with one bulk allocation per burst ({@link #close()} returns it), except frames this port
 * received into the same batch and still holds: those mbufs are handed to the PMD as they are
 * (zero-copy forwarding; their length follows the batch, so frames may be trimmed or rewritten in
 * place). After transmit the taken frames belong to the PMD: drop them from the batch ({@link
 * FrameBatch#discardFirst} or {@link FrameBatch#clear}).
 *
 * <p>Multi-segment mbufs (frames bigger than one mbuf) are not delivered; they count as rx drops.
 * One thread drives a port. No allocation, lock or exception on the burst path.
 */
public final class DpdkPort implements Port {
  private static final int MAX_BURST = 512;

  private final String name;
  private final EthBurst burst;
  private final Mempool txPool;
  private final int burstSize;
  private final int maxFrameLength;
  private final PortCounters counters = new PortCounters();
  private final Arena arena = Arena.ofShared();

  /** The mbufs of the last receive, still owned by this port; NULL once handed to tx. */
  private final MemorySegment held;

  private final long[] heldData;
  private int heldCount;

  /** Held mbufs not yet handed to tx: when 0, release needs no call into DPDK. */
  private int heldLive;

  private FrameBatch heldBatch;

  /** Batch index of the first frame the last receive appended. */
  private int heldBase;

  /** For the k-th frame the last receive appended: its index in {@link #held}. */
  private final int[] appendedHeld;

  private int appendedCount;
  private final MemorySegment txMbufs;

  /** Fresh mbufs for transmit copies, allocated a burst at a time. */
  private final MemorySegment stash;

  private int stashCount;
  private final int[] txFrame;
  private final int[] txHeld;
  private boolean closed;

  /**
   * @param dev a configured and started port.
   * @param queueId the rx and tx queue this port uses; both must be configured.
   * @throws IllegalArgumentException when the port has no such rx or tx queue.
   * @param txPool where transmit copies get their mbufs.
   * @param path how to reach the inline rx/tx burst functions.
   * @param burstSize frames per rx/tx call, at most 512.
   */
  public DpdkPort(
      final EthDev dev,
      final int queueId,
      final Mempool txPool,
      final BurstPath path,
      final int burstSize) {
    if (burstSize < 1 || burstSize > MAX_BURST) {
      throw new IllegalArgumentException(
          "burstSize must be in [1, " + MAX_BURST + "]: " + burstSize);
    }
    final EthDevInfo info = dev.info();
    if (queueId < 0 || queueId >= info.rxQueues() || queueId >= info.txQueues()) {
      // a burst on a queue that was never set up would read past DPDK's queue arrays
      throw new IllegalArgumentException(
          dev.name()
              + " has "
              + info.rxQueues()
              + " rx and "
              + info.txQueues()
              + " tx queues configured, so no queue "
              + queueId
              + ": configure the port with enough queues first");
    }
    this.name = "dpdk:" + dev.name() + "/" + queueId;
    this.burst = new EthBurst(dev.portId(), queueId, path);
    this.txPool = txPool;
    this.burstSize = burstSize;
    this.maxFrameLength = (int) Math.min(txPool.frameRoom(), info.maxRxPktLen());
    this.held = arena.allocate(ADDRESS, burstSize);
    this.heldData = new long[burstSize];
    this.appendedHeld = new int[burstSize];
    this.txMbufs = arena.allocate(ADDRESS, burstSize);
    // A refill happens only on an empty stash and adds burstSize; the frames of one transmit take
    // at most what was left plus one refill and may all come back unsent: < 2 * burstSize.
    this.stash = arena.allocate(ADDRESS, 2L * burstSize);
    this.txFrame = new int[burstSize];
    this.txHeld = new int[burstSize];
  }

  /** A port on the {@link BurstPath#FP_OPS} path, bursts of {@link FrameBatch#DEFAULT_CAPACITY}. */
  public DpdkPort(final EthDev dev, final int queueId, final Mempool txPool) {
    this(dev, queueId, txPool, BurstPath.FP_OPS, FrameBatch.DEFAULT_CAPACITY);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public int maxFrameLength() {
    return maxFrameLength;
  }

  @Override
  public int receive(final FrameBatch batch) {
    return receiveBurst(batch, Math.min(batch.remaining(), burstSize));
  }

  /** False: the frames live in mbufs that the next receive frees. */
  @Override
  public boolean framesOutliveNextReceive() {
    return false;
  }

  /** True: see the class comment. */
  @Override
  public boolean canHandOverReceived() {
    return true;
  }

  /**
   * Receives up to {@code min(batch.remaining(), received.remaining(), burstSize)} frames and hands
   * their mbufs over to {@code received}; multi-segment mbufs are dropped (counted) and freed at
   * once. The frames stay valid until {@code received} is passed to {@link #freeReceived}.
   */
  @Override
  public int receive(final FrameBatch batch, final ReceivedBuffers received) {
    final int appended =
        receiveBurst(batch, Math.min(Math.min(batch.remaining(), received.remaining()), burstSize));
    if (heldCount == 0) {
      return appended;
    }
    int dropped = 0;
    for (int i = 0; i < heldCount; i++) {
      final long mbuf = held.getAtIndex(JAVA_LONG, i);
      if (heldData[i] != 0) {
        received.add(mbuf);
      } else {
        txMbufs.setAtIndex(JAVA_LONG, dropped++, mbuf);
      }
    }
    if (dropped > 0) {
      burst.free(txMbufs, dropped);
    }
    // Still listed for mark(), no longer ours: release() frees nothing and transmit copies.
    heldLive = 0;
    heldBatch = null;
    return appended;
  }

  /** Frees the mbufs a {@link #receive(FrameBatch, ReceivedBuffers)} handed over; any thread. */
  @Override
  public void freeReceived(final ReceivedBuffers received) {
    if (!received.isEmpty()) {
      burst.free(received.handles(), received.count());
      received.clear();
    }
  }

  /** Frees the last burst, receives up to {@code want} mbufs and appends their frames. */
  private int receiveBurst(final FrameBatch batch, final int want) {
    release();
    if (want == 0) {
      return 0;
    }
    final int n = burst.rx(held, want);
    final MemorySegment all = DpdkNative.ALL;
    heldBase = batch.size();
    int appended = 0;
    long bytes = 0;
    for (int i = 0; i < n; i++) {
      final long mbuf = held.getAtIndex(JAVA_LONG, i);
      heldData[i] = 0;
      if (all.get(JAVA_SHORT, mbuf + DpdkLayout.MBUF_NB_SEGS) != 1) {
        counters.onRxDropped();
        continue;
      }
      final int length = Short.toUnsignedInt(all.get(JAVA_SHORT, mbuf + DpdkLayout.MBUF_DATA_LEN));
      final long data =
          all.get(JAVA_LONG, mbuf + DpdkLayout.MBUF_BUF_ADDR)
              + Short.toUnsignedInt(all.get(JAVA_SHORT, mbuf + DpdkLayout.MBUF_DATA_OFF));
      batch.addExternal(data, length);
      heldData[i] = data;
      bytes += length;
      appendedHeld[appended++] = i;
    }
    heldCount = n;
    heldLive = n;
    heldBatch = batch;
    appendedCount = appended;
    if (appended > 0) {
      counters.onReceive(appended, bytes);
    }
    return appended;
  }

  @Override
  public int transmit(final FrameBatch batch) {
    final int n = Math.min(batch.size(), burstSize);
    final boolean mayForward = batch == heldBatch && heldCount > 0;
    final MemorySegment all = DpdkNative.ALL;
    int queued = 0;
    int dropped = 0;
    int end = 0;
    for (int cursor = 0; end < n; end++) {
      final int length = batch.length(end);
      if (length > maxFrameLength) {
        dropped++;
        continue;
      }
      final long address = batch.address(end);
      final int slot = mayForward ? findHeld(address, cursor) : -1;
      final long mbuf;
      if (slot >= 0) {
        cursor = slot + 1;
        mbuf = held.getAtIndex(JAVA_LONG, slot);
        held.setAtIndex(JAVA_LONG, slot, 0);
        heldData[slot] = 0;
        heldLive--;
      } else {
        if (stashCount == 0 && !refillStash()) {
          counters.onError();
          break;
        }
        mbuf = stash.getAtIndex(JAVA_LONG, --stashCount);
        final long data =
            all.get(JAVA_LONG, mbuf + DpdkLayout.MBUF_BUF_ADDR)
                + Short.toUnsignedInt(all.get(JAVA_SHORT, mbuf + DpdkLayout.MBUF_DATA_OFF));
        MemorySegment.copy(all, address, all, data, length);
      }
      all.set(JAVA_SHORT, mbuf + DpdkLayout.MBUF_DATA_LEN, (short) length);
      all.set(JAVA_INT, mbuf + DpdkLayout.MBUF_PKT_LEN, length);
      txMbufs.setAtIndex(JAVA_LONG, queued, mbuf);
      txFrame[queued] = end;
      txHeld[queued] = slot;
      queued++;
    }
    final int sent = queued == 0 ? 0 : burst.tx(txMbufs, queued);
    long bytes = 0;
    for (int k = 0; k < sent; k++) {
      bytes += batch.length(txFrame[k]);
    }
    for (int k = sent; k < queued; k++) {
      // not taken: held mbufs go back to the held set, fresh ones back to the stash
      final long mbuf = txMbufs.getAtIndex(JAVA_LONG, k);
      if (txHeld[k] >= 0) {
        held.setAtIndex(JAVA_LONG, txHeld[k], mbuf);
        heldData[txHeld[k]] = batch.address(txFrame[k]);
        heldLive++;
      } else {
        stash.setAtIndex(JAVA_LONG, stashCount++, mbuf);
      }
    }
    final int taken = sent == queued ? end : txFrame[sent];
    if (sent > 0) {
      counters.onTransmit(sent, bytes);
    }
    if (dropped > 0) {
      for (int i = 0; i < taken; i++) {
        if (batch.length(i) > maxFrameLength) {
          counters.onTxDropped();
        }
      }
    }
    return taken;
  }

  /** Tops the stash of fresh transmit mbufs up to a whole burst: one bulk allocation. */
  private boolean refillStash() {
    // only called on an empty stash
    if (!burst.alloc(txPool, stash, burstSize)) {
      return false;
    }
    stashCount = burstSize;
    return true;
  }

  /**
   * The rte_flow MARK id the NIC attached to a frame of the last receive (the rule's {@code mark
   * id}), so the fast path can skip its own classification.
   *
   * @param frameIndex the frame's index in the batch the last {@link #receive} filled.
   * @return the id, or {@link #NO_MARK} when the frame carries no MARK, is not from the last
   *     receive, or was already handed to transmit.
   */
  @Override
  public long mark(final int frameIndex) {
    final int k = frameIndex - heldBase;
    if (heldCount == 0 || k < 0 || k >= appendedCount) {
      return NO_MARK;
    }
    final long mbuf = held.getAtIndex(JAVA_LONG, appendedHeld[k]);
    if (mbuf == 0) {
      return NO_MARK;
    }
    final MemorySegment all = DpdkNative.ALL;
    if ((all.get(JAVA_LONG, mbuf + DpdkLayout.MBUF_OL_FLAGS) & DpdkLayout.MBUF_F_RX_FDIR_ID) == 0) {
      return NO_MARK;
    }
    return Integer.toUnsignedLong(all.get(JAVA_INT, mbuf + DpdkLayout.MBUF_FDIR_HI));
  }

  private int findHeld(final long address, final int from) {
    for (int j = from; j < heldCount; j++) {
      if (heldData[j] == address) {
        return j;
      }
    }
    return -1;
  }

  /**
   * Frees the mbufs of the last receive: the frames it appended to a batch become invalid. Called
   * by every {@link #receive}; call it directly when a port goes idle.
   */
  public void release() {
    if (heldCount > 0) {
      if (heldLive > 0) {
        burst.free(held, heldCount);
      }
      heldCount = 0;
      heldLive = 0;
      appendedCount = 0;
      heldBatch = null;
    }
  }

  @Override
  public PortCounters counters() {
    return counters;
  }

  /** Frees held mbufs and this port's memory; the ethdev itself stays as it is. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    release();
    if (stashCount > 0) {
      burst.free(stash, stashCount);
      stashCount = 0;
    }
    arena.close();
  }

  @Override
  public String toString() {
    return name;
  }
}
