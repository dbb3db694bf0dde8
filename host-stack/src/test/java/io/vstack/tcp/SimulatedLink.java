package io.vstack.tcp;

import java.util.SplittableRandom;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A deterministic, seeded network between two engines: per-direction bottleneck rate with a
 * drop-tail queue, propagation delay with jitter, random loss, reordering (extra delay for a
 * fraction of packets), duplication and ECN CE marking above a queue threshold.
 *
 * <p>Designed not to allocate in steady state, so allocation measurements see only the engines:
 * packets live in a fixed pool (header in a reused {@link SegmentInfo}, payload copied into a
 * per-slot buffer) ordered by delivery time in an int-index binary heap.
 */
final class SimulatedLink {
  /** Impairment settings, set fluently; probabilities in [0, 1]. */
  static final class Impairments {
    double loss;
    double reorder;
    double duplicate;
    long delayNanos = 1_000_000L;
    long jitterNanos;
    long bitsPerSecond = 1_000_000_000L;
    long maxQueueNanos = 5_000_000L;
    long markQueueNanos = Long.MAX_VALUE;

    /** 1 Gbit/s, 1 ms one-way, 5 ms drop-tail queue, no impairment. */
    static Impairments clean() {
      return new Impairments();
    }

    Impairments withLoss(final double value) {
      loss = value;
      return this;
    }

    Impairments withReorder(final double value) {
      reorder = value;
      return this;
    }

    Impairments withDuplicate(final double value) {
      duplicate = value;
      return this;
    }

    Impairments withJitter(final long value) {
      jitterNanos = value;
      return this;
    }

    Impairments withMarking(final long value) {
      markQueueNanos = value;
      return this;
    }
  }

  private static final int POOL = 8192;
  private static final int SLOT_BYTES = 2048;

  private final Impairments impairments;
  private final SplittableRandom random;
  private final SegmentInfo[] headers = new SegmentInfo[POOL];
  private final UnsafeBuffer[] payloads = new UnsafeBuffer[POOL];
  private final long[] deliverAt = new long[POOL];
  private final long[] order = new long[POOL];
  private final boolean[] towardB = new boolean[POOL];
  private final int[] free = new int[POOL];
  private int freeCount;
  private final int[] heap = new int[POOL];
  private int heapSize;
  private long sequence;
  private final long[] queueFreeAt = new long[2];
  private TcpEngine a;
  private TcpEngine b;
  private long now;
  final SegmentSink fromA = s -> send(s, true);
  final SegmentSink fromB = s -> send(s, false);
  long sent;
  long dropped;
  long marked;
  long ectPackets;

  /** Optional observer of every segment delivered to B (an on-path view for tests). */
  SegmentSink tapToB;

  /**
   * Sequence and acknowledgment of the last segment A sent toward B (what an on-path observer would
   * know; attack tests use it to aim at the window).
   */
  int lastSeqFromA;

  int lastAckFromA;

  SimulatedLink(final Impairments impairments, final long seed) {
    this.impairments = impairments;
    this.random = new SplittableRandom(seed);
    for (int i = 0; i < POOL; i++) {
      headers[i] = new SegmentInfo();
      payloads[i] = new UnsafeBuffer(new byte[SLOT_BYTES]);
      free[freeCount++] = POOL - 1 - i;
    }
  }

  void attach(final TcpEngine a, final TcpEngine b) {
    this.a = a;
    this.b = b;
  }

  /** The clock the link uses for packets the engines emit. */
  void now(final long nanos) {
    this.now = nanos;
  }

  /** Delivery time of the next packet, or {@code Long.MAX_VALUE}. */
  long nextDelivery() {
    return heapSize == 0 ? Long.MAX_VALUE : deliverAt[heap[0]];
  }

  /** Delivers every packet due at {@code nanos}; returns how many. */
  int deliverDue(final long nanos) {
    now = nanos;
    int delivered = 0;
    while (heapSize > 0 && deliverAt[heap[0]] <= nanos) {
      final int slot = pop();
      if (towardB[slot] && tapToB != null) {
        tapToB.emit(headers[slot]);
      }
      (towardB[slot] ? b : a).onSegment(headers[slot], nanos);
      free[freeCount++] = slot;
      delivered++;
    }
    return delivered;
  }

  private void send(final SegmentInfo s, final boolean toB) {
    sent++;
    final int direction = toB ? 0 : 1;
    final int bytes = s.payloadLength() + 40;
    final long serialization = bytes * 8L * 1_000_000_000L / impairments.bitsPerSecond;
    final long start = Math.max(now, queueFreeAt[direction]);
    final long queued = start - now;
    if (queued > impairments.maxQueueNanos) {
      dropped++;
      return;
    }
    queueFreeAt[direction] = start + serialization;
    if (random.nextDouble() < impairments.loss) {
      dropped++;
      return;
    }
    if (s.ecn != SegmentInfo.ECN_NOT_ECT) {
      ectPackets++;
    }
    final boolean mark = queued > impairments.markQueueNanos && s.ecn != SegmentInfo.ECN_NOT_ECT;
    if (mark) {
      marked++;
    }
    final int copies = random.nextDouble() < impairments.duplicate ? 2 : 1;
    for (int c = 0; c < copies; c++) {
      long at = start + serialization + impairments.delayNanos;
      if (impairments.jitterNanos > 0) {
        at += random.nextLong(impairments.jitterNanos);
      }
      if (random.nextDouble() < impairments.reorder) {
        at += random.nextLong(1 + 2 * impairments.delayNanos);
      }
      enqueue(s, toB, at, mark);
    }
  }

  private void enqueue(final SegmentInfo s, final boolean toB, final long at, final boolean mark) {
    if (freeCount == 0) {
      dropped++;
      return;
    }
    final int slot = free[--freeCount];
    headers[slot].copyHeaderFrom(s);
    if (mark) {
      headers[slot].ecn = SegmentInfo.ECN_CE;
    }
    final int length = s.payloadLength();
    s.copyPayloadTo(payloads[slot], 0);
    headers[slot].payload(payloads[slot], 0, length);
    deliverAt[slot] = at;
    order[slot] = sequence++;
    towardB[slot] = toB;
    push(slot);
  }

  private boolean before(final int x, final int y) {
    return deliverAt[x] < deliverAt[y] || (deliverAt[x] == deliverAt[y] && order[x] < order[y]);
  }

  private void push(final int slot) {
    int i = heapSize++;
    heap[i] = slot;
    while (i > 0) {
      final int parent = (i - 1) >>> 1;
      if (!before(heap[i], heap[parent])) {
        break;
      }
      swap(i, parent);
      i = parent;
    }
  }

  private int pop() {
    final int top = heap[0];
    heap[0] = heap[--heapSize];
    int i = 0;
    while (true) {
      final int left = 2 * i + 1;
      if (left >= heapSize) {
        break;
      }
      final int right = left + 1;
      final int child = right < heapSize && before(heap[right], heap[left]) ? right : left;
      if (!before(heap[child], heap[i])) {
        break;
      }
      swap(i, child);
      i = child;
    }
    return top;
  }

  private void swap(final int i, final int j) {
    final int t = heap[i];
    heap[i] = heap[j];
    heap[j] = t;
  }
}
