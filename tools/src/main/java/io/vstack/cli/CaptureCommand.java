package io.vstack.cli;

import io.vstack.control.Json;
import io.vstack.pcap.CaptureWriter;
import io.vstack.port.FrameBatch;
import io.vstack.port.PcapPort;
import io.vstack.port.Port;
import io.vstack.port.PortSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.SystemEpochNanoClock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vstack capture --port SPEC --out FILE}: records the frames a port receives into a pcap or
 * pcapng file, stamped with the time they were received, until a count, a duration or Ctrl-C.
 */
@Command(
    name = "capture",
    mixinStandardHelpOptions = true,
    description = {
      "Record the frames a port receives into a capture file (*.pcapng or *.pcap, ns timestamps).",
      "Stops after --count frames, after --duration seconds, or on Ctrl-C (the file is complete"
          + " in every case). packet:IFACE sees frames arriving on the interface, not those it sends.",
    })
public final class CaptureCommand implements Runnable {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--port",
      required = true,
      paramLabel = "SPEC",
      description = "Where to listen: tap:NAME, packet:IFACE or pcap:FILE.")
  String port;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "FILE",
      description = "The capture to write (replaced if it exists).")
  Path out;

  @Option(names = "--count", paramLabel = "N", description = "Stop after N frames.")
  Long count;

  @Option(names = "--duration", paramLabel = "S", description = "Stop after S seconds.")
  Double duration;

  @Option(names = "--json", description = "Print the summary as one JSON object.")
  boolean json;

  private volatile boolean interrupted;

  @Override
  public void run() {
    if (count != null && count < 1) {
      throw new UserException("--count must be at least 1, got " + count, ExitCodes.USAGE);
    }
    if (duration != null && !(duration > 0 && duration < 1e9)) {
      throw new UserException(
          "--duration must be a positive number of seconds, got " + duration, ExitCodes.USAGE);
    }
    final PortSpec source = PortArgument.parse(port);
    final var format = PortArgument.formatOf(out);
    final long limit = count == null ? Long.MAX_VALUE : count;
    final long start = System.nanoTime();
    final long deadline =
        duration == null ? Long.MAX_VALUE : start + (long) (duration * TimeUnit.SECONDS.toNanos(1));
    final CountDownLatch finished = new CountDownLatch(1);
    final Thread hook =
        new Thread(
            () -> {
              interrupted = true;
              try {
                finished.await(5, TimeUnit.SECONDS);
              } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "vstack-capture-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    long frames = 0;
    long bytes = 0;
    try (Port opened = PortArgument.open(source, PortSpec.Use.CAPTURE);
        CaptureWriter writer = CaptureWriter.create(out, format);
        FrameBatch batch =
            new FrameBatch(FrameBatch.DEFAULT_CAPACITY, Math.max(64, opened.maxFrameLength()))) {
      final SystemEpochNanoClock clock = new SystemEpochNanoClock();
      final IdleStrategy idle = new BackoffIdleStrategy();
      while (frames < limit && !interrupted && System.nanoTime() - deadline < 0) {
        batch.clear();
        final int n = opened.receive(batch);
        final long now = clock.nanoTime();
        for (int i = 0; i < n && frames < limit; i++) {
          writer.write(batch.address(i), batch.length(i), now);
          frames++;
          bytes += batch.length(i);
        }
        if (n > 0) {
          writer.flush();
        } else if (opened instanceof PcapPort file && file.atEnd()) {
          break; // a capture file as the source: converted to the end
        }
        idle.idle(n);
      }
    } catch (final IOException e) {
      throw new UserException(IoErrors.describe(out, e), ExitCodes.USAGE);
    } finally {
      finished.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (final IllegalStateException e) {
        // Shutting down already (Ctrl-C): the hook is running and waits for us.
      }
    }
    final double seconds = (System.nanoTime() - start) / 1e9;
    final PrintWriter printer = spec.commandLine().getOut();
    if (json) {
      final Map<String, Object> report = new LinkedHashMap<>();
      report.put("port", source.toString());
      report.put("out", out.toString());
      report.put("frames", frames);
      report.put("bytes", bytes);
      report.put("seconds", Json.decimal(seconds, 3));
      printer.println(Json.write(report));
    } else {
      printer.printf(
          Locale.ROOT,
          "captured %d frames, %d bytes from %s in %.3f s to %s%n",
          frames,
          bytes,
          source,
          seconds,
          out);
    }
    printer.flush();
  }
}
