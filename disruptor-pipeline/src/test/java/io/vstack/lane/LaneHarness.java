package io.vstack.lane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.vstack.loadgen.SyntheticFrames;
import io.vstack.loadgen.SyntheticSink;
import io.vstack.loadgen.SyntheticTraffic;
import io.vstack.port.FrameBatch;
import io.vstack.port.MemoryPort;
import io.vstack.port.Port;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Synthetic traffic through a {@link MemoryPort} into running lanes: the test thread generates on
 * one end of the wire, the lanes' dispatcher receives on the other. Sending waits for room on the
 * wire instead of letting it drop, so any loss is the lanes' fault.
 */
final class LaneHarness implements AutoCloseable {
  static final int SLOTS = 4096;
  static final int FRAME = 64;

  final long seed;
  final int flows;
  final MemoryPort.Pair wire = MemoryPort.pair("gen", "lanes", SLOTS, 256);
  final SyntheticTraffic traffic;
  final SyntheticSink sink;
  final Lanes lanes;
  private final FrameBatch out = new FrameBatch(32, 256);

  LaneHarness(
      final long seed,
      final int flows,
      final boolean digest,
      final long workNanosPerFrame,
      final UnaryOperator<LanesContext> settings) {
    this(seed, flows, digest, new SyntheticSink(flows, digest, workNanosPerFrame), settings);
  }

  LaneHarness(
      final long seed,
      final int flows,
      final boolean digest,
      final SyntheticSink sink,
      final UnaryOperator<LanesContext> settings) {
    this(seed, flows, digest, sink, sink, settings);
  }

  LaneHarness(
      final long seed,
      final int flows,
      final boolean digest,
      final SyntheticSink sink,
      final LaneHandlerFactory handlers,
      final UnaryOperator<LanesContext> settings) {
    this(seed, flows, digest, sink, handlers, FrameSource::of, settings);
  }

  /**
   * @param sourceOf the lanes' source made of the receiving end of the wire (e.g. with NIC MARKs)
   */
  LaneHarness(
      final long seed,
      final int flows,
      final boolean digest,
      final SyntheticSink sink,
      final LaneHandlerFactory handlers,
      final Function<Port, FrameSource> sourceOf,
      final UnaryOperator<LanesContext> settings) {
    this.seed = seed;
    this.flows = flows;
    this.traffic = new SyntheticTraffic(flows, FRAME, seed, digest);
    this.sink = sink;
    this.lanes =
        Lanes.launch(
            settings.apply(
                new LanesContext()
                    .hashSeed(seed)
                    .source(sourceOf.apply(wire.b()))
                    .flowKeyExtractor(SyntheticFrames.EXTRACTOR)
                    .handlerFactory(handlers)));
  }

  /**
   * Sends {@code frames} more frames, waiting for room on the wire; fails after {@code timeout}.
   */
  void send(final long frames, final Duration timeout) {
    final long target = traffic.sent() + frames;
    final long deadline = System.nanoTime() + timeout.toNanos();
    while (traffic.sent() < target) {
      if (wire.b().pending() <= SLOTS - out.capacity()) {
        out.clear();
        traffic.fill(out, (int) Math.min(out.capacity(), target - traffic.sent()));
        assertThat(wire.a().transmit(out)).isEqualTo(out.size());
      } else {
        Thread.yield();
      }
      if (System.nanoTime() - deadline > 0) {
        fail("seed %d: sent only %d of %d frames in %s", seed, traffic.sent(), target, timeout);
      }
    }
  }

  /** Sends frames in bursts until {@code done} holds; fails after {@code timeout}. */
  void sendUntil(final BooleanSupplier done, final Duration timeout, final String what) {
    final long deadline = System.nanoTime() + timeout.toNanos();
    while (!done.getAsBoolean()) {
      send(256, timeout);
      if (System.nanoTime() - deadline > 0) {
        fail("seed %d: %s did not happen within %s", seed, what, timeout);
      }
    }
  }

  /** Waits until the sink has every frame sent so far. */
  void awaitDelivered(final Duration timeout) {
    await(() -> sink.received() >= traffic.sent(), timeout, "delivery of " + traffic.sent());
  }

  void await(final BooleanSupplier condition, final Duration timeout, final String what) {
    final long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        fail(
            "seed %d: %s did not happen within %s (sent %d, received %d)",
            seed, what, timeout, traffic.sent(), sink.received());
      }
      try {
        Thread.sleep(2);
      } catch (final InterruptedException e) {
        Thread.currentThread().interrupt();
        fail("interrupted");
      }
    }
  }

  /** Every flow complete and in order, nothing malformed, nothing dropped on the wire. */
  void assertIntact(final boolean digest) {
    assertThat(sink.sequenceErrors()).as("seed %d: sequence errors", seed).isZero();
    assertThat(sink.malformed()).as("seed %d: malformed", seed).isZero();
    assertThat(sink.received()).as("seed %d: received", seed).isEqualTo(traffic.sent());
    assertThat(wire.a().counters().txDropped()).as("wire drops").isZero();
    for (int flow = 0; flow < flows; flow++) {
      assertThat(sink.received(flow))
          .as("seed %d: frames of flow %d", seed, flow)
          .isEqualTo(traffic.sent(flow));
      if (digest) {
        assertThat(sink.digest(flow))
            .as("seed %d: SHA-256 of flow %d", seed, flow)
            .isEqualTo(traffic.digest(flow));
      }
    }
  }

  @Override
  public void close() {
    try {
      lanes.close();
    } finally {
      out.close();
      wire.close();
    }
  }
}
