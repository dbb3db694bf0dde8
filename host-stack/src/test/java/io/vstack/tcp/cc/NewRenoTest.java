package io.vstack.tcp.cc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NewRenoTest {
  private final NewReno reno = new NewReno();

  @BeforeEach
  void start() {
    reno.reset(1000, 0);
  }

  @Test
  void shouldStartWithTenSegmentsWhenMssIsSmall() {
    assertThat(reno.cwnd()).as("RFC 6928 initial window").isEqualTo(10_000);
  }

  @Test
  void shouldDoubleWindowPerRoundTripWhenInSlowStart() {
    for (int i = 0; i < 10; i++) {
      reno.onAck(1000, 10_000, 0, 0);
    }
    assertThat(reno.cwnd()).isEqualTo(20_000);
    reno.onAck(5000, 20_000, 0, 0);
    assertThat(reno.cwnd()).as("byte counting capped at 2 MSS per ACK").isEqualTo(22_000);
  }

  @Test
  void shouldHalveOnLossAndThenGrowOneMssPerWindow() {
    reno.onFastRecovery(20_000, 0);
    assertThat(reno.ssthresh()).isEqualTo(10_000);
    assertThat(reno.cwnd()).isEqualTo(10_000);
    for (int i = 0; i < 9; i++) {
      reno.onAck(1000, 10_000, 0, 0);
    }
    assertThat(reno.cwnd()).isEqualTo(10_000);
    reno.onAck(1000, 10_000, 0, 0);
    assertThat(reno.cwnd()).as("one MSS after a full window of ACKs").isEqualTo(11_000);
  }

  @Test
  void shouldFallToOneSegmentWhenRetransmissionTimerExpires() {
    reno.onRetransmitTimeout(30_000, 0);
    assertThat(reno.cwnd()).isEqualTo(1000);
    assertThat(reno.ssthresh()).isEqualTo(15_000);
    reno.onRetransmitTimeout(1000, 0);
    assertThat(reno.ssthresh()).as("never below 2 MSS").isEqualTo(2000);
  }

  @Test
  void shouldHalveOnEcnEchoLikeOnLoss() {
    reno.onEcnEcho(16_000, 0);
    assertThat(reno.cwnd()).isEqualTo(8000);
  }
}
