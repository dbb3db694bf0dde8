package io.vstack.port;

import static java.nio.ByteOrder.BIG_ENDIAN;

import java.lang.foreign.Arena;
import java.util.SplittableRandom;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A {@link Port} decorator that impairs both directions of another port with seeded faults (loss,
 * burst loss, reorder, duplication, delay with jitter, corruption, ECN CE marking; see {@link
 * Impairments}), for testing a TCP against a real peer on a kernel without netem.
 *
 * <p>Each direction is a lane: frames are copied into a fixed pool of slots with a release time and
 * leave in insertion order once due (delay never reorders on its own; jitter only stretches the
 * gaps; reorder holds a chosen frame back so later ones pass it). Frames from the inner port leave
 * through {@link #receive}, frames of the caller through the inner port's transmit, which {@link
 * #receive} and {@link #transmit} both drive. Allocation-free after construction; one thread.
 */
public final class FaultInjectingPort implements Port {
  /** Frames each direction can hold while delayed. */
  public static final int DEFAULT_HELD_FRAMES = 4096;

  private static final int ETHERNET_HEADER = 14;
  private static final int ETHER_TYPE_IPV4 = 0x0800;
  private static final int ECN_MASK = 0x3;

  private final Port inner;
  private final NanoClock clock;
  private final Lane inbound;
  private final Lane outbound;
  private final FrameBatch scratch;
  private final Arena arena = Arena.ofShared();

  /**
   * @param inner the port to impair; closed with this one
   * @param inboundImpairments faults for frames received from {@code inner}
   * @param outboundImpairments faults for frames transmitted to {@code inner}
   */
  public FaultInjectingPort(
      final Port inner,
      final Impairments inboundImpairments,
      final Impairments outboundImpairments,
      final NanoClock clock) {
    this.inner = inner;
    this.clock = clock;
    final int frameCapacity = Math.max(FrameBatch.DEFAULT_FRAME_CAPACITY, inner.maxFrameLength());
    this.inbound = new Lane(inboundImpairments.conclude(), frameCapacity);
    this.outbound = new Lane(outboundImpairments.conclude(), frameCapacity);
    this.scratch = new FrameBatch(FrameBatch.DEFAULT_CAPACITY, frameCapacity);
  }

  /** The same impairments (but independent random streams) in both directions. */
  public static FaultInjectingPort symmetric(
      final Port inner, final Impairments impairments, final NanoClock clock) {
    final Impairments reverse = copy(impairments).seed(~impairments.seed());
    return new FaultInjectingPort(inner, impairments, reverse, clock);
  }

  private static Impairments copy(final Impairments from) {
    return new Impairments()
        .loss(from.loss())
        .burstLoss(from.burstStart(), from.burstLength())
        .reorder(from.reorder(), from.reorderNanos())
        .duplicate(from.duplicate())
        .delay(from.delayNanos(), from.jitterNanos())
        .corrupt(from.corrupt())
        .ceMark(from.ceMark());
  }

  /** Faults applied to frames coming from the inner port. */
  public FaultCounters inboundCounters() {
    return inbound.counters;
  }

  /** Faults applied to frames going to the inner port. */
  public FaultCounters outboundCounters() {
    return outbound.counters;
  }

  @Override
  public String name() {
    return "faults:" + inner.name();
  }

  @Override
  public int maxFrameLength() {
    return inner.maxFrameLength();
  }

  /** True: Frames are copied out of the delay queue into the batch's storage. */
  @Override
  public boolean framesOutliveNextReceive() {
    return true;
  }

  @Override
  public int receive(final FrameBatch batch) {
    final long now = clock.nanoTime();
    releaseOutbound(now);
    // Take everything waiting (bounded by the pool), so each frame's delay starts when it arrived
    // rather than when the caller got round to it.
    int received;
    do {
      scratch.clear();
      received = inner.receive(scratch);
      for (int i = 0; i < received; i++) {
        inbound.offer(scratch.wrap(i, inbound.view), 0, scratch.length(i), now);
      }
    } while (received == scratch.capacity() && inbound.hasRoomFor(scratch.capacity()));
    return inbound.release(batch, now);
  }

  @Override
  public int transmit(final FrameBatch batch) {
    final long now = clock.nanoTime();
    final int size = batch.size();
    for (int i = 0; i < size; i++) {
      outbound.offer(batch.wrap(i, outbound.view), 0, batch.length(i), now);
    }
    releaseOutbound(now);
    return size;
  }

  private void releaseOutbound(final long now) {
    scratch.clear();
    while (outbound.release(scratch, now) > 0) {
      final int sent = inner.transmit(scratch);
      for (int i = sent; i < scratch.size(); i++) {
        inner.counters().onTxDropped();
      }
      scratch.clear();
    }
  }

  @Override
  public PortCounters counters() {
    return inner.counters();
  }

  @Override
  public void close() {
    scratch.close();
    arena.close();
    inner.close();
  }

  /** One direction: the pool of held frames and its random stream. */
  private final class Lane {
    final FaultCounters counters = new FaultCounters();
    final UnsafeBuffer view = new UnsafeBuffer(0, 0);
    private final Impairments impairments;
    private final SplittableRandom random;
    private final UnsafeBuffer storage;
    private final int frameCapacity;
    private final long[] releaseAt = new long[DEFAULT_HELD_FRAMES];
    private final int[] lengths = new int[DEFAULT_HELD_FRAMES];
    private final int[] order = new int[DEFAULT_HELD_FRAMES];
    private final int[] free = new int[DEFAULT_HELD_FRAMES];
    private int held;
    private int freeCount = DEFAULT_HELD_FRAMES;
    private int burstRemaining;
    private long lastRelease = Long.MIN_VALUE;

    Lane(final Impairments impairments, final int frameCapacity) {
      this.impairments = impairments;
      this.random = new SplittableRandom(impairments.seed());
      this.frameCapacity = frameCapacity;
      this.storage =
          new UnsafeBuffer(
              arena.allocate((long) DEFAULT_HELD_FRAMES * frameCapacity, 64).address(),
              DEFAULT_HELD_FRAMES * frameCapacity);
      for (int i = 0; i < DEFAULT_HELD_FRAMES; i++) {
        free[i] = DEFAULT_HELD_FRAMES - 1 - i;
      }
    }

    void offer(final DirectBuffer frame, final int offset, final int length, final long now) {
      counters.frames++;
      if (burstRemaining > 0) {
        burstRemaining--;
        counters.burstLost++;
        return;
      }
      if (chance(impairments.burstStart())) {
        burstRemaining = impairments.burstLength() - 1;
        counters.burstLost++;
        return;
      }
      if (chance(impairments.loss())) {
        counters.lost++;
        return;
      }
      if (length > frameCapacity) {
        counters.overflowed++;
        return;
      }
      long release = now;
      if (impairments.delayNanos() > 0) {
        final long jitter = impairments.jitterNanos();
        release +=
            impairments.delayNanos() + (jitter == 0 ? 0 : random.nextLong(-jitter, jitter + 1));
        counters.delayed++;
      }
      // Jitter stretches gaps but never reorders by itself.
      release = Math.max(release, lastRelease);
      lastRelease = release;
      if (chance(impairments.reorder())) {
        release += impairments.reorderNanos();
        counters.reordered++;
      }
      final int slot = hold(frame, offset, length, release);
      if (slot < 0) {
        return;
      }
      if (chance(impairments.corrupt()) && length > ETHERNET_HEADER) {
        final int bit = random.nextInt((length - ETHERNET_HEADER) * 8);
        final int index = slot * frameCapacity + ETHERNET_HEADER + (bit >>> 3);
        storage.putByte(index, (byte) (storage.getByte(index) ^ (1 << (bit & 7))));
        counters.corrupted++;
      }
      if (chance(impairments.ceMark()) && markCongestionExperienced(slot * frameCapacity, length)) {
        counters.ceMarked++;
      }
      if (chance(impairments.duplicate())
          && hold(storage, slot * frameCapacity, length, release) >= 0) {
        counters.duplicated++;
      }
    }

    boolean hasRoomFor(final int frames) {
      return freeCount >= 2 * frames;
    }

    private boolean chance(final double probability) {
      return probability > 0 && random.nextDouble() < probability;
    }

    private int hold(
        final DirectBuffer frame, final int offset, final int length, final long release) {
      if (freeCount == 0) {
        counters.overflowed++;
        return -1;
      }
      final int slot = free[--freeCount];
      storage.putBytes(slot * frameCapacity, frame, offset, length);
      lengths[slot] = length;
      releaseAt[slot] = release;
      order[held++] = slot;
      return slot;
    }

    /** Sets CE on an ECT IPv4 packet, fixing the header checksum (RFC 1624). */
    private boolean markCongestionExperienced(final int frameOffset, final int length) {
      if (length < ETHERNET_HEADER + 20
          || (storage.getShort(frameOffset + 12, BIG_ENDIAN) & 0xFFFF) != ETHER_TYPE_IPV4) {
        return false;
      }
      final int ip = frameOffset + ETHERNET_HEADER;
      final int oldWord = storage.getShort(ip, BIG_ENDIAN) & 0xFFFF;
      final int ecn = oldWord & ECN_MASK;
      if (ecn == 0 || ecn == ECN_MASK) {
        return false;
      }
      final int newWord = oldWord | ECN_MASK;
      storage.putShort(ip, (short) newWord, BIG_ENDIAN);
      final int checksum = storage.getShort(ip + 10, BIG_ENDIAN) & 0xFFFF;
      long sum = (~checksum & 0xFFFF) + (~oldWord & 0xFFFF) + newWord;
      sum = (sum & 0xFFFF) + (sum >>> 16);
      sum = (sum & 0xFFFF) + (sum >>> 16);
      storage.putShort(ip + 10, (short) (~sum & 0xFFFF), BIG_ENDIAN);
      return true;
    }

    /** Moves due frames, oldest first, into {@code out} while it has room. */
    int release(final FrameBatch out, final long now) {
      int released = 0;
      int kept = 0;
      for (int i = 0; i < held; i++) {
        final int slot = order[i];
        if (now - releaseAt[slot] >= 0
            && out.add(storage, slot * frameCapacity, lengths[slot]) >= 0) {
          free[freeCount++] = slot;
          released++;
        } else {
          order[kept++] = slot;
        }
      }
      held = kept;
      return released;
    }
  }
}
