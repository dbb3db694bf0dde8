package io.vstack.rss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vstack.dpdk.EthDev;
import io.vstack.dpdk.LaneVdevs;
import io.vstack.lane.FrameSource;
import io.vstack.lane.Lanes;
import io.vstack.lane.LanesContext;
import io.vstack.lane.ThreadingMode;
import io.vstack.loadgen.SyntheticSink;
import io.vstack.port.MemoryPort;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.agrona.concurrent.errors.ErrorLogReader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The NIC redirection table follows the software table: the mapping alone, then on DPDK's net_null
 * (a PMD with a 128-entry reta that {@code rte_eth_dev_rss_reta_query} reads back) through running
 * lanes that park and wake a lane, and on net_ring (no reta) where the refusal is surfaced and the
 * software table moves anyway. All ports are vdevs of an EAL without hugepages or PCI.
 */
class DpdkRetaProgrammerTest {
  private static EthDev nullPort;
  private static EthDev ringPort;

  @BeforeAll
  static void startEal() {
    nullPort = LaneVdevs.nullPort();
    ringPort = LaneVdevs.ringPort();
  }

  @Test
  void shouldRepeatTheSoftwareTableOverALargerNicTableWhenMappingLanesToQueues() {
    assertThat(DpdkRetaProgrammer.nicTable(new int[] {0, 1, 1, 0}, new int[] {3, 5}, 8))
        .containsExactly(3, 5, 5, 3, 3, 5, 5, 3);
    assertThat(DpdkRetaProgrammer.nicTable(new int[] {2, 0}, new int[] {7, 8, 9}, 2))
        .containsExactly(9, 7);
    assertThatThrownBy(() -> DpdkRetaProgrammer.nicTable(new int[4], new int[] {0}, 6))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a multiple of 4");
  }

  @Test
  void shouldRefuseAPortThatCannotFollowTheTableWithWhatToChange() {
    assertThatThrownBy(() -> new DpdkRetaProgrammer(ringPort, new int[] {0}, 128))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "DPDK port net_ring0 (net_ring) has no RSS redirection table: use software RSS"
                + " (RetaProgrammer.SOFTWARE)");
    assertThatThrownBy(() -> new DpdkRetaProgrammer(nullPort, new int[] {0, 1}, 256))
        .hasMessageEndingWith("set vstack.lanes.indirectionTableSize to 128");
    assertThatThrownBy(() -> new DpdkRetaProgrammer(nullPort, new int[] {0, 2}, 128))
        .hasMessage("lane 1 is given rx queue 2 but DPDK port net_null0 has 2 rx queues");
  }

  @Test
  void shouldSteerNoNicBucketToAParkedLanesQueueAndShareThemAgainWhenItWakes() {
    final DpdkRetaProgrammer reta = new DpdkRetaProgrammer(nullPort, new int[] {1, 0}, 128);
    try (Lanes lanes = Lanes.launch(context(reta))) {
      runUntil(lanes, () -> reta.programmed() != null);
      assertThat(nullPort.retaQuery(128)).containsExactly(expected(lanes.indirectionTable(), 1, 0));
      assertThat(count(nullPort.retaQuery(128), 1)).isEqualTo(64);

      assertThat(lanes.requestPark(1)).isTrue();
      runUntil(lanes, () -> lanes.activeLanes() == 1);
      assertThat(lanes.indirectionTable()).containsOnly(0);
      assertThat(nullPort.retaQuery(128)).as("lane 0's queue everywhere").containsOnly(1);

      assertThat(lanes.requestWake(1)).isTrue();
      runUntil(lanes, () -> count(lanes.indirectionTable(), 1) == 64);
      lanes.invoke();
      assertThat(nullPort.retaQuery(128)).containsExactly(expected(lanes.indirectionTable(), 1, 0));
      assertThat(lanes.counter("reta updates failed")).isZero();
    }
  }

  @Test
  void shouldCountAndLogTheNicsRefusalAndStillMoveTheSoftwareTable() {
    final List<int[]> asked = new ArrayList<>();
    final RetaProgrammer refused =
        laneOfEntry -> {
          asked.add(laneOfEntry);
          ringPort.retaUpdate(new int[laneOfEntry.length]);
        };
    try (Lanes lanes = Lanes.launch(context(refused))) {
      lanes.invoke();
      assertThat(lanes.requestPark(1)).isTrue();
      runUntil(lanes, () -> lanes.activeLanes() == 1);
      assertThat(lanes.indirectionTable()).containsOnly(0);
      assertThat(asked).hasSizeGreaterThanOrEqualTo(2);
      assertThat(asked.get(asked.size() - 1)).containsOnly(0);
      assertThat(lanes.counter("reta updates failed")).isEqualTo(asked.size());
      final StringBuilder log = new StringBuilder();
      ErrorLogReader.read(lanes.errorLog(), (count, first, last, text) -> log.append(text));
      assertThat(log)
          .contains("rte_eth_dev_rss_reta_update failed: Operation not supported (errno 95)");
    }
  }

  private static LanesContext context(final RetaProgrammer reta) {
    return new LanesContext()
        .threadingMode(ThreadingMode.SHARED)
        .useAgentInvoker(true)
        .laneCount(2)
        .indirectionTableSize(128)
        .source(FrameSource.of(MemoryPort.pair("a", "b", 64, 128).b()))
        .flowKeyExtractor((frame, length, key) -> false)
        .handlerFactory(new SyntheticSink(1, false, 0))
        .retaProgrammer(reta);
  }

  private static void runUntil(final Lanes lanes, final BooleanSupplier done) {
    for (int i = 0; i < 100_000 && !done.getAsBoolean(); i++) {
      lanes.invoke();
    }
    assertThat(done.getAsBoolean()).as("condition within 100000 duty cycles").isTrue();
  }

  private static int[] expected(final int[] laneOfEntry, final int... queueOfLane) {
    return Arrays.stream(laneOfEntry).map(lane -> queueOfLane[lane]).toArray();
  }

  private static int count(final int[] values, final int value) {
    return (int) Arrays.stream(values).filter(v -> v == value).count();
  }
}
