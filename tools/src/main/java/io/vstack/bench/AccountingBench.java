package io.vstack.bench;

import io.vstack.ledger.CounterKind;
import io.vstack.ledger.Ledger;
import io.vstack.ledger.TenantLedger;
import io.vstack.meter.CycleMeter;
import io.vstack.scheduler.DeficitScheduler;
import io.vstack.scheduler.FifoScheduler;
import io.vstack.scheduler.TenantScheduler;
import io.vstack.scheduler.WorkSource;
import java.util.Arrays;
import java.util.Random;

/**
 * Wall-clock experiments behind {@code vstack bench accounting}, on synthetic tenants whose packets
 * cost known amounts of {@link BusyWork}:
 *
 * <ul>
 *   <li><b>accuracy</b>: a seeded random mix of three tenants' packets is processed in batches of
 *       32, grouped by tenant, each group metered and charged (as the fused handler will). The
 *       truth is each tenant's packet count times its per-packet cost, measured alone (one clock
 *       reading per thousands of packets, so the meter's overhead does not enter it) before and
 *       after the mixed run. Charged and true shares are compared.
 *   <li><b>weights</b> / <b>fifo</b>: three always-backlogged tenants at weights 1:2:4 with unequal
 *       item costs, served by the {@link DeficitScheduler} on the real meter, then by the {@link
 *       FifoScheduler} baseline; charged and true (items x cost) shares.
 *   <li><b>cap</b>: one tenant capped at a fraction of a core, its use per 1 s window.
 * </ul>
 *
 * Every phase charges a {@link Ledger}, so {@code vstack stats}/{@code top} can watch the run.
 */
public final class AccountingBench {
  /** Per-phase results: per tenant charged cycles, true cycles, expected share. */
  public record Result(
      String phase, String[] names, long[] charged, double[] truth, double[] expected) {
    public double chargedShare(final int i) {
      return (double) charged[i] / Arrays.stream(charged).sum();
    }

    public double trueShare(final int i) {
      return truth[i] / Arrays.stream(truth).sum();
    }
  }

  /** Per-window use of a capped tenant. */
  public record CapResult(long capCyclesPerSecond, long[] windowCycles) {}

  private static final int BATCH = 32;
  private static final int CALIBRATION_ROUNDS = 2_000;
  private static final long PUBLISH_EVERY_NANOS = 100_000_000L;

  private final CycleMeter meter;
  private final Ledger ledger;
  private final BusyWork work = new BusyWork();
  private final long seed;
  private long lastPublish;
  private int nextTenantId = 1;

  public AccountingBench(final CycleMeter meter, final Ledger ledger, final long seed) {
    this.meter = meter;
    this.ledger = ledger;
    this.seed = seed;
  }

  /** The busy-work result (print it so the work cannot be optimised away). */
  public long checksum() {
    return work.state();
  }

  private void maybePublish() {
    final long now = System.nanoTime();
    if (now - lastPublish >= PUBLISH_EVERY_NANOS) {
      ledger.publish();
      lastPublish = now;
    }
  }

  private TenantLedger[] tenants(final String phase, final String... names) {
    final TenantLedger[] tenants = new TenantLedger[names.length];
    for (int i = 0; i < names.length; i++) {
      tenants[i] = ledger.addTenant(nextTenantId++, phase + "-" + names[i]);
    }
    return tenants;
  }

  /** The metered unit of work: {@code n} packets of {@code iterations} each. */
  private void runItems(final long iterations, final int n) {
    for (int p = 0; p < n; p++) {
      work.run(iterations);
    }
  }

  /**
   * The truth: nanoseconds per item of each {@code iterations}, the median of {@value
   * #CALIBRATION_ROUNDS} short (~100 µs) samples per tenant, interleaved across tenants. Short
   * samples and the median keep the time slices this thread loses to other processes out of the
   * truth (they do land in the charged cycles, in proportion to each tenant's time, see
   * docs/BENCHMARKS.md); interleaving makes drift hit every tenant alike.
   */
  private double[] costPerItem(final long[] iterations) {
    final double[][] samples = new double[iterations.length][CALIBRATION_ROUNDS];
    for (int round = 0; round < CALIBRATION_ROUNDS; round++) {
      for (int t = 0; t < iterations.length; t++) {
        final int n = (int) Math.max(1, 20_000 / iterations[t]);
        final long start = System.nanoTime();
        runItems(iterations[t], n);
        samples[t][round] = (double) (System.nanoTime() - start) / n;
      }
    }
    final double[] cost = new double[iterations.length];
    for (int t = 0; t < cost.length; t++) {
      Arrays.sort(samples[t]);
      cost[t] = samples[t][CALIBRATION_ROUNDS / 2];
    }
    return cost;
  }

  /** The accuracy phase: see the class comment. */
  public Result accuracy(final double seconds) {
    final String[] names = {"small", "medium", "large"};
    final long[] iterations = {150, 600, 2_400};
    final int[] bytes = {64, 512, 1_500};
    final double[] mix = {0.5, 0.3, 0.2};
    final TenantLedger[] tenants = tenants("accuracy", names);
    final Random random = new Random(seed);
    final int[] mixed = new int[1 << 16];
    for (int i = 0; i < mixed.length; i++) {
      final double u = random.nextDouble();
      mixed[i] = u < mix[0] ? 0 : u < mix[0] + mix[1] ? 1 : 2;
    }
    // Warm up the JIT on the code that is measured, then take the truth before and after.
    runMixed(mixed, iterations, bytes, tenants, 0.5, new long[3]);
    costPerItem(iterations);
    final double[] costBefore = costPerItem(iterations);
    final long[] chargedBefore = new long[3];
    for (int t = 0; t < 3; t++) {
      chargedBefore[t] = tenants[t].counter(CounterKind.RX_CYCLES).get();
    }
    final long[] packets = new long[3];
    runMixed(mixed, iterations, bytes, tenants, seconds, packets);
    final long[] charged = new long[3];
    for (int t = 0; t < 3; t++) {
      charged[t] = tenants[t].counter(CounterKind.RX_CYCLES).get() - chargedBefore[t];
    }
    final double[] costAfter = costPerItem(iterations);
    final double[] truth = new double[3];
    final double[] cost = new double[3];
    for (int t = 0; t < 3; t++) {
      cost[t] = (costBefore[t] + costAfter[t]) / 2;
      truth[t] = packets[t] * cost[t] * meter.calibration().cyclesPerNano();
    }
    ledger.publish();
    return new Result("accuracy", names, charged, truth, null);
  }

  private void runMixed(
      final int[] sequence,
      final long[] iterations,
      final int[] bytes,
      final TenantLedger[] tenants,
      final double seconds,
      final long[] packets) {
    final int[] groupSize = new int[3];
    final long end = meter.cycles() + (long) (seconds * meter.calibration().cyclesPerSecond());
    int position = 0;
    while (meter.cycles() - end < 0) {
      Arrays.fill(groupSize, 0);
      for (int i = 0; i < BATCH; i++) {
        groupSize[sequence[position]]++;
        position = (position + 1) & (sequence.length - 1);
      }
      for (int t = 0; t < 3; t++) {
        final int n = groupSize[t];
        if (n == 0) {
          continue;
        }
        final long start = meter.start();
        runItems(iterations[t], n);
        final long cycles = meter.charge(tenants[t].counter(CounterKind.RX_CYCLES), start);
        for (int p = 0; p < n; p++) {
          tenants[t].onRx(bytes[t]);
        }
        tenants[t].recordLatency(meter.toNanos(cycles));
        packets[t] += n;
      }
      maybePublish();
    }
  }

  /** Always-backlogged tenants; FIFO order = round robin by item (equal arrival rates). */
  private static final class Backlog implements WorkSource {
    final long[] served = new long[64];

    @Override
    public boolean hasWork(final int tenantId) {
      return true;
    }

    @Override
    public long headArrival(final int tenantId) {
      return served[tenantId];
    }
  }

  /** The weights (fifo = false) or fifo (fifo = true) phase: see the class comment. */
  public Result scheduled(final double seconds, final boolean fifo) {
    final String phase = fifo ? "fifo" : "weights";
    final String[] names = {"w1", "w2", "w4"};
    final int[] weights = {1, 2, 4};
    // Items of several µs, so a thread-CPU-time reading (a system call) is a small part of each.
    final long[] iterations = {3_000, 8_000, 5_000};
    final TenantLedger[] tenants = tenants(phase, names);
    final Backlog backlog = new Backlog();
    final TenantScheduler scheduler =
        fifo
            ? new FifoScheduler(backlog)
            : new DeficitScheduler(meter, meter.calibration().cyclesPerSecond(), backlog);
    final int base = tenants[0].tenantId();
    for (int t = 0; t < 3; t++) {
      scheduler.addTenant(base + t, weights[t], 0);
    }
    final long[] items = new long[3];
    final long[] chargedBefore = new long[3];
    serve(scheduler, tenants, iterations, backlog, 0.3, items);
    costPerItem(iterations);
    final double[] costBefore = costPerItem(iterations);
    Arrays.fill(items, 0);
    for (int t = 0; t < 3; t++) {
      chargedBefore[t] = tenants[t].counter(CounterKind.TX_CYCLES).get();
    }
    serve(scheduler, tenants, iterations, backlog, seconds, items);
    final long[] charged = new long[3];
    for (int t = 0; t < 3; t++) {
      charged[t] = tenants[t].counter(CounterKind.TX_CYCLES).get() - chargedBefore[t];
    }
    final double[] costAfter = costPerItem(iterations);
    final double[] truth = new double[3];
    for (int t = 0; t < 3; t++) {
      truth[t] =
          items[t] * (costBefore[t] + costAfter[t]) / 2 * meter.calibration().cyclesPerNano();
    }
    ledger.publish();
    final double[] expected = new double[3];
    final double costSum = iterations[0] + iterations[1] + iterations[2];
    for (int t = 0; t < 3; t++) {
      // FIFO with equal arrivals serves items round robin: shares follow item cost.
      expected[t] = fifo ? iterations[t] / costSum : weights[t] / 7.0;
    }
    return new Result(phase, names, charged, truth, expected);
  }

  private void serve(
      final TenantScheduler scheduler,
      final TenantLedger[] tenants,
      final long[] iterations,
      final Backlog backlog,
      final double seconds,
      final long[] items) {
    final int base = tenants[0].tenantId();
    // Phases last in the meter's own time (wall or thread CPU), like the scheduler's refills.
    final long end = meter.cycles() + (long) (seconds * meter.calibration().cyclesPerSecond());
    long decisions = 0;
    while ((decisions++ & 63) != 0 || meter.cycles() - end < 0) {
      final int tenant = scheduler.nextTenant();
      if (tenant == TenantScheduler.NO_TENANT) {
        continue;
      }
      final int t = tenant - base;
      final long start = meter.start();
      runItems(iterations[t], 1);
      final long cycles = meter.charge(tenants[t].counter(CounterKind.TX_CYCLES), start);
      scheduler.onWorkDone(tenant, cycles);
      tenants[t].onTx(1_500);
      tenants[t].recordLatency(meter.toNanos(cycles));
      backlog.served[tenant]++;
      items[t]++;
      if ((decisions & 255) == 0) {
        tenants[t].queueDepth(backlog.served[tenant] & 31);
        maybePublish();
      }
    }
  }

  /** The cap phase: tenant "capped" limited to {@code capFraction} of a core next to two others. */
  public CapResult cap(final int windows, final double capFraction) {
    final TenantLedger[] tenants = tenants("cap", "capped", "free1", "free2");
    final Backlog backlog = new Backlog();
    final long cap = (long) (meter.calibration().cyclesPerSecond() * capFraction);
    final DeficitScheduler scheduler =
        new DeficitScheduler(meter, meter.calibration().cyclesPerSecond(), backlog);
    final int base = tenants[0].tenantId();
    scheduler.addTenant(base, 8, cap);
    scheduler.addTenant(base + 1, 1, 0);
    scheduler.addTenant(base + 2, 1, 0);
    final long[] iterations = {7_000, 3_000, 3_000};
    final long[] items = new long[3];
    serve(scheduler, tenants, iterations, backlog, 0.2, items);
    final long[] use = new long[windows];
    for (int w = 0; w < windows; w++) {
      final long before = tenants[0].counter(CounterKind.TX_CYCLES).get();
      serve(scheduler, tenants, iterations, backlog, 1.0, items);
      use[w] = tenants[0].counter(CounterKind.TX_CYCLES).get() - before;
    }
    ledger.publish();
    return new CapResult(cap, use);
  }
}
