package io.vstack.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Conformance of the per-connection timer with an injected clock: a deadline fires on the first
 * poll whose time is at or after it, never earlier and never one poll later.
 */
class ConnectionTimersTest {
  private static final long START = 1_000_000_000L;
  private static final long TICK = 1L << 20;

  private final Tcb tcb = new Tcb(0, new TcpConfig());
  private final List<Long> fired = new ArrayList<>();
  private final ConnectionTimers timers =
      new ConnectionTimers(new Tcb[] {tcb}, (t, now) -> fired.add(now), START);

  private void arm(final long deadline) {
    tcb.rtoDeadline = deadline;
    timers.rearm(tcb);
  }

  @Test
  void shouldFireOnFirstPollAtDeadlineWhenDeadlineIsInTheTickThePollMovesInto() {
    final long deadline = START + TICK + TICK / 2;
    arm(deadline);
    timers.poll(START + TICK / 2);
    assertThat(fired).isEmpty();
    timers.poll(deadline);
    assertThat(fired)
        .as("due in the tick this poll moved the wheel into")
        .containsExactly(deadline);
  }

  @Test
  void shouldFireOnFirstPollAfterDeadlineWhenThePollCatchesUpSeveralTicks() {
    final long deadline = START + 7 * TICK + 3;
    arm(deadline);
    timers.poll(deadline + 1);
    assertThat(fired).containsExactly(deadline + 1);
  }

  @Test
  void shouldFireExactlyOnFirstPollAtOrAfterDeadlineWhenPollTimesAreRandom() {
    final long seed = System.nanoTime();
    final SplittableRandom random = new SplittableRandom(seed);
    long now = START;
    for (int round = 0; round < 2_000; round++) {
      final long deadline = now + 1 + random.nextLong(40 * TICK);
      arm(deadline);
      fired.clear();
      while (now < deadline + 1) {
        now += 1 + random.nextLong(random.nextBoolean() ? TICK / 3 : 3 * TICK);
        timers.poll(now);
        if (now < deadline) {
          assertThat(fired).as("seed %d round %d: early", seed, round).isEmpty();
        } else {
          assertThat(fired)
              .as(
                  "seed %d round %d: deadline %d, first poll at/after it %d",
                  seed, round, deadline, now)
              .containsExactly(now);
          break;
        }
      }
      tcb.rtoDeadline = Tcb.NONE;
    }
  }
}
