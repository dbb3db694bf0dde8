package io.vstack.tcp;

import static io.vstack.tcp.Simulation.MS;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The established data/ACK path must not allocate: measured with the JVM's per-thread allocation
 * counter over a bulk transfer of more than 100 000 segments between two engines (the simulated
 * link is allocation-free by design, so everything counted is the engines').
 */
class HotPathAllocationTest {
  private static final long SEED = Long.getLong("vstack.seed", 42L);

  @Test
  void shouldAllocateLessThanOneBytePerSegmentWhenTransferringInEstablishedState() {
    final AllocationMeter meter = new AllocationMeter();
    final Simulation sim =
        new Simulation(
            Simulation.config(), Simulation.config(), SimulatedLink.Impairments.clean(), SEED);
    final int[] ids = sim.connect(10_000 * MS);
    // Warm-up: JIT, first-use growth of the timer wheel and hash maps.
    transfer(sim, ids, new Simulation.Stream(16L << 20));
    final long segmentsBefore = sim.a.counters().segmentsSent + sim.b.counters().segmentsSent;
    meter.start();
    final Simulation.Stream stream = new Simulation.Stream(80L << 20);
    transfer(sim, ids, stream);
    final long allocated = meter.allocated();
    final long segments =
        sim.a.counters().segmentsSent + sim.b.counters().segmentsSent - segmentsBefore;
    System.out.printf(
        "allocated %d bytes over %d segments = %.4f B/segment%n",
        allocated, segments, (double) allocated / segments);
    assertThat(stream.received).isEqualTo(80L << 20);
    assertThat(segments).isGreaterThan(100_000);
    assertThat((double) allocated / segments).as("bytes allocated per segment").isLessThan(1.0);
  }

  private static void transfer(final Simulation sim, final int[] ids, final Simulation.Stream s) {
    while (s.received < s.total && sim.now < 3_600_000 * MS) {
      sim.pump(sim.a, ids[0], s, false);
      sim.step();
      sim.drain(sim.b, ids[1], s);
    }
  }
}
