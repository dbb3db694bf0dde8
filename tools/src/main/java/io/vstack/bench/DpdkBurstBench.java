package io.vstack.bench;

import io.vstack.dpdk.BurstPath;
import io.vstack.dpdk.DpdkPort;
import io.vstack.dpdk.Eal;
import io.vstack.dpdk.EthBurst;
import io.vstack.dpdk.EthDev;
import io.vstack.dpdk.Mempool;
import io.vstack.flow.syntax.Testpmd;
import io.vstack.port.FrameBatch;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * DpdkPort burst rate on net_null against {@code dpdk-testpmd} on the same vdev, in one run.
 *
 * <p>A main() runner rather than JMH: DPDK's EAL can start once per process and pins threads, so
 * each case is a fixed-duration busy loop on the EAL's own (pinned) lcore, exactly like testpmd's
 * forwarding lcore; testpmd runs as a child process between the Java cases, rounds interleaved.
 *
 * <pre>
 * java --enable-native-access=ALL-UNNAMED -cp tools/target/vstack.jar \
 *     io.vstack.bench.DpdkBurstBench [seconds per case, default 5] [rounds, default 3]
 *     [regex of cases to run, default all]
 * </pre>
 *
 * Cases (frames per second, burst 32, 64-byte frames):
 *
 * <ul>
 *   <li>{@code testpmd io}: {@code --forward-mode=io --port-topology=loop}: rx burst, tx the same
 *       mbufs; {@code Rx-pps} of {@code show port stats};
 *   <li>{@code DpdkPort io FP_OPS/SHIM}: {@link DpdkPort#receive} then {@link DpdkPort#transmit} of
 *       the same batch (zero-copy forward), through rte_eth_fp_ops or the C shim;
 *   <li>{@code EthBurst io FP_OPS/SHIM}: the bare rx/tx downcalls without the Port layer;
 *   <li>{@code testpmd txonly}: allocate, write and send 64-byte frames; {@code Tx-pps};
 *   <li>{@code DpdkPort txonly FP_OPS}: {@link DpdkPort#transmit} of a batch of 32 frames (copy
 *       into fresh mbufs).
 * </ul>
 */
public final class DpdkBurstBench {
  private static final int BURST = 32;
  private static final int CPU = 1;
  private static final List<String> EAL_ARGS =
      List.of(
          "-l",
          Integer.toString(CPU),
          "--no-huge",
          "--no-pci",
          "-m",
          "256",
          "--no-shconf",
          "--vdev=net_null0");

  private static Pattern only;

  private DpdkBurstBench() {}

  public static void main(final String[] args) throws Exception {
    final int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    final int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    only = Pattern.compile(args.length > 2 ? args[2] : ".*");
    final Eal eal = Eal.start(EAL_ARGS);
    final EthDev dev = EthDev.byName("net_null0");
    final Mempool pool = Mempool.create("bench", 8191, 256, Mempool.DEFAULT_DATA_ROOM);
    dev.configure(1, 1, 0);
    dev.rxQueueSetup(0, 1024, pool);
    dev.txQueueSetup(0, 1024);
    dev.start();

    final Map<String, List<Double>> mpps = new LinkedHashMap<>();
    for (int round = 0; round < rounds; round++) {
      record("testpmd io", mpps, () -> testpmd("io", "Rx-pps", seconds));
      for (final BurstPath path : BurstPath.values()) {
        record("DpdkPort io " + path, mpps, () -> eal.call(() -> portIo(dev, pool, path, seconds)));
      }
      for (final BurstPath path : BurstPath.values()) {
        record("EthBurst io " + path, mpps, () -> eal.call(() -> rawIo(dev, path, seconds)));
      }
      record("testpmd txonly", mpps, () -> testpmd("txonly", "Tx-pps", seconds));
      record(
          "DpdkPort txonly FP_OPS",
          mpps,
          () -> eal.call(() -> portTxOnly(dev, pool, BurstPath.FP_OPS, seconds)));
    }
    final List<Double> none = List.of(Double.NaN);
    final double baseline = median(mpps.getOrDefault("testpmd io", none));
    final double txBaseline = median(mpps.getOrDefault("testpmd txonly", none));
    final double bestBaseline = best(mpps.getOrDefault("testpmd io", none));
    final double bestTxBaseline = best(mpps.getOrDefault("testpmd txonly", none));
    System.out.printf(
        "%n%-24s %8s %7s %8s %7s  %s%n",
        "case", "median", "ratio", "best", "ratio", "rounds (Mpps)");
    for (final Map.Entry<String, List<Double>> e : mpps.entrySet()) {
      final boolean tx = e.getKey().contains("txonly");
      final double median = median(e.getValue());
      final double best = best(e.getValue());
      System.out.printf(
          "%-24s %8.2f %7.2f %8.2f %7.2f  %s%n",
          e.getKey(),
          median,
          median / (tx ? txBaseline : baseline),
          best,
          best / (tx ? bestTxBaseline : bestBaseline),
          format(e.getValue()));
    }
    System.out.println(
        "Mpps; ratio against testpmd io (txonly cases: against testpmd txonly),"
            + " median to median and best to best");
    dev.stop();
    System.exit(0);
  }

  private static double portIo(
      final EthDev dev, final Mempool pool, final BurstPath path, final int seconds) {
    try (DpdkPort port = new DpdkPort(dev, 0, pool, path, BURST);
        FrameBatch batch = new FrameBatch(BURST, FrameBatch.DEFAULT_FRAME_CAPACITY)) {
      return measure(
          seconds,
          () -> {
            batch.clear();
            final int n = port.receive(batch);
            while (!batch.isEmpty()) {
              batch.discardFirst(port.transmit(batch));
            }
            return n;
          });
    }
  }

  private static double rawIo(final EthDev dev, final BurstPath path, final int seconds) {
    final EthBurst burst = new EthBurst(dev.portId(), 0, path);
    try (Arena arena = Arena.ofConfined()) {
      final MemorySegment mbufs = arena.allocate(ValueLayout.ADDRESS, BURST);
      return measure(
          seconds,
          () -> {
            final int n = burst.rx(mbufs, BURST);
            final int sent = burst.tx(mbufs, n);
            if (sent < n) {
              burst.free(mbufs.asSlice(sent * 8L), n - sent);
            }
            return n;
          });
    }
  }

  private static double portTxOnly(
      final EthDev dev, final Mempool pool, final BurstPath path, final int seconds) {
    try (DpdkPort port = new DpdkPort(dev, 0, pool, path, BURST);
        FrameBatch batch = new FrameBatch(BURST, FrameBatch.DEFAULT_FRAME_CAPACITY)) {
      final org.agrona.concurrent.UnsafeBuffer frame =
          new org.agrona.concurrent.UnsafeBuffer(new byte[64]);
      for (int i = 0; i < BURST; i++) {
        batch.add(frame, 0, 64);
      }
      return measure(seconds, () -> port.transmit(batch));
    }
  }

  /** Runs {@code step} for 3 warm-up seconds (JIT), then {@code seconds}; returns Mpps. */
  private static double measure(final int seconds, final LongSupplier step) {
    final long warmEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
    while (System.nanoTime() < warmEnd) {
      for (int i = 0; i < 1024; i++) {
        step.getAsLong();
      }
    }
    long frames = 0;
    final long start = System.nanoTime();
    final long end = start + TimeUnit.SECONDS.toNanos(seconds);
    long now;
    do {
      for (int i = 0; i < 1024; i++) {
        frames += step.getAsLong();
      }
      now = System.nanoTime();
    } while (now < end);
    return frames * 1e3 / (now - start);
  }

  /** Runs testpmd on its own net_null0 and returns its pps (in Mpps) over {@code seconds}. */
  private static double testpmd(final String mode, final String counter, final int seconds)
      throws IOException, InterruptedException {
    final List<String> command = new ArrayList<>();
    command.add(Testpmd.PROGRAM);
    command.addAll(
        Testpmd.onNullDevice(
            "--port-topology=loop",
            "--forward-mode=" + mode,
            "--total-num-mbufs=8191",
            "--rxq=1",
            "--txq=1",
            "--burst=" + BURST,
            "--txpkts=64"));
    final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    final StringBuilder output = new StringBuilder();
    final Thread reader =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    output.append(
                        new String(
                            process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
                  } catch (final IOException e) {
                    output.append(e);
                  }
                });
    try (OutputStream in = process.getOutputStream()) {
      send(in, "start");
      Thread.sleep(1000);
      send(in, "show port stats all");
      Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
      send(in, "show port stats all");
      Thread.sleep(200);
      send(in, "stop");
      send(in, "quit");
    }
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
    reader.join();
    final Matcher m = Pattern.compile(counter + ":\\s+(\\d+)").matcher(output);
    double pps = -1;
    while (m.find()) {
      pps = Long.parseLong(m.group(1)) / 1e6;
    }
    if (pps < 0) {
      throw new IllegalStateException("no " + counter + " in testpmd's output: " + output);
    }
    return pps;
  }

  private static void send(final OutputStream in, final String line) throws IOException {
    in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    in.flush();
  }

  /** One measurement of a case. */
  private interface Case {
    double mpps() throws Exception;
  }

  private static void record(
      final String name, final Map<String, List<Double>> results, final Case measurement)
      throws Exception {
    if (!only.matcher(name).matches()) {
      return;
    }
    final double value = measurement.mpps();
    System.out.printf("%-24s %8.2f Mpps%n", name, value);
    results.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
  }

  private static double median(final List<Double> values) {
    final List<Double> sorted = values.stream().sorted().toList();
    return sorted.get(sorted.size() / 2);
  }

  private static double best(final List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
  }

  private static String format(final List<Double> values) {
    final StringBuilder text = new StringBuilder();
    for (final double v : values) {
      text.append(String.format("%.2f ", v));
    }
    return text.toString().trim();
  }
}
