package io.vstack.lane;

import java.time.Duration;

/**
 * A process for {@link LanesShutdownTest}: runs lanes with {@link Lanes#closeOnShutdown()}, puts
 * frames in flight behind a slow handler, prints {@code ready} and waits for SIGTERM. A second hook
 * prints what the close achieved once it finished.
 */
public final class ShutdownProbe {
  private ShutdownProbe() {}

  public static void main(final String[] args) throws Exception {
    final ThreadingMode mode = ThreadingMode.valueOf(args[0]);
    final LaneHarness harness =
        new LaneHarness(
            3, 50, false, 1_000_000, c -> c.threadingMode(mode).laneCount(2).ringSize(256));
    harness.lanes.closeOnShutdown();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  final long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                  while (!harness.lanes.isClosed() && System.nanoTime() - deadline < 0) {
                    Thread.onSpinWait();
                  }
                  final long taken = harness.traffic.sent() - harness.wire.b().pending();
                  System.out.printf(
                      "closed=%b taken=%d handled=%d undrained=%d sequenceErrors=%d%n",
                      harness.lanes.isClosed(),
                      taken,
                      harness.sink.received(),
                      harness.lanes.undrainedOnClose(),
                      harness.sink.sequenceErrors());
                  System.out.flush();
                }));
    harness.send(3000, Duration.ofSeconds(30));
    harness.await(() -> harness.sink.received() > 0, Duration.ofSeconds(30), "first frames");
    System.out.println("ready");
    System.out.flush();
    Thread.sleep(120_000);
  }
}
