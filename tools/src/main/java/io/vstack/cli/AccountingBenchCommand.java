package io.vstack.cli;

import io.vstack.bench.AccountingBench;
import io.vstack.ledger.CountersFileLayout;
import io.vstack.ledger.Ledger;
import io.vstack.meter.CycleMeter;
import java.io.PrintWriter;
import java.nio.file.Path;
import org.agrona.concurrent.SystemEpochClock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vstack bench accounting}: accuracy of the cycle meter and the scheduler's shares on
 * synthetic tenants (see {@link AccountingBench}), writing a counters file that {@code vstack
 * stats}/{@code top} can read meanwhile. Exit 1 when a result is outside its tolerance.
 */
@Command(
    name = "accounting",
    mixinStandardHelpOptions = true,
    description = {
      "Synthetic tenants of known cost: charged vs true cycle shares, 1:2:4 weights vs FIFO,",
      "a capped tenant per 1 s window. Writes the counters file for vstack stats/top."
    })
public final class AccountingBenchCommand implements Runnable {
  /** Charged shares must be within this relative error of the truth / the weights. */
  static final double TOLERANCE = 0.05;

  /** The capped tenant's cap as a fraction of one core: low enough to bind on a loaded machine. */
  static final double CAP_FRACTION = 0.05;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--counters-file",
      paramLabel = "PATH",
      description = "Counters file to write (default ${DEFAULT-VALUE}).")
  Path countersFile = CountersFileLayout.DEFAULT_PATH;

  @Option(
      names = "--seconds",
      defaultValue = "3",
      description = "Length of each phase in seconds (1..600, default ${DEFAULT-VALUE}).")
  int seconds;

  /** Which clock the meter reads. */
  enum Clock {
    wall,
    thread_cpu
  }

  @Option(
      names = "--clock",
      defaultValue = "wall",
      description =
          "wall: System.nanoTime (production; preempted time is charged to whoever runs), "
              + "thread_cpu: the thread's CPU time (preemption charged to nobody; for loaded machines). "
              + "Default ${DEFAULT-VALUE}.")
  Clock clock;

  @Option(names = "--seed", defaultValue = "7", description = "Seed of the packet mix.")
  long seed;

  @Override
  public void run() {
    OptionRange.require("--seconds", seconds, 1, 600);
    final PrintWriter out = spec.commandLine().getOut();
    final CycleMeter meter = clock == Clock.wall ? CycleMeter.system() : CycleMeter.threadCpu();
    final long overhead = meter.measureOverhead(200_000);
    final Ledger ledger;
    try {
      ledger =
          new Ledger(
              countersFile,
              16,
              meter.calibration().cyclesPerSecond(),
              overhead,
              meter.calibration().source(),
              SystemEpochClock.INSTANCE);
    } catch (final IllegalStateException e) {
      throw new UserException(
          "cannot write "
              + countersFile
              + " ("
              + e.getMessage()
              + "); pass another --counters-file");
    }
    try (ledger) {
      out.printf(
          "vstack bench accounting: meter %s, %.1f MHz; meter overhead %d cycles (%d ns) per reading pair; counters file %s (pid %d)%n",
          clock == Clock.wall ? "System.nanoTime" : "thread CPU time",
          meter.calibration().cyclesPerSecond() / 1e6,
          overhead,
          meter.toNanos(overhead),
          countersFile,
          ProcessHandle.current().pid());
      out.flush();
      final AccountingBench bench = new AccountingBench(meter, ledger, seed);
      boolean ok = true;
      ok &= print(out, bench.accuracy(seconds), true);
      ok &= print(out, bench.scheduled(seconds, false), false);
      ok &= print(out, bench.scheduled(seconds, true), false);
      ok &= printCap(out, bench.cap(Math.max(2, seconds), CAP_FRACTION));
      out.printf("(busy-work checksum %x)%n", bench.checksum());
      out.flush();
      if (!ok) {
        throw new UserException(
            "a result is outside its tolerance of "
                + (int) (TOLERANCE * 100)
                + " % (see FAIL above)");
      }
    }
  }

  private static boolean within(final double actual, final double expected) {
    return Math.abs(actual - expected) <= TOLERANCE * expected;
  }

  private static boolean print(
      final PrintWriter out, final AccountingBench.Result r, final boolean accuracy) {
    out.printf("%n%s%n", r.phase());
    out.println(
        accuracy
            ? "| tenant | charged share | true share | charged / true |"
            : "| tenant | expected share | charged share | true share | true / expected |");
    out.println(accuracy ? "| --- | --- | --- | --- |" : "| --- | --- | --- | --- | --- |");
    boolean ok = true;
    for (int i = 0; i < r.names().length; i++) {
      final double charged = r.chargedShare(i);
      final double truth = r.trueShare(i);
      if (accuracy) {
        final boolean pass = within(charged, truth);
        ok &= pass;
        out.printf(
            "| %s | %.4f | %.4f | %.3f %s |%n",
            r.names()[i], charged, truth, charged / truth, pass ? "" : "FAIL");
      } else {
        final double expected = r.expected()[i];
        final boolean pass = within(charged, expected) && within(truth, expected);
        ok &= pass;
        out.printf(
            "| %s | %.4f | %.4f | %.4f | %.3f %s |%n",
            r.names()[i], expected, charged, truth, truth / expected, pass ? "" : "FAIL");
      }
    }
    double chargedTotal = 0;
    double trueTotal = 0;
    for (int i = 0; i < r.names().length; i++) {
      chargedTotal += r.charged()[i];
      trueTotal += r.truth()[i];
    }
    out.printf("total charged / true cycles: %.3f%n", chargedTotal / trueTotal);
    out.flush();
    return ok;
  }

  private static boolean printCap(final PrintWriter out, final AccountingBench.CapResult r) {
    out.printf(
        "%ncap (tenant capped at %d cycles/s, weight 8 vs two weight-1 tenants)%n",
        r.capCyclesPerSecond());
    out.println("| 1 s window | charged cycles | / cap |");
    out.println("| --- | --- | --- |");
    boolean ok = true;
    for (int w = 0; w < r.windowCycles().length; w++) {
      final double ratio = (double) r.windowCycles()[w] / r.capCyclesPerSecond();
      final boolean pass = ratio <= 1 + TOLERANCE;
      ok &= pass;
      out.printf("| %d | %d | %.3f %s |%n", w + 1, r.windowCycles()[w], ratio, pass ? "" : "FAIL");
    }
    out.flush();
    return ok;
  }
}
