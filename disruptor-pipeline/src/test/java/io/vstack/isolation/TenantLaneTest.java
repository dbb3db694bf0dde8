package io.vstack.isolation;

import static io.vstack.isolation.ScriptedProcessor.FRAME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vstack.lane.FrameSource;
import io.vstack.lane.Lanes;
import io.vstack.lane.LanesContext;
import io.vstack.lane.MarkSlots;
import io.vstack.lane.ThreadingMode;
import io.vstack.ledger.CounterKind;
import io.vstack.ledger.Ledger;
import io.vstack.loadgen.SyntheticFrames;
import io.vstack.meter.CycleCalibration;
import io.vstack.meter.CycleMeter;
import io.vstack.port.FrameBatch;
import io.vstack.port.MemoryPort;
import io.vstack.scheduler.DeficitScheduler;
import io.vstack.scheduler.FifoScheduler;
import io.vstack.scheduler.TenantScheduler;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.agrona.concurrent.SystemEpochClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link TenantLane} on a virtual clock: frames of known cost per tenant, so every charge is exact;
 * batches are overwritten after their end to prove that queued frames survive (staging).
 */
class TenantLaneTest {
  static final int VICTIM = 0;
  static final int AGGRESSOR = 1;
  static final int BATCH = 32;
  static final long TIMER_INTERVAL = 50_000;

  @TempDir Path dir;

  final ScriptedProcessor processor = new ScriptedProcessor();
  final CycleMeter meter = new CycleMeter(processor, CycleCalibration.NANOSECONDS);
  final UnsafeBuffer batch = new UnsafeBuffer(ByteBuffer.allocateDirect(FRAME * BATCH));
  Ledger ledger;
  long aggressorSequence;

  @AfterEach
  void close() {
    if (ledger != null) {
      ledger.close();
    }
  }

  TenantLane lane(final boolean deficit, final int capacity, final int group, final int slice) {
    return lane(deficit, capacity, group, slice, 0);
  }

  TenantLane lane(
      final boolean deficit,
      final int capacity,
      final int group,
      final int slice,
      final long sliceNanos) {
    ledger =
        new Ledger(
            dir.resolve("counters.dat"),
            4,
            1_000_000_000L,
            0,
            "virtual",
            SystemEpochClock.INSTANCE);
    final FrameQueues queues = new FrameQueues(4, capacity, FRAME);
    final TenantScheduler scheduler =
        deficit ? new DeficitScheduler(meter, 1_000_000_000L, queues) : new FifoScheduler(queues);
    final TenantLane lane =
        new TenantLane(
            processor, queues, scheduler, meter, group, slice, sliceNanos, TIMER_INTERVAL);
    lane.addTenant(ledger.addTenant(VICTIM, "victim"), 1, 0);
    lane.addTenant(ledger.addTenant(AGGRESSOR, "aggressor"), 1, 0);
    return lane;
  }

  /** One receive batch of (tenant, sequence) frames; its memory is garbage afterwards. */
  void deliver(final TenantLane lane, final int[] tenants, final long[] sequences) {
    for (int i = 0; i < tenants.length; i++) {
      ScriptedProcessor.write(batch, i, tenants[i], sequences[i]);
    }
    for (int i = 0; i < tenants.length; i++) {
      lane.onFrame(batch.addressOffset() + (long) i * FRAME, FRAME, 0, MarkSlots.NO_SLOT, 0, 0);
    }
    lane.onEndOfBatch();
    batch.setMemory(0, batch.capacity(), (byte) 0x7F);
  }

  void deliverAggressor(final TenantLane lane, final int frames) {
    final int[] tenants = new int[frames];
    final long[] sequences = new long[frames];
    for (int i = 0; i < frames; i++) {
      tenants[i] = AGGRESSOR;
      sequences[i] = aggressorSequence++;
    }
    deliver(lane, tenants, sequences);
  }

  long counter(final int tenant, final CounterKind kind) {
    return ledger.tenant(tenant).counter(kind).get();
  }

  /** Duty cycles without new frames until two in a row do nothing (the first may be a no-op). */
  void drain(final TenantLane lane) {
    int idle = 0;
    for (int i = 0; i < 100_000 && idle < 2; i++) {
      idle = lane.doWork() > 0 ? 0 : idle + 1;
    }
  }

  @Test
  void shouldChargeEachGroupToItsTenantWhenABatchMixesTenants() {
    final TenantLane lane = lane(true, 64, 4, 1000);
    processor.cost[VICTIM] = 300;
    processor.cost[AGGRESSOR] = 2000;
    processor.flushCost = 50;
    final int[] tenants = new int[20];
    final long[] sequences = new long[20];
    for (int i = 0; i < 20; i++) {
      tenants[i] = i % 2 == 0 ? VICTIM : AGGRESSOR;
      sequences[i] = i;
    }
    deliver(lane, tenants, sequences);

    assertThat(processor.logged).isEqualTo(20);
    // 10 frames each in groups of 4, 4, 2: three flushes per tenant.
    assertThat(counter(VICTIM, CounterKind.RX_CYCLES)).isEqualTo(10 * 300);
    assertThat(counter(AGGRESSOR, CounterKind.RX_CYCLES)).isEqualTo(10 * 2000);
    assertThat(counter(VICTIM, CounterKind.TX_CYCLES)).isEqualTo(3 * 50);
    assertThat(counter(AGGRESSOR, CounterKind.TX_CYCLES)).isEqualTo(3 * 50);
    assertThat(lane.scheduler().chargedCycles(VICTIM)).isEqualTo(10 * 300 + 3 * 50);
    assertThat(lane.scheduler().chargedCycles(AGGRESSOR)).isEqualTo(10 * 2000 + 3 * 50);
    assertThat(counter(VICTIM, CounterKind.RX_PACKETS)).isEqualTo(10);
    assertThat(counter(AGGRESSOR, CounterKind.RX_BYTES)).isEqualTo(10 * FRAME);
    assertThat(ledger.tenant(VICTIM).latency().getTotalCount()).isEqualTo(10);
    assertThat(ledger.tenant(AGGRESSOR).latency().getMaxValue())
        .as("the last aggressor frame waited for everything processed in the batch")
        .isGreaterThanOrEqualTo(10 * 300 + 10 * 2000);
  }

  @Test
  void shouldChargeClassificationAndDropsToTheTenantsWhoseFramesTheyWereWhenABatchArrives() {
    // Queue of 8: 18 of the aggressor's 26 frames are classified only to be dropped; the batch's
    // classification pass (100 cycles a frame) is split by frame counts, a frame of no tenant's
    // share going to nobody.
    final TenantLane lane = lane(true, 8, 1, 1);
    processor.classifyCost = 100;
    lane.doWork(); // the lane has run: the scheduler knows its tenants
    final int[] tenants = new int[30];
    final long[] sequences = new long[30];
    for (int i = 0; i < 30; i++) {
      tenants[i] = i == 7 ? 3 : i % 10 == 0 ? VICTIM : AGGRESSOR;
      sequences[i] = i;
    }
    deliver(lane, tenants, sequences);

    assertThat(lane.queueFullDrops()).isEqualTo(26 - 8);
    assertThat(lane.scheduler().chargedCycles(AGGRESSOR)).isEqualTo(26 * 100);
    assertThat(lane.scheduler().chargedCycles(VICTIM)).isEqualTo(3 * 100);
    assertThat(counter(AGGRESSOR, CounterKind.RX_CYCLES)).isEqualTo(26 * 100);
  }

  @Test
  void shouldServeTheVictimBeforeABackloggedAggressorWhenDeficitScheduled() {
    final TenantLane lane = lane(true, 1024, 4, 8);
    processor.cost[VICTIM] = 500;
    processor.cost[AGGRESSOR] = 1000;
    // ~3 ms of aggressor flood: its budget goes negative, its queue fills (1024) and overflows.
    for (int i = 0; i < 400; i++) {
      deliverAggressor(lane, BATCH);
    }
    assertThat(counter(AGGRESSOR, CounterKind.QUEUE_DEPTH)).isGreaterThanOrEqualTo(1024 - 8);
    assertThat(counter(AGGRESSOR, CounterKind.DROP_QUEUE_FULL)).isPositive();

    final int before = processor.logged;
    deliver(lane, new int[] {AGGRESSOR, AGGRESSOR, VICTIM}, new long[] {-1, -2, 777});

    assertThat(processor.positionOf(VICTIM, 777))
        .as("the victim's request is the first frame of the next slice")
        .isEqualTo(before);
    assertThat(counter(VICTIM, CounterKind.DROP_QUEUE_FULL)).isZero();
    assertThat(ledger.tenant(VICTIM).latency().getMaxValue())
        .as("its own 500 ns, not one aggressor frame (1000 ns) more")
        .isLessThan(1000);
  }

  @Test
  void shouldEndTheSliceAfterTheGroupThatReachesTheSliceTimeWhenTimed() {
    final TenantLane lane = lane(true, 1024, 1, 1000, 2_500);
    processor.cost[AGGRESSOR] = 1000;
    deliverAggressor(lane, BATCH);
    assertThat(processor.logged)
        .as("1000, 2000, 3000 ns: the third group ends the slice")
        .isEqualTo(3);
    lane.doWork(); // the duty cycle of that batch: its slice ran already
    lane.doWork();
    assertThat(processor.logged).isEqualTo(6);
    // A victim request waits for the slice in progress (~3 µs), not for 32 aggressor frames.
    deliver(lane, new int[] {VICTIM}, new long[] {9});
    assertThat(processor.positionOf(VICTIM, 9)).isEqualTo(6);
  }

  @Test
  void shouldEndTheSliceAfterTheGroupInProgressWhenFramesArriveMidSlice() {
    final TenantLane lane = lane(true, 1024, 1, 1000);
    processor.cost[AGGRESSOR] = 1000;
    // A frame becomes visible 2.5 µs into the slice (virtual clock): during the third group.
    final long visibleAt = processor.now + 2_500;
    lane.arrivals(() -> processor.now >= visibleAt);
    deliverAggressor(lane, BATCH);
    assertThat(processor.logged)
        .as("the third group was in progress; the slice ends after it")
        .isEqualTo(3);
    assertThat(lane.slicesYielded()).isEqualTo(1);
  }

  @Test
  void shouldAlwaysRunOneGroupWhenFramesAreWaitingAtTheStartOfASlice() {
    final TenantLane lane = lane(true, 1024, 1, 1000);
    processor.cost[AGGRESSOR] = 1000;
    lane.arrivals(() -> true);
    deliverAggressor(lane, 4);
    assertThat(processor.logged)
        .as("progress even if the dispatcher cannot take them")
        .isEqualTo(1);
    lane.doWork(); // the duty cycle of that batch: its slice ran already
    for (int i = 0; i < 3; i++) {
      lane.doWork();
      assertThat(processor.logged).as("one group per duty cycle").isEqualTo(2 + i);
    }
  }

  @Test
  void shouldProcessTheWholeBatchInOneSliceWhenUntimed() {
    final TenantLane lane = lane(true, 1024, 1, 1000);
    processor.cost[AGGRESSOR] = 1000;
    deliverAggressor(lane, BATCH);
    assertThat(processor.logged).isEqualTo(BATCH);
  }

  @Test
  void shouldServeTheVictimAfterTheAggressorsBacklogWhenFifo() {
    final TenantLane lane = lane(false, 1024, 4, 8);
    processor.cost[VICTIM] = 500;
    processor.cost[AGGRESSOR] = 1000;
    for (int i = 0; i < 400; i++) {
      deliverAggressor(lane, BATCH);
    }
    final int before = processor.logged;
    deliver(lane, new int[] {AGGRESSOR, VICTIM}, new long[] {-1, 777});
    drain(lane);

    final int position = processor.positionOf(VICTIM, 777);
    assertThat(position - before)
        .as("FIFO serves the aggressor's whole queue (1016 left by the last slice, + 1) first")
        .isGreaterThanOrEqualTo(1017);
    assertThat(ledger.tenant(VICTIM).latency().getMaxValue()).isGreaterThanOrEqualTo(1000 * 1000);
  }

  @Test
  void shouldDropOverflowAgainstTheFloodingTenantOnlyWhenItsQueueIsFull() {
    final TenantLane lane = lane(true, 8, 4, 1);
    final int[] tenants = new int[22];
    final long[] sequences = new long[22];
    for (int i = 0; i < 22; i++) {
      tenants[i] = i == 5 || i == 17 ? VICTIM : AGGRESSOR;
      sequences[i] = i;
    }
    deliver(lane, tenants, sequences);
    drain(lane);

    assertThat(counter(AGGRESSOR, CounterKind.DROP_QUEUE_FULL)).isEqualTo(20 - 8);
    assertThat(lane.queueFullDrops()).isEqualTo(12);
    assertThat(counter(VICTIM, CounterKind.DROP_QUEUE_FULL)).isZero();
    assertThat(processor.positionOf(VICTIM, 5)).isNotNegative();
    assertThat(processor.positionOf(VICTIM, 17)).isNotNegative();
    // The batch was overwritten after its end: what came out of the queues was the staged copy.
    for (long seq = 0; seq < 9; seq++) {
      if (seq != 5) {
        assertThat(processor.positionOf(AGGRESSOR, seq))
            .as("aggressor frame %d", seq)
            .isNotNegative();
      }
    }
    assertThat(processor.logged).isEqualTo(10);
    assertThat(counter(AGGRESSOR, CounterKind.RX_PACKETS)).isEqualTo(8);
    assertThat(counter(AGGRESSOR, CounterKind.QUEUE_DEPTH)).isZero();
  }

  @Test
  void shouldStageWhatIsLeftWhenTheProcessorThrowsMidSlice() {
    final TenantLane lane = lane(true, 64, 1, 8);
    processor.throwOnSequence = 0;
    final int[] tenants = {AGGRESSOR, AGGRESSOR, AGGRESSOR, VICTIM, AGGRESSOR, AGGRESSOR};
    final long[] sequences = {0, 1, 2, 3, 4, 5};
    for (int i = 0; i < tenants.length; i++) {
      ScriptedProcessor.write(batch, i, tenants[i], sequences[i]);
      lane.onFrame(batch.addressOffset() + (long) i * FRAME, FRAME, 0, MarkSlots.NO_SLOT, 0, 0);
    }
    assertThatThrownBy(lane::onEndOfBatch).hasMessageContaining("scripted failure");
    batch.setMemory(0, batch.capacity(), (byte) 0x7F);
    drain(lane);

    assertThat(processor.logged).isEqualTo(6);
    for (long seq = 1; seq < 6; seq++) {
      assertThat(processor.positionOf(seq == 3 ? VICTIM : AGGRESSOR, seq))
          .as("frame %d, read from its staged copy", seq)
          .isPositive();
    }
  }

  @Test
  void shouldProcessAFrameAsMarkedOnlyWhenItsMarkNamedItsTenantEvenAfterStaging() {
    final TenantLane lane = lane(false, 64, 2, 2);
    // the processor classifies by byte 0: a MARK naming another tenant does not name this one
    final int[] marks = {VICTIM, MarkSlots.NO_SLOT, AGGRESSOR, VICTIM, MarkSlots.NO_SLOT, VICTIM};
    for (int i = 0; i < marks.length; i++) {
      ScriptedProcessor.write(batch, i, VICTIM, i);
      lane.onFrame(batch.addressOffset() + (long) i * FRAME, FRAME, 0, marks[i], 0, 0);
    }
    lane.onEndOfBatch();
    assertThat(processor.logged).as("one slice of 2, the rest staged").isEqualTo(2);
    batch.setMemory(0, batch.capacity(), (byte) 0x7F);
    drain(lane);

    assertThat(processor.logged).isEqualTo(marks.length);
    for (int seq = 0; seq < marks.length; seq++) {
      final int at = processor.positionOf(VICTIM, seq);
      assertThat(processor.loggedMarked[at])
          .as("frame %d marked", seq)
          .isEqualTo(marks[seq] == VICTIM);
    }
  }

  @Test
  void shouldChargeSlowPathWorkToTheTenantTheProcessorNames() {
    final TenantLane lane = lane(true, 8, 4, 8);
    drain(lane); // a duty cycle: the scheduler applies its queued tenant additions
    processor.slowPathCost = 5000;
    final UnsafeBuffer message = new UnsafeBuffer(new byte[4]);
    message.putInt(0, AGGRESSOR);
    lane.onSlowPathMessage(ScriptedProcessor.SLOW_PATH_MESSAGE, message, 0, 4);
    lane.onSlowPathMessage(3, message, 0, 4);

    assertThat(counter(AGGRESSOR, CounterKind.SLOW_PATH_CYCLES)).isEqualTo(5000);
    assertThat(lane.scheduler().chargedCycles(AGGRESSOR)).isEqualTo(5000);
    assertThat(counter(VICTIM, CounterKind.SLOW_PATH_CYCLES)).isZero();
    assertThat(lane.scheduler().chargedCycles(VICTIM)).isZero();
  }

  @Test
  void shouldChargeEachTenantsTimersToItOneTenantPerDutyCycleWhenTheTimerIntervalPasses() {
    final TenantLane lane = lane(true, 8, 4, 8);
    // the first duty cycles run the first timer pass (nothing fires) and apply tenant additions
    drain(lane);
    drain(lane);
    processor.timerCost[AGGRESSOR] = 3000;
    processor.timerCost[VICTIM] = 200;
    final int flushes = processor.flushes;
    lane.doWork();
    assertThat(counter(AGGRESSOR, CounterKind.SLOW_PATH_CYCLES))
        .as("the interval has not passed yet")
        .isZero();

    processor.now += TIMER_INTERVAL;
    assertThat(lane.doWork()).as("one tenant's timers in this duty cycle").isEqualTo(1);
    assertThat(counter(VICTIM, CounterKind.SLOW_PATH_CYCLES) == 0)
        .as("only one of the two tenants has run its timers")
        .isNotEqualTo(counter(AGGRESSOR, CounterKind.SLOW_PATH_CYCLES) == 0);
    assertThat(lane.doWork()).as("the other tenant's timers in the next one").isEqualTo(1);
    assertThat(lane.doWork()).as("the pass is over until the next interval").isZero();

    assertThat(counter(AGGRESSOR, CounterKind.SLOW_PATH_CYCLES)).isEqualTo(3000);
    assertThat(counter(VICTIM, CounterKind.SLOW_PATH_CYCLES)).isEqualTo(200);
    assertThat(lane.scheduler().chargedCycles(AGGRESSOR)).isEqualTo(3000);
    assertThat(lane.scheduler().chargedCycles(VICTIM)).isEqualTo(200);
    assertThat(processor.flushes - flushes)
        .as("one flush per tenant whose timers fired")
        .isEqualTo(2);
  }

  @Test
  void shouldProcessFramesOfNoTenantAtOnceUnchargedWhenUnclassified() {
    final TenantLane lane = lane(true, 8, 4, 8);
    processor.cost[VICTIM] = 100;
    deliver(lane, new int[] {3, VICTIM}, new long[] {1, 2});

    assertThat(lane.unclassifiedFrames()).isEqualTo(1);
    assertThat(processor.positionOf(3, 1)).isZero();
    assertThat(processor.logged).isEqualTo(2);
    assertThat(lane.scheduler().chargedCycles(VICTIM)).isEqualTo(100);
    assertThat(lane.scheduler().chargedCycles(AGGRESSOR)).isZero();
  }

  @Test
  void shouldProcessEveryFrameThroughRealLanesWhenSlicesLeaveABacklog() {
    final TenantLane tenantLane = lane(true, 4096, 2, 4);
    processor.cost[VICTIM] = 10;
    processor.cost[AGGRESSOR] = 30;
    final int frames = 3000;
    try (MemoryPort.Pair wire = MemoryPort.pair("gen", "lanes", 4096, 256);
        FrameBatch out = new FrameBatch(32, 256);
        Lanes lanes =
            Lanes.launch(
                new LanesContext()
                    .threadingMode(ThreadingMode.SHARED)
                    .laneCount(1)
                    .useAgentInvoker(true)
                    .source(FrameSource.of(wire.b()))
                    .flowKeyExtractor(SyntheticFrames.EXTRACTOR)
                    .handlerFactory((index, slowPath) -> tenantLane))) {
      final UnsafeBuffer frame = new UnsafeBuffer(new byte[FRAME]);
      int sent = 0;
      while (sent < frames) {
        out.clear();
        while (!out.isFull() && sent < frames) {
          // Low byte of the synthetic flow id = our tenant byte; 1 in 3 frames is the victim's.
          SyntheticFrames.write(frame, 0, sent % 3 == 0 ? VICTIM : AGGRESSOR, sent, FRAME);
          out.add(frame, 0, FRAME);
          sent++;
        }
        assertThat(wire.a().transmit(out)).isEqualTo(out.size());
      }
      for (int i = 0; i < 100_000 && processor.logged < frames; i++) {
        lanes.invoke();
      }
    }
    assertThat(processor.logged).isEqualTo(frames);
    assertThat(counter(VICTIM, CounterKind.RX_PACKETS)).isEqualTo(frames / 3);
    assertThat(counter(AGGRESSOR, CounterKind.RX_PACKETS)).isEqualTo(frames - frames / 3);
    assertThat(counter(AGGRESSOR, CounterKind.RX_CYCLES)).isEqualTo(30L * (frames - frames / 3));
    assertThat(counter(VICTIM, CounterKind.RX_CYCLES)).isEqualTo(10L * (frames / 3));
  }

  @Test
  void shouldLeaveABackloggedTenantsFramesInItsReceiveQueueWhenItsQueueIsGated() {
    final int aggressorFrames = 2000;
    final int victimFrames = 40; // all fit in the victim's lane queue of 64
    final long[] withGate = runGatedFlood(16, aggressorFrames, victimFrames);
    assertThat(withGate[0]).as("every frame processed").isEqualTo(aggressorFrames + victimFrames);
    assertThat(withGate[1]).as("no frame dropped by the lane").isZero();
    assertThat(withGate[2])
        .as("each poll only tops the lane queue up to the mark")
        .isLessThanOrEqualTo(16);
    assertThat(withGate[3]).as("polls skipped while backlogged").isPositive();
  }

  @Test
  void shouldOverflowTheLaneQueueWhenTheSameFloodIsNotGated() {
    // The contrast to the gated test: the scenario does overflow a lane queue of 64.
    final long[] withoutGate = runGatedFlood(0, 2000, 40);
    assertThat(withoutGate[1]).as("drops without the gate").isPositive();
  }

  /** {processed, DROP_QUEUE_FULL of the aggressor, its deepest lane queue, gated polls}. */
  long[] runGatedFlood(final int highWater, final int aggressorFrames, final int victimFrames) {
    final TenantLane tenantLane = lane(true, 64, 2, 4);
    processor.cost[VICTIM] = 10;
    processor.cost[AGGRESSOR] = 30;
    long deepest = 0;
    try (MemoryPort.Pair aggressorQueue = MemoryPort.pair("gen-a", "lanes-a", 4096, 256);
        MemoryPort.Pair victimQueue = MemoryPort.pair("gen-v", "lanes-v", 256, 256);
        FrameBatch out = new FrameBatch(32, 256)) {
      final FrameSource aggressorSource = FrameSource.of(aggressorQueue.b());
      final BacklogGatedSource gated =
          highWater > 0
              ? new BacklogGatedSource(aggressorSource, ledger.tenant(AGGRESSOR), highWater)
              : null;
      try (Lanes lanes =
          Lanes.launch(
              new LanesContext()
                  .threadingMode(ThreadingMode.SHARED)
                  .laneCount(1)
                  .useAgentInvoker(true)
                  .source(gated != null ? gated : aggressorSource)
                  .source(FrameSource.of(victimQueue.b()))
                  .flowKeyExtractor(SyntheticFrames.EXTRACTOR)
                  .handlerFactory((index, slowPath) -> tenantLane))) {
        send(aggressorQueue.a(), out, AGGRESSOR, aggressorFrames);
        send(victimQueue.a(), out, VICTIM, victimFrames);
        for (int i = 0; i < 100_000 && processor.logged < aggressorFrames + victimFrames; i++) {
          lanes.invoke();
          deepest = Math.max(deepest, counter(AGGRESSOR, CounterKind.QUEUE_DEPTH));
        }
      }
      return new long[] {
        processor.logged,
        counter(AGGRESSOR, CounterKind.DROP_QUEUE_FULL),
        deepest,
        gated != null ? gated.gatedPolls() : 0
      };
    }
  }

  static void send(
      final MemoryPort port, final FrameBatch out, final int tenant, final int frames) {
    final UnsafeBuffer frame = new UnsafeBuffer(new byte[FRAME]);
    int sent = 0;
    while (sent < frames) {
      out.clear();
      while (!out.isFull() && sent < frames) {
        SyntheticFrames.write(frame, 0, tenant, sent, FRAME);
        out.add(frame, 0, FRAME);
        sent++;
      }
      assertThat(port.transmit(out)).isEqualTo(out.size());
    }
  }

  @Test
  void shouldSkipABackloggedTenantsTopUpOnlyWhileAnotherQueueHasFramesWaitingWhenYielding() {
    lane(true, 8, 1, 1);
    final int[] polls = new int[1];
    final int[] room = new int[1];
    final FrameSource aggressorQueue =
        batch -> {
          polls[0]++;
          room[0] = batch.remaining();
          return 0;
        };
    final boolean[] victimWaiting = {true};
    final BacklogGatedSource gated =
        new BacklogGatedSource(aggressorQueue, ledger.tenant(AGGRESSOR), 16)
            .yieldTo(() -> victimWaiting[0]);
    try (FrameBatch batch = new FrameBatch(32, 64)) {
      ledger.tenant(AGGRESSOR).queueDepth(5);
      gated.poll(batch);
      assertThat(polls[0]).as("frames still queued in the lane: the victim's go first").isZero();
      assertThat(gated.yieldedPolls()).isEqualTo(1);

      victimWaiting[0] = false;
      batch.clear();
      gated.poll(batch);
      assertThat(polls[0]).as("nobody else waiting: topped up").isEqualTo(1);
      assertThat(room[0]).as("up to the mark").isEqualTo(16 - 5);

      victimWaiting[0] = true;
      ledger.tenant(AGGRESSOR).queueDepth(0);
      batch.clear();
      gated.poll(batch);
      assertThat(polls[0]).as("nothing queued in the lane: never starved").isEqualTo(2);
      assertThat(gated.yieldedPolls()).isEqualTo(1);
      assertThat(gated.gatedPolls()).isZero();
    }
  }

  @Test
  void shouldRefuseAGateWithoutAMarkWhenCreated() {
    lane(true, 8, 1, 1);
    assertThatThrownBy(() -> new BacklogGatedSource(batch -> 0, ledger.tenant(AGGRESSOR), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("highWater");
  }
}
