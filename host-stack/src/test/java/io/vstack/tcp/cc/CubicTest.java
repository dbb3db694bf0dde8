package io.vstack.tcp.cc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** CUBIC against the formulas of RFC 9438 section 4. */
class CubicTest {
  private static final int MSS = 1000;
  private static final long RTT = 100_000_000L;

  @Test
  void shouldMatchRfcFormulaValuesWhenEvaluatedDirectly() {
    final double k = Cubic.k(100, 70);
    assertThat(k).isCloseTo(Math.cbrt(75), within(1e-12)).isCloseTo(4.2172, within(1e-4));
    assertThat(Cubic.window(0, 100, k)).as("W(0) = beta * W_max").isCloseTo(70, within(1e-9));
    assertThat(Cubic.window(k, 100, k)).as("plateau at W_max").isCloseTo(100, within(1e-9));
    assertThat(Cubic.window(2 * k, 100, k))
        .as("symmetric convex part")
        .isCloseTo(130, within(1e-9));
    assertThat(Cubic.window(1, 100, k)).isCloseTo(0.4 * Math.pow(1 - k, 3) + 100, within(1e-9));
  }

  @Test
  void shouldFollowCubicCurveAfterLossWhenAcksArriveEveryRoundTrip() {
    final Cubic cubic = new Cubic();
    cubic.reset(MSS, 0);
    while (cubic.cwnd() < 100 * MSS) {
      cubic.onAck(MSS, cubic.cwnd(), RTT, 0);
    }
    cubic.onFastRecovery(100 * MSS, 0);
    assertThat(cubic.cwnd()).isEqualTo(70 * MSS);
    assertThat(cubic.wMax()).isEqualTo(100);
    long now = 0;
    for (int round = 0; round < 80; round++) {
      final double t = now / 1e9;
      final double curve = Cubic.window(t, 100, Cubic.k(100, 70));
      if (round > 0 && t < 5.0) {
        // Until W_est (Reno-friendly, +0.53 MSS per RTT) catches up, the cubic curve rules.
        assertThat(cubic.cwnd() / (double) MSS)
            .as("cwnd at t=%.1f s", t)
            .isCloseTo(curve, within(2.5));
      } else if (round > 0) {
        // Section 4.3: afterwards cwnd = max(W_cubic, W_est), never below the curve.
        assertThat(cubic.cwnd() / (double) MSS)
            .as("cwnd at t=%.1f s", t)
            .isGreaterThan(curve - 2.5);
      }
      final long segments = cubic.cwnd() / MSS;
      for (int i = 0; i < segments; i++) {
        cubic.onAck(MSS, cubic.cwnd(), RTT, now + i * RTT / segments);
      }
      now += RTT;
    }
    assertThat(cubic.kSeconds()).isCloseTo(Math.cbrt(75), within(1e-9));
  }

  @Test
  void shouldLowerWmaxWhenLossRecursBelowPreviousMaximum() {
    final Cubic cubic = new Cubic();
    cubic.reset(MSS, 0);
    while (cubic.cwnd() < 100 * MSS) {
      cubic.onAck(MSS, cubic.cwnd(), RTT, 0);
    }
    cubic.onFastRecovery(100 * MSS, 0);
    cubic.onFastRecovery(70 * MSS, 0);
    assertThat(cubic.wMax())
        .as("fast convergence: 70 * (1 + 0.7) / 2")
        .isCloseTo(59.5, within(1e-9));
    assertThat(cubic.cwnd()).isEqualTo(49 * MSS);
  }

  @Test
  void shouldDropToOneSegmentAndCutSsthreshByBetaWhenTimerExpires() {
    final Cubic cubic = new Cubic();
    cubic.reset(MSS, 0);
    cubic.onRetransmitTimeout(10 * MSS, 0);
    assertThat(cubic.cwnd()).isEqualTo(MSS);
    assertThat(cubic.ssthresh()).isEqualTo(7 * MSS);
  }
}
