package io.vstack.isolation;

import io.vstack.lane.LaneHandler;
import io.vstack.ledger.CounterKind;
import io.vstack.ledger.TenantLedger;
import io.vstack.meter.CycleMeter;
import io.vstack.scheduler.TenantScheduler;
import org.agrona.DirectBuffer;

/**
 * A lane handler that isolates tenants: it queues each received frame in its tenant's bounded queue
 * ({@link FrameQueues}), then lets a {@link TenantScheduler} (weighted deficit round robin, or FIFO
 * as the baseline) choose whose group of frames the {@link TenantFrameProcessor} runs next,
 * measures each group with the {@link CycleMeter} and charges it to that tenant: its ledger
 * (cycles, packets, bytes, queue depth, latency) and the scheduler's budget.
 *
 * <pre>
 *   onFrame ×n:   tenantOf (NIC MARK, else VNI) ─► queue[tenant]   full: DROP_QUEUE_FULL of tenant
 *   onEndOfBatch: the batch's pass (arrival → now), charged by frame counts ─► slice
 *                 ─► stage what is left (copy, charged) ─► batch back to the pool
 *   doWork:       every timer interval, one tenant per duty cycle: its timers, measured,
 *                 SLOW_PATH_CYCLES of it; a slice (when no batch came this duty cycle)
 *
 *   slice: until sliceFrames frames, sliceNanos of work, no tenant may run, or new frames are
 *          waiting ({@link Arrivals}, after at least one group):
 *            t = scheduler.nextTenant()
 *            start = meter; process ≤ groupFrames of t's frames; rx = charge(t.RX_CYCLES)
 *            flush (transmit burst);                              tx = charge(t.TX_CYCLES)
 *            scheduler.onWorkDone(t, rx + tx); latency of each frame = end − arrival
 * </pre>
 *
 * <p>Two clock reads per batch (the arrival stamp and the end of its classification pass) and two
 * per group (the ends of its RX and TX work: each group, and the staging, starts at the reading
 * before it); nothing allocates. The slice (frames, and optionally ns of work) bounds how long
 * newly arrived frames wait in the ring before they are classified: a victim's request is at most
 * one slice behind, and with the deficit scheduler it goes ahead of a backlogged aggressor's queue
 * (a woken tenant below its share is served first, and pays for it in virtual time). The pass that
 * classifies a batch (and enqueues or drops its frames) is measured and charged to the tenants
 * whose frames they were, split by frame counts, so a flood pays for being classified and dropped.
 * Tenants are added before the lane starts ({@link #addTenant}); weights and caps change live
 * through the scheduler.
 *
 * <p>Frames of no tenant ({@link TenantFrameProcessor#NO_TENANT}, e.g. underlay ARP) are processed
 * at once, uncharged, and counted ({@link #unclassifiedFrames()}). Slow-path messages are processed
 * on arrival and charged (cycles) to the tenant the processor names.
 */
public final class TenantLane implements LaneHandler {
  private final TenantFrameProcessor processor;
  private final FrameQueues queues;
  private final TenantScheduler scheduler;
  private final CycleMeter meter;
  private final int groupFrames;
  private final int sliceFrames;
  private final TenantLedger[] ledgers;
  private final long[] groupArrivals;
  private final int[] tenantIds;
  private final int[] batchFrames;
  private final int[] batchTenants;
  private int batchTenantCount;
  private int batchFrameCount;
  private final long timerIntervalCycles;
  private final long sliceCycles;
  private int tenantCount;
  private long nextTimers;
  private int timerCursor;
  private boolean batchOpen;
  private boolean unclassifiedInBatch;
  private boolean slicedThisCycle;
  private long batchArrival;
  private long unclassified;
  private long queueFullDrops;
  private Arrivals arrivals = Arrivals.NONE;
  private long slicesYielded;

  /**
   * A lane. Its slice ends after {@code sliceFrames} frames or, when {@code sliceNanos} is
   * positive, after the group that reaches {@code sliceNanos} of work: the duty cycle returns, so
   * newly arrived frames (a victim's request) wait for at most about that much (plus one group)
   * before they are classified and scheduled.
   *
   * @param queues the scheduler's work source (the same instance)
   * @param groupFrames frames of one tenant per scheduling decision (one measurement)
   * @param sliceFrames at most this many frames per duty cycle
   * @param sliceNanos a duty cycle's slice ends after the group that reaches this much work; 0:
   *     frame count only
   * @param timerIntervalNanos how often each tenant's timers run
   */
  public TenantLane(
      final TenantFrameProcessor processor,
      final FrameQueues queues,
      final TenantScheduler scheduler,
      final CycleMeter meter,
      final int groupFrames,
      final int sliceFrames,
      final long sliceNanos,
      final long timerIntervalNanos) {
    if (groupFrames < 1 || sliceFrames < 1 || sliceNanos < 0) {
      throw new IllegalArgumentException(
          "groupFrames and sliceFrames must be positive and sliceNanos 0 or positive: "
              + groupFrames
              + ", "
              + sliceFrames
              + ", "
              + sliceNanos);
    }
    this.sliceCycles = sliceNanos == 0 ? 0 : Math.max(1, meter.toCycles(sliceNanos));
    this.processor = processor;
    this.queues = queues;
    this.scheduler = scheduler;
    this.meter = meter;
    this.groupFrames = groupFrames;
    this.sliceFrames = sliceFrames;
    this.ledgers = new TenantLedger[queues.maxTenants()];
    this.groupArrivals = new long[groupFrames];
    this.tenantIds = new int[queues.maxTenants()];
    this.batchFrames = new int[queues.maxTenants()];
    this.batchTenants = new int[queues.maxTenants()];
    this.timerIntervalCycles = meter.toCycles(timerIntervalNanos);
  }

  /**
   * Adds a tenant (control path, before the lane runs): its queue, its ledger entry (whose id is
   * the tenant id) and its scheduler entry.
   *
   * @param capCyclesPerSecond hard cap, 0 for none
   */
  public void addTenant(
      final TenantLedger ledger, final int weight, final long capCyclesPerSecond) {
    final int tenantId = ledger.tenantId();
    queues.addTenant(tenantId);
    scheduler.addTenant(tenantId, weight, capCyclesPerSecond);
    if (ledgers[tenantId] == null) {
      tenantIds[tenantCount++] = tenantId;
    }
    ledgers[tenantId] = ledger;
  }

  @Override
  public void onFrame(
      final long address,
      final int length,
      final int tenant,
      final int markedSlot,
      final int flowHash,
      final int source) {
    if (!batchOpen) {
      batchOpen = true;
      batchArrival = meter.cycles();
    }
    final int t =
        processor.tenantOf(
            address, length, markedSlot < 0 ? TenantFrameProcessor.NO_TENANT : markedSlot);
    batchFrameCount++;
    if (t < 0 || t >= ledgers.length || ledgers[t] == null) {
      unclassified++;
      unclassifiedInBatch = true;
      processor.process(address, length, TenantFrameProcessor.NO_TENANT, false);
      return;
    }
    if (batchFrames[t]++ == 0) {
      batchTenants[batchTenantCount++] = t;
    }
    if (!queues.offer(t, address, length, batchArrival, markedSlot >= 0 && t == markedSlot)) {
      queueFullDrops++;
      ledgers[t].onDrop(CounterKind.DROP_QUEUE_FULL);
    }
  }

  @Override
  public void onEndOfBatch() {
    batchOpen = false;
    chargeClassification();
    long sliceStart = meter.lastStop();
    if (unclassifiedInBatch) {
      unclassifiedInBatch = false;
      processor.flush();
      // frames of no tenant are charged to nobody: the first group starts after their flush
      sliceStart = meter.cycles();
    }
    slicedThisCycle = true;
    try {
      runSlice(sliceStart);
    } finally {
      // Even when the processor threw: what is left must outlive the batch.
      stageLeftovers();
    }
  }

  /*
   * The batch's pass (the dispatcher handing frames over, classification, enqueue or drop), from
   * its first frame's arrival stamp to now, split by frame counts among the tenants whose frames
   * they were (RX_CYCLES and the scheduler): a flood pays for classifying and dropping itself.
   * Frames of no tenant count in the split but are charged to nobody.
   */
  private void chargeClassification() {
    final long pass = meter.elapsed(batchArrival);
    final int frames = batchFrameCount;
    batchFrameCount = 0;
    for (int i = 0; i < batchTenantCount; i++) {
      final int t = batchTenants[i];
      final int own = batchFrames[t];
      // One tenant's batch (the usual case with per-tenant queues) needs no division.
      final long cycles = own == frames ? pass : frames > 0 ? pass * own / frames : 0;
      batchFrames[t] = 0;
      if (cycles > 0) {
        ledgers[t].addCycles(CounterKind.RX_CYCLES, cycles);
        scheduler.charge(t, cycles);
      }
    }
    batchTenantCount = 0;
  }

  // Copies what is still queued from the ending batch into the tenants' staging slots, charged.
  private void stageLeftovers() {
    final int tenants = queues.unstagedCount();
    if (tenants > 0) {
      // The last reading (the batch's pass or its last group) starts the staging: no clock read.
      long start = meter.lastStop();
      for (int i = 0; i < tenants; i++) {
        final int t = queues.unstaged(i);
        if (queues.depth(t) > 0) {
          queues.stage(t);
          scheduler.charge(t, meter.charge(ledgers[t].counter(CounterKind.RX_CYCLES), start));
          start = meter.lastStop();
          ledgers[t].queueDepth(queues.depth(t));
        }
      }
      queues.endBatch();
    }
  }

  @Override
  public int doWork() {
    final boolean sliced = slicedThisCycle;
    slicedThisCycle = false;
    // After a batch the lane's last reading is at most one slice old: fresh enough for timers.
    // Without one, a single reading serves the timer check and starts the slice.
    long now = sliced ? meter.lastStop() : meter.cycles();
    int timers = 0;
    if (timerCursor > 0 || now - nextTimers >= 0) {
      timers = runTimers();
      if (sliced) {
        return timers;
      }
      now = meter.cycles();
    }
    return sliced ? timers : timers + runSlice(now);
  }

  /*
   * One tenant's timers per duty cycle (the lane's own housekeeping with the first): a pass over
   * many tenants' connections is spread over as many duty cycles, so no cycle, and no frame that
   * arrives during it, waits for all of them.
   */
  private int runTimers() {
    int fired = 0;
    if (timerCursor == 0) {
      fired = processor.pollTimers(TenantFrameProcessor.NO_TENANT);
      if (fired > 0) {
        processor.flush();
      }
    }
    if (timerCursor < tenantCount) {
      final int t = tenantIds[timerCursor];
      final long start = meter.start();
      final int n = processor.pollTimers(t);
      if (n > 0) {
        processor.flush();
        fired += n;
      }
      scheduler.charge(t, meter.charge(ledgers[t].counter(CounterKind.SLOW_PATH_CYCLES), start));
    }
    if (++timerCursor >= tenantCount) {
      timerCursor = 0;
      nextTimers = meter.cycles() + timerIntervalCycles;
    }
    return fired;
  }

  /*
   * From the reading `start` on, groups are measured back to back: each starts at the previous
   * reading, so the lane's time between groups (choosing the next tenant) is charged to the tenant
   * chosen, and a group costs two clock reads.
   */
  private int runSlice(final long start) {
    int done = 0;
    long groupStart = start;
    while (done < sliceFrames) {
      final int t = scheduler.nextTenant();
      if (t == TenantScheduler.NO_TENANT) {
        break;
      }
      final int frames = runGroup(t, groupStart);
      groupStart = meter.lastStop();
      if (frames == 0) {
        break;
      }
      done += frames;
      if (sliceCycles > 0 && meter.lastStop() - start >= sliceCycles) {
        break;
      }
      if (arrivals.waiting()) {
        // After at least one group, so the lane always makes progress.
        slicesYielded++;
        break;
      }
    }
    return done;
  }

  private int runGroup(final int t, final long start) {
    final TenantLedger ledger = ledgers[t];
    int n = 0;
    while (n < groupFrames && queues.hasWork(t)) {
      final long address = queues.headAddress(t);
      final int length = queues.headLength(t);
      final boolean marked = queues.headMarked(t);
      groupArrivals[n++] = queues.headArrivalTime(t);
      queues.remove(t);
      processor.process(address, length, t, marked);
      ledger.onRx(length);
    }
    if (n == 0) {
      return 0;
    }
    final long rx = meter.charge(ledger.counter(CounterKind.RX_CYCLES), start);
    processor.flush();
    final long tx = meter.charge(ledger.counter(CounterKind.TX_CYCLES), meter.lastStop());
    final long end = meter.lastStop();
    scheduler.onWorkDone(t, rx + tx);
    for (int i = 0; i < n; i++) {
      ledger.recordLatency(meter.toNanos(end - groupArrivals[i]));
    }
    ledger.queueDepth(queues.depth(t));
    return n;
  }

  @Override
  public void onSlowPathMessage(
      final int msgTypeId, final DirectBuffer buffer, final int offset, final int length) {
    final long start = meter.start();
    final int t = processor.onSlowPathMessage(msgTypeId, buffer, offset, length);
    final long cycles = meter.elapsed(start);
    if (t >= 0 && t < ledgers.length && ledgers[t] != null) {
      ledgers[t].addCycles(CounterKind.SLOW_PATH_CYCLES, cycles);
      scheduler.charge(t, cycles);
    }
  }

  /**
   * Ends a slice after the group in progress when frames are waiting (control path, before the lane
   * runs): a woken tenant's frame then waits for one group, not for the rest of the slice.
   */
  public TenantLane arrivals(final Arrivals arrivals) {
    this.arrivals = arrivals;
    return this;
  }

  /** Slices ended early because frames were waiting (lane thread; for stats and tests). */
  public long slicesYielded() {
    return slicesYielded;
  }

  /** Frames of no tenant, processed uncharged (lane thread; for stats and tests). */
  public long unclassifiedFrames() {
    return unclassified;
  }

  /** Frames refused because their tenant's queue was full, all tenants (lane thread). */
  public long queueFullDrops() {
    return queueFullDrops;
  }

  /** The scheduler (its {@code setWeight}/{@code setCap} may be called from any thread). */
  public TenantScheduler scheduler() {
    return scheduler;
  }
}
