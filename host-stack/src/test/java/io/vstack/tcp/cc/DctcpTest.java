package io.vstack.tcp.cc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 8257: alpha tracks the marked fraction; the window is cut by alpha / 2. */
class DctcpTest {
  private static final int MSS = 1000;
  private static final int WINDOW = 40 * MSS;

  @ParameterizedTest(name = "F = {0}")
  @ValueSource(doubles = {0.0, 0.25, 0.5, 1.0})
  void shouldConvergeAlphaToMarkedFractionAndCutWindowByHalfAlpha(final double fraction) {
    final Dctcp dctcp = new Dctcp();
    dctcp.reset(MSS, 0);
    final int markEvery = fraction == 0 ? Integer.MAX_VALUE : (int) Math.round(1 / fraction);
    int una = 0;
    long ack = 0;
    for (int window = 0; window < 200; window++) {
      for (int i = 0; i < WINDOW / MSS; i++) {
        una += MSS;
        final boolean ece = ack++ % markEvery == 0;
        dctcp.onAckEcn(MSS, ece, una, una + WINDOW);
      }
    }
    assertThat(dctcp.alpha()).as("alpha after 200 windows").isCloseTo(fraction, within(0.01));
    final long before = dctcp.cwnd();
    dctcp.onEcnEcho(WINDOW, 0);
    final double expected = before * (1 - dctcp.alpha() / 2);
    assertThat((double) dctcp.cwnd()).isCloseTo(expected, within(1.0));
    assertThat((double) dctcp.cwnd() / before).isCloseTo(1 - fraction / 2, within(0.01));
  }
}
