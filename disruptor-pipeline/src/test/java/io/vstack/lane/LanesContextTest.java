package io.vstack.lane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vstack.affinity.CpuSet;
import io.vstack.affinity.ThreadAffinity;
import io.vstack.loadgen.SyntheticFrames;
import io.vstack.loadgen.SyntheticSink;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class LanesContextTest {
  private static LanesContext valid() {
    return new LanesContext()
        .source(batch -> 0)
        .flowKeyExtractor(SyntheticFrames.EXTRACTOR)
        .handlerFactory(new SyntheticSink(1, false, 0));
  }

  private static void assertRejected(
      final UnaryOperator<LanesContext> change, final String property, final String text) {
    assertThatThrownBy(() -> change.apply(valid()).conclude())
        .isInstanceOfSatisfying(
            LanesConfigurationException.class, e -> assertThat(e.property()).isEqualTo(property))
        .hasMessageStartingWith(property + " ")
        .hasMessageContaining(text);
  }

  @Test
  void shouldConcludeWhenEverythingIsSet() {
    final LanesContext context = valid().laneCount(3).conclude();
    assertThat(context.initialActiveLanes()).isEqualTo(3);
    assertThat(context.laneCpus()).isEqualTo(ThreadAffinity.currentThreadCpus());
    assertThat(context.dispatcherCpus()).isNull();
  }

  @Test
  void shouldNameTheMarkSlotsWhenTheMappingIsNull() {
    assertRejected(c -> c.markSlots(null), "vstack.lanes.markSlots", "MarkSlots.NONE");
  }

  @Test
  void shouldReadNoMarksWhenNoMappingIsSet() {
    assertThat(valid().conclude().markSlots()).isSameAs(MarkSlots.NONE);
  }

  @Test
  void shouldNameTheRingSizeWhenItIsNotAPowerOfTwo() {
    assertRejected(c -> c.ringSize(1000), "vstack.lanes.ringSize", "power of two");
  }

  @Test
  void shouldNameTheLaneCountWhenItIsZero() {
    assertRejected(c -> c.laneCount(0), "vstack.lanes.count", "was 0");
  }

  @Test
  void shouldNameTheCoresWhenOneIsNotUsable() {
    assertRejected(c -> c.cores("1000"), "vstack.lanes.cores", "may not use: 1000");
  }

  @Test
  void shouldNameTheCoresWhenTheListIsMalformed() {
    assertRejected(c -> c.cores("0-x"), "vstack.lanes.cores", "not a CPU list");
  }

  @Test
  void shouldNameTheDispatcherCoresWhenOneIsNotUsable() {
    assertRejected(c -> c.dispatcherCores("1000"), "vstack.lanes.dispatcherCores", "may not use");
  }

  @Test
  void shouldNameInitialActiveLanesWhenAboveTheLaneCount() {
    assertRejected(
        c -> c.laneCount(2).initialActiveLanes(3), "vstack.lanes.initialActive", "was 3");
  }

  @Test
  void shouldNameTheTableSizeWhenSmallerThanTheLaneCount() {
    assertRejected(
        c -> c.laneCount(8).indirectionTableSize(4), "vstack.lanes.indirectionTableSize", "was 4");
  }

  @Test
  void shouldNameTheBusyThresholdsWhenTheyLeaveNoDeadBand() {
    assertRejected(c -> c.busyThresholds(0.5, 0.4), "vstack.lanes.busyLow", "was 0.5");
  }

  @Test
  void shouldNameTheMissingSourceWhenThereIsNone() {
    assertThatThrownBy(
            () ->
                new LanesContext()
                    .flowKeyExtractor(SyntheticFrames.EXTRACTOR)
                    .handlerFactory(new SyntheticSink(1, false, 0))
                    .conclude())
        .isInstanceOf(LanesConfigurationException.class)
        .hasMessage("vstack.lanes.sources needs at least one FrameSource: call source(...)");
  }

  @Test
  void shouldTakeDefaultsFromSystemPropertiesWhenSet() {
    System.setProperty(LanesConfiguration.RING_SIZE_PROP, "64");
    try {
      assertThat(new LanesContext().ringSize()).isEqualTo(64);
    } finally {
      System.clearProperty(LanesConfiguration.RING_SIZE_PROP);
    }
    assertThat(new LanesContext().ringSize()).isEqualTo(LanesConfiguration.RING_SIZE_DEFAULT);
  }

  @Test
  void shouldResolveTheGivenCoresWhenAllowed() {
    final int first = ThreadAffinity.currentThreadCpus().toArray()[0];
    assertThat(valid().cores(Integer.toString(first)).conclude().laneCpus())
        .isEqualTo(CpuSet.of(first));
  }
}
