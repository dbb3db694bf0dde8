package io.vstack.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * The request/response bookkeeping shared by vstack and the Linux peer: warm-up round trips are not
 * counted, and the peer's result line parses back to the same figures.
 */
class RoundTripRecorderTest {
  @Test
  void shouldCountOnlyRoundTripsStartedAfterTheWarmUpWhenRecording() {
    final long start = System.nanoTime();
    final RoundTripRecorder recorder = new RoundTripRecorder(0, 60_000_000_000L);
    recorder.record(start - 1_000_000, start); // started before the interval: ignored
    final long t0 = System.nanoTime();
    recorder.record(t0, t0 + 1_000);
    recorder.record(t0, t0 + 3_000);
    final RpcResult result = recorder.result();
    assertThat(result.transactions()).isEqualTo(2);
    assertThat(result.meanNanos()).isEqualTo(2_000.0);
    assertThat(result.p50Nanos()).isBetween(999L, 1_001L);
    assertThat(result.p99Nanos()).isBetween(2_998L, 3_002L);
    assertThat(result.seconds()).isEqualTo(60.0);
    assertThat(recorder.running(t0)).isTrue();
  }

  @Test
  void shouldRefuseAResultWhenNothingWasMeasured() {
    final RoundTripRecorder recorder = new RoundTripRecorder(3_600_000_000_000L, 1_000_000_000L);
    final long t0 = System.nanoTime();
    recorder.record(t0, t0 + 1_000);
    assertThatThrownBy(recorder::result)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no request/response");
  }

  @Test
  void shouldParseThePeersLineBackToTheSameResult() {
    final RpcResult result = new RpcResult(12_345, 5.0, 8_250.5, 5_390, 6_540);
    assertThat(RpcResult.parse(result.line() + "\n")).isEqualTo(result);
    assertThat(RpcResult.parse(result.line()).transactionsPerSecond()).isEqualTo(2_469.0);
  }

  @Test
  void shouldNameTheOutputWhenThePeersLineIsNotAResult() {
    assertThatThrownBy(() -> RpcResult.parse("Exception in thread main"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Exception in thread main");
  }
}
