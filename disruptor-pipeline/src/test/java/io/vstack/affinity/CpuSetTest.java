package io.vstack.affinity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.Arena;
import org.junit.jupiter.api.Test;

class CpuSetTest {
  @Test
  void shouldParseAndPrintLinuxCpuListsWhenRangesAndSinglesMix() {
    final CpuSet set = CpuSet.parse("0-3,8,10-11");
    assertThat(set.toArray()).containsExactly(0, 1, 2, 3, 8, 10, 11);
    assertThat(set).hasToString("0-3,8,10-11");
    assertThat(CpuSet.of(5, 1, 2)).hasToString("1-2,5");
    assertThat(CpuSet.parse("")).matches(CpuSet::isEmpty);
  }

  @Test
  void shouldRejectMalformedListsWhenParsing() {
    assertThatThrownBy(() -> CpuSet.parse("3-1")).hasMessageContaining("backwards");
    assertThatThrownBy(() -> CpuSet.parse("a")).hasMessageContaining("'a'");
    assertThatThrownBy(() -> CpuSet.parse("1024")).hasMessageContaining("outside");
  }

  @Test
  void shouldRoundTripThroughACpuSetMaskWhenConverted() {
    try (Arena arena = Arena.ofConfined()) {
      final CpuSet set = CpuSet.of(0, 7, 8, 63, 1023);
      assertThat(CpuSet.fromMask(set.toMask(arena))).isEqualTo(set);
    }
  }

  @Test
  void shouldPinTheCallingThreadWhenAskedAndShowItInProc() throws Exception {
    final CpuSet original = ThreadAffinity.currentThreadCpus();
    final CpuSet last = CpuSet.of(original.toArray()[original.size() - 1]);
    final Thread thread =
        new Thread(
            () -> {
              ThreadAffinity.pinCurrentThread(last);
              assertThat(ThreadAffinity.currentThreadCpus()).isEqualTo(last);
              assertThat(ThreadAffinity.allowedCpus(ThreadAffinity.currentThreadId()))
                  .isEqualTo(last);
            });
    final Throwable[] failure = new Throwable[1];
    thread.setUncaughtExceptionHandler((t, e) -> failure[0] = e);
    thread.start();
    thread.join();
    assertThat(failure[0]).isNull();
    assertThat(ThreadAffinity.currentThreadCpus()).isEqualTo(original);
  }

  @Test
  void shouldExplainWhenPinningToNoUsableCpu() {
    assertThatThrownBy(() -> ThreadAffinity.pinCurrentThread(CpuSet.of(1023)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cannot pin thread")
        .hasMessageContaining("Invalid argument");
  }
}
