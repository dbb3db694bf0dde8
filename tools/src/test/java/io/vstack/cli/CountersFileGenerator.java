package io.vstack.cli;

import io.vstack.ledger.CounterKind;
import io.vstack.ledger.Ledger;
import io.vstack.ledger.TenantLedger;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.agrona.concurrent.SystemEpochClock;

/**
 * A stand-in for a running stack, started as a separate process by the CLI tests: writes a counters
 * file with the known traffic below, prints {@code ready}, then keeps charging tenant 9's tx cycles
 * (so {@code top} has a rate to sort by) until its stdin closes.
 */
public final class CountersFileGenerator {
  static final int ALPHA = 5;
  static final int BETA = 9;
  static final long CYCLES_PER_SECOND = 2_600_000_000L;
  static final long BETA_TX_CYCLES_PER_TICK = 26_000_000L;

  private CountersFileGenerator() {}

  /** Writes the known numbers; both the generator and the test's expectations come from here. */
  static void writeKnownTraffic(final TenantLedger alpha, final TenantLedger beta) {
    for (int i = 0; i < 1_000; i++) {
      alpha.onRx(64);
    }
    for (int i = 0; i < 500; i++) {
      alpha.onTx(1_500);
    }
    alpha.addCycles(CounterKind.RX_CYCLES, 123_456_789);
    alpha.addCycles(CounterKind.TX_CYCLES, 987_654);
    alpha.addCycles(CounterKind.SLOW_PATH_CYCLES, 4_242);
    for (int i = 0; i < 7; i++) {
      alpha.onDrop(CounterKind.DROP_MALFORMED);
    }
    for (int i = 0; i < 3; i++) {
      alpha.onDrop(CounterKind.DROP_NO_FLOW);
    }
    alpha.queueDepth(12);
    alpha.connections(4);
    for (int i = 0; i < 1_000; i++) {
      alpha.recordLatency(10_000);
    }
    for (int i = 0; i < 10; i++) {
      alpha.recordLatency(5_000_000);
    }
    beta.onRx(1_500);
    beta.addCycles(CounterKind.RX_CYCLES, 1_000);
  }

  public static void main(final String[] args) throws Exception {
    final AtomicBoolean stdinOpen = new AtomicBoolean(true);
    try (Ledger ledger =
        new Ledger(
            Path.of(args[0]), 4, CYCLES_PER_SECOND, 42, "generator", SystemEpochClock.INSTANCE)) {
      final TenantLedger alpha = ledger.addTenant(ALPHA, "alpha");
      final TenantLedger beta = ledger.addTenant(BETA, "beta gamma");
      writeKnownTraffic(alpha, beta);
      ledger.publish();
      final Thread watcher =
          new Thread(
              () -> {
                try {
                  while (System.in.read() >= 0) {
                    // Drain until the test closes our stdin.
                  }
                } catch (final java.io.IOException e) {
                  // Closed.
                }
                stdinOpen.set(false);
              });
      watcher.setDaemon(true);
      watcher.start();
      System.out.println("ready");
      System.out.flush();
      final long deadline = System.nanoTime() + 120_000_000_000L;
      while (stdinOpen.get() && System.nanoTime() - deadline < 0) {
        beta.addCycles(CounterKind.TX_CYCLES, BETA_TX_CYCLES_PER_TICK);
        ledger.publish();
        Thread.sleep(10);
      }
    }
  }
}
