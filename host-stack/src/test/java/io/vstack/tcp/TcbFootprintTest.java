package io.vstack.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Memory per connection, measured rather than estimated: the JVM's per-thread allocation counter
 * around the creation of many TCBs. Everything a TCB owns on the heap is counted (its fields, RTT
 * estimator, congestion controller, SACK scoreboard, reassembly table, the wrapper objects of its
 * two off-heap rings); only the ring bytes themselves (off-heap, sized by configuration) are not.
 */
class TcbFootprintTest {
  private static final int COUNT = 20_000;

  @Test
  void shouldStayWithinOneKibibytePerConnectionWhenBuffersAreExcluded() {
    final AllocationMeter meter = new AllocationMeter();
    // Smallest rings, so the off-heap part is negligible; defaults for everything else.
    final TcpConfig config =
        new TcpConfig().sendBufferSize(64).receiveBufferSize(64).secret(1, 1).conclude();
    final Tcb[] keep = new Tcb[COUNT];
    keep[0] = new Tcb(0, config); // class loading and first-use costs stay out of the sample
    meter.start();
    for (int i = 0; i < COUNT; i++) {
      keep[i] = new Tcb(i, config);
    }
    final long perTcb = meter.allocated() / COUNT;
    System.out.printf("heap bytes per TCB (rings excluded): %d%n", perTcb);
    assertThat(keep[COUNT - 1].state).isEqualTo(TcpState.CLOSED);
    assertThat(perTcb).as("bytes per connection").isLessThanOrEqualTo(1024);
  }
}
