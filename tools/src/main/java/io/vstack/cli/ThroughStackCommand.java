package io.vstack.cli;

import static io.vstack.cli.ReplayCommand.usage;

import io.vstack.config.ConfigException;
import io.vstack.config.PortDefinition;
import io.vstack.config.VstackConfig;
import io.vstack.flow.FlowRule;
import io.vstack.meter.CycleMeter;
import io.vstack.pcap.CaptureFormatException;
import io.vstack.replay.StackPath;
import io.vstack.replay.StackPaths;
import io.vstack.replay.StackReplay;
import io.vstack.replay.ThroughStack;
import io.vstack.report.ThroughStackReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code vstack replay FILE --through-stack --config FILE}: the trace meets the config port's flow
 * rules in the software matcher, then the stack, tenant group by tenant group; prints per tenant
 * packets, bytes, cycles and drops, per rule hits and the size distribution, and optionally writes
 * the HTML report. See docs/REPLAY.md.
 */
final class ThroughStackCommand {
  private final ReplayCommand options;

  ThroughStackCommand(final ReplayCommand options) {
    this.options = options;
  }

  void run() {
    if (options.port != null) {
      throw usage("--port and --through-stack exclude each other: the stack takes the trace");
    }
    if (options.pacingChosen()) {
      throw usage(
          "--speed, --pps, --mbps, --topspeed and --loop apply to --port only; --through-stack"
              + " runs the trace once as fast as the stack takes it");
    }
    if (options.config == null) {
      throw usage("--through-stack needs --config FILE (a vstack.yaml with host, tenants, rules)");
    }
    if (options.buckets < 1 || options.buckets > 10_000) {
      throw usage("--buckets must be 1..10000, got " + options.buckets);
    }
    if (options.limit != null && options.limit < 1) {
      throw usage("--limit must be at least 1, got " + options.limit);
    }
    final boolean showProgress = options.showProgress();
    checkReportPath();
    final VstackConfig config;
    try {
      config = VstackConfig.load(options.config);
    } catch (final ConfigException e) {
      throw usage(e.getMessage());
    }
    final PortDefinition port = port(config);
    final List<FlowRule> rules =
        port == null ? List.of() : config.rules().getOrDefault(port.name(), List.of());
    final ThroughStack through;
    final PrintWriter out = options.spec.commandLine().getOut();
    final StackReplay.TraceSpan span;
    try {
      span =
          ThroughStack.scan(options.file, options.limit == null ? Long.MAX_VALUE : options.limit);
    } catch (final IOException e) {
      throw usage(IoErrors.describe(options.file, e));
    } catch (final CaptureFormatException e) {
      throw usage(e.getMessage());
    }
    final boolean wall = options.clock == AccountingBenchCommand.Clock.wall;
    final ProgressBar bar = showProgress ? new ProgressBar(out, span.frames()) : null;
    try {
      through =
          new ThroughStack(
              rules,
              config.tenants(),
              port == null ? 0 : port.id(),
              options.buckets,
              bar,
              wall ? CycleMeter.system() : CycleMeter.threadCpu(),
              wall ? "System.nanoTime" : "thread CPU time");
    } catch (final IllegalArgumentException e) {
      throw usage("a rule of port " + port.name() + " cannot run in software: " + e.getMessage());
    }
    final StackPath opened;
    try {
      opened = StackPaths.open(config);
    } catch (final IllegalArgumentException | IllegalStateException e) {
      throw usage(
          options.config
              + ": "
              + e.getMessage()
              + "; --through-stack needs a host section (underlay, overlay) and tenants");
    }
    final StackReplay result;
    try (StackPath stack = opened) {
      result = through.run(options.file, span, stack);
    } catch (final IOException e) {
      throw usage(IoErrors.describe(options.file, e));
    } catch (final CaptureFormatException e) {
      throw usage(e.getMessage());
    }
    if (bar != null) {
      bar.clear();
    }
    final String title =
        "replayed "
            + options.file
            + " through the stack: config "
            + options.config
            + (port == null ? ", no ports" : ", port " + port.name())
            + " ("
            + rules.size()
            + " rule"
            + (rules.size() == 1 ? "" : "s")
            + ")";
    if (options.report != null) {
      try {
        Files.writeString(
            options.report, ThroughStackReport.html(title, result), StandardCharsets.UTF_8);
      } catch (final IOException e) {
        throw new UserException("cannot write the report " + options.report + ": " + e);
      }
    }
    if (options.json) {
      final Map<String, Object> head = new LinkedHashMap<>();
      head.put("file", options.file.toString());
      head.put("config", options.config.toString());
      head.put("port", port == null ? null : port.name());
      head.put("report", options.report == null ? null : options.report.toString());
      out.print(ThroughStackOutput.json(head, result));
    } else {
      ThroughStackOutput.text(out, title, result);
      if (options.report != null) {
        out.println();
        out.println("report: " + options.report);
      }
    }
    out.flush();
  }

  private PortDefinition port(final VstackConfig config) {
    final List<PortDefinition> ports = config.ports();
    if (options.stackPort == null) {
      return ports.isEmpty() ? null : ports.get(0);
    }
    for (final PortDefinition p : ports) {
      if (p.name().equals(options.stackPort)) {
        return p;
      }
    }
    throw usage(
        options.config
            + " has no port '"
            + options.stackPort
            + "' (ports: "
            + String.join(", ", ports.stream().map(PortDefinition::name).toList())
            + ")");
  }

  /** Fails before the run when the report could not be written there. */
  private void checkReportPath() {
    if (options.report == null) {
      return;
    }
    final Path parent = options.report.toAbsolutePath().getParent();
    if (parent == null || !Files.isDirectory(parent)) {
      throw usage("--report " + options.report + ": no such directory " + parent);
    }
    if (Files.isDirectory(options.report)) {
      throw usage("--report " + options.report + " is a directory; give a file name");
    }
  }
}
