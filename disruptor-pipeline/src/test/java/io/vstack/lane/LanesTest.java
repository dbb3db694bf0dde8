package io.vstack.lane;

import static org.assertj.core.api.Assertions.assertThat;

import io.vstack.affinity.CpuSet;
import io.vstack.affinity.ThreadAffinity;
import io.vstack.loadgen.SyntheticSink;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.agrona.concurrent.errors.ErrorLogReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LanesTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  static Stream<Arguments> modesAndLanes() {
    final List<Arguments> cases = new ArrayList<>();
    for (final ThreadingMode mode : ThreadingMode.values()) {
      for (final int lanes : new int[] {1, 2, 4}) {
        cases.add(Arguments.of(mode, lanes));
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} with {1} lanes")
  @MethodSource("modesAndLanes")
  void shouldDeliverEveryFrameInOrderWhenFlowsSpreadOverLanes(
      final ThreadingMode mode, final int laneCount) {
    final long seed = ThreadLocalRandom.current().nextLong();
    final int flows = 1000;
    try (LaneHarness harness =
        new LaneHarness(seed, flows, false, 0, c -> c.threadingMode(mode).laneCount(laneCount))) {
      harness.send(20 * flows, TIMEOUT);
      harness.awaitDelivered(TIMEOUT);
      harness.assertIntact(false);
      for (int flow = 0; flow < flows; flow++) {
        assertThat(Long.bitCount(harness.sink.lanesOf(flow)))
            .as("seed %d: lanes that saw flow %d", seed, flow)
            .isEqualTo(1);
      }
      for (int lane = 0; lane < laneCount; lane++) {
        assertThat(harness.lanes.lane(lane).framesHandled())
            .as("seed %d: frames of lane %d", seed, lane)
            .isPositive();
      }
      assertThat(harness.lanes.distinctErrors()).isZero();
    }
  }

  @Test
  void shouldPinEachDedicatedLaneToItsCoreWhenCoresAreGiven() throws Exception {
    final int[] cpus = ThreadAffinity.currentThreadCpus().toArray();
    final String cores = CpuSet.of(cpus).toString();
    try (LaneHarness harness =
        new LaneHarness(
            1,
            16,
            false,
            0,
            c ->
                c.threadingMode(ThreadingMode.DEDICATED)
                    .laneCount(4)
                    .cores(cores)
                    .dispatcherCores(Integer.toString(cpus[cpus.length - 1])))) {
      harness.await(
          () -> {
            for (int i = 0; i < 4; i++) {
              if (harness.lanes.lane(i).threadId() < 0) {
                return false;
              }
            }
            return true;
          },
          TIMEOUT,
          "start of 4 lane threads");
      // pinning happens in onStart right after the thread id is published: give it a moment
      harness.send(1000, TIMEOUT);
      harness.awaitDelivered(TIMEOUT);
      for (int i = 0; i < 4; i++) {
        final int tid = harness.lanes.lane(i).threadId();
        final Path task = Path.of("/proc/self/task/" + tid);
        assertThat(Files.readString(task.resolve("comm")).strip()).isEqualTo("vstack-lane-" + i);
        assertThat(ThreadAffinity.allowedCpus(tid))
            .as("Cpus_allowed_list of lane %d (tid %d)", i, tid)
            .isEqualTo(CpuSet.of(cpus[i % cpus.length]));
      }
      // the dispatcher, found the way an operator would: by name among /proc/self/task/*
      int dispatchers = 0;
      try (var tasks = Files.list(Path.of("/proc/self/task"))) {
        for (final Path task : tasks.toList()) {
          if (Files.readString(task.resolve("comm")).strip().equals("vstack-dispatch")) {
            dispatchers++;
            assertThat(ThreadAffinity.allowedCpus(Integer.parseInt(task.getFileName().toString())))
                .isEqualTo(CpuSet.of(cpus[cpus.length - 1]));
          }
        }
      }
      assertThat(dispatchers).as("threads named vstack-dispatch(er)").isEqualTo(1);
    }
  }

  @ParameterizedTest
  @MethodSource("threadingModes")
  void shouldRecordHandlerErrorsAndKeepRunningWhenTheHandlerThrows(final ThreadingMode mode) {
    final int flows = 100;
    final SyntheticSink sink = new SyntheticSink(flows, false, 0);
    final AtomicLong thrown = new AtomicLong();
    final LaneHandlerFactory failing =
        (lane, slowPath) -> {
          return new ForwardingHandler(sink.newHandler(lane, slowPath)) {
            private long seen;

            @Override
            public void onFrame(
                final long address,
                final int length,
                final int tenant,
                final int markedSlot,
                final int flowHash,
                final int source) {
              super.onFrame(address, length, tenant, markedSlot, flowHash, source);
              if (++seen % 10 == 3) {
                thrown.incrementAndGet();
                throw new IllegalStateException("synthetic handler failure");
              }
            }
          };
        };
    try (LaneHarness harness =
        new LaneHarness(7, flows, false, sink, failing, c -> c.threadingMode(mode).laneCount(2))) {
      harness.send(5000, TIMEOUT);
      harness.awaitDelivered(TIMEOUT);
      harness.send(5000, TIMEOUT);
      harness.awaitDelivered(TIMEOUT);
      harness.assertIntact(false);
      final long errors =
          harness.lanes.lane(0).handlerErrors() + harness.lanes.lane(1).handlerErrors();
      assertThat(thrown.get()).isGreaterThanOrEqualTo(900);
      assertThat(errors).isEqualTo(thrown.get());
      final List<Long> observations = new ArrayList<>();
      final List<String> texts = new ArrayList<>();
      final int distinct =
          ErrorLogReader.read(
              harness.lanes.errorLog(),
              (count, first, last, text) -> {
                observations.add((long) count);
                texts.add(text);
              });
      assertThat(distinct).isEqualTo(1);
      assertThat(texts.get(0)).contains("synthetic handler failure");
      assertThat(observations.get(0)).isEqualTo(thrown.get());
    }
  }

  static Stream<ThreadingMode> threadingModes() {
    return Stream.of(ThreadingMode.values());
  }

  @ParameterizedTest
  @MethodSource("threadingModes")
  void shouldHandleEveryTakenFrameWhenClosedWithFramesInFlight(final ThreadingMode mode) {
    final int flows = 50;
    final LaneHarness harness =
        new LaneHarness(11, flows, false, 20_000, c -> c.threadingMode(mode).laneCount(2));
    try {
      harness.send(3000, TIMEOUT);
      harness.await(() -> harness.sink.received() > 0, TIMEOUT, "first frames");
    } finally {
      harness.lanes.close();
    }
    final long taken = harness.traffic.sent() - harness.wire.b().pending();
    assertThat(harness.lanes.undrainedOnClose()).isZero();
    assertThat(harness.sink.received()).isEqualTo(taken);
    assertThat(taken).as("close must stop before everything was taken").isLessThan(3000);
    assertThat(harness.sink.sequenceErrors()).isZero();
    harness.close();
  }

  @ParameterizedTest
  @MethodSource("threadingModes")
  void shouldKeepEveryFlowIntactWhenEntriesMoveBetweenLanesUnderLoad(final ThreadingMode mode) {
    final long seed = ThreadLocalRandom.current().nextLong();
    final int flows = 500;
    try (LaneHarness harness =
        new LaneHarness(seed, flows, true, 0, c -> c.threadingMode(mode).laneCount(4))) {
      for (int round = 0; round < 12; round++) {
        final int lane = 1 + round % 3;
        if (round / 3 % 2 == 0) {
          assertThat(harness.lanes.requestPark(lane)).isTrue();
        } else {
          assertThat(harness.lanes.requestWake(lane)).isTrue();
        }
        harness.send(2000, TIMEOUT);
      }
      harness.awaitDelivered(TIMEOUT);
      harness.assertIntact(true);
      assertThat(harness.lanes.counter("entries moved")).as("seed %d", seed).isPositive();
      int moved = 0;
      for (int flow = 0; flow < flows; flow++) {
        if (Long.bitCount(harness.sink.lanesOf(flow)) > 1) {
          moved++;
        }
      }
      assertThat(moved).as("seed %d: flows that changed lanes", seed).isPositive();
    }
  }

  @ParameterizedTest
  @MethodSource("threadingModes")
  void shouldAccountForEverySlowPathMessageWhenLanesHandOffAndGetReplies(final ThreadingMode mode) {
    final int flows = 100;
    final SyntheticSink sink = new SyntheticSink(flows, false, 0);
    final AtomicLong replies = new AtomicLong();
    final LaneHandlerFactory handing =
        (lane, slowPath) -> {
          final org.agrona.concurrent.UnsafeBuffer frame =
              new org.agrona.concurrent.UnsafeBuffer(0, 0);
          return new ForwardingHandler(sink.newHandler(lane, slowPath)) {
            @Override
            public void onFrame(
                final long address,
                final int length,
                final int tenant,
                final int markedSlot,
                final int flowHash,
                final int source) {
              super.onFrame(address, length, tenant, markedSlot, flowHash, source);
              frame.wrap(address, length);
              slowPath.offer(1, frame, 0, 12);
            }

            @Override
            public void onSlowPathMessage(
                final int type,
                final org.agrona.DirectBuffer buffer,
                final int offset,
                final int length) {
              assertThat(type).isEqualTo(2);
              replies.incrementAndGet();
            }
          };
        };
    try (LaneHarness harness =
        new LaneHarness(
            13,
            flows,
            false,
            sink,
            handing,
            c ->
                c.threadingMode(mode)
                    .laneCount(2)
                    .slowPathHandler(
                        (lane, type, buffer, offset, length, back) ->
                            back.offer(lane, 2, buffer, offset, length)))) {
      harness.send(5000, TIMEOUT);
      harness.awaitDelivered(TIMEOUT);
      final Lanes lanes = harness.lanes;
      final long sent =
          lanes.counter("lane 0 slow-path sent") + lanes.counter("lane 1 slow-path sent");
      final long dropped =
          lanes.counter("lane 0 slow-path dropped") + lanes.counter("lane 1 slow-path dropped");
      assertThat(sent + dropped).isEqualTo(5000);
      assertThat(sent).isPositive();
      harness.await(
          () ->
              lanes.counter("slow-path messages") == sent
                  && replies.get() + lanes.counter("slow-path replies dropped") == sent,
          TIMEOUT,
          "slow-path round trips");
      harness.assertIntact(false);
    }
  }

  @Test
  void shouldDeliverOnTheCallersThreadWhenDrivenByAnAgentInvoker() {
    try (LaneHarness harness =
        new LaneHarness(
            17,
            100,
            true,
            0,
            c -> c.threadingMode(ThreadingMode.SHARED).laneCount(3).useAgentInvoker(true))) {
      harness.send(500, TIMEOUT);
      assertThat(harness.sink.received()).as("nothing runs until invoked").isZero();
      for (int i = 0; i < 1000 && harness.sink.received() < 500; i++) {
        harness.lanes.invoke();
      }
      assertThat(harness.lanes.lane(0).threadId()).isEqualTo(ThreadAffinity.currentThreadId());
      harness.assertIntact(true);
    }
  }
}
