package io.vstack.cli;

import io.vstack.config.ConfigException;
import io.vstack.config.RulesSection;
import io.vstack.control.Json;
import io.vstack.flow.FlowCommand;
import io.vstack.flow.FlowRule;
import io.vstack.flow.syntax.FlowSyntax;
import io.vstack.flow.syntax.FlowSyntaxException;
import io.vstack.pcap.CaptureFormatException;
import io.vstack.simulate.TraceSimulation;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code vstack flow simulate --trace file.pcapng RULES}: runs rules over a capture offline with
 * the software matcher; per-rule hits, unmatched frames, and the rule each flow hit first.
 */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    description = {
      "Run rules over a capture with the software matcher (no daemon): hits per rule, unmatched",
      "frames, and per flow (outermost 5-tuple) the rule its first frame hit.",
      "RULES is a text file with one rule per line (testpmd text, with or without"
          + " 'flow create N'; # comments) or a YAML rules file (.yaml/.yml, see --port)."
    })
public final class FlowSimulateCommand implements Runnable {
  @Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--trace",
      required = true,
      paramLabel = "FILE",
      description = "pcap or pcapng capture (Ethernet).")
  Path trace;

  @Parameters(index = "0", paramLabel = "RULES", description = "The rules file.")
  Path rulesFile;

  @Option(
      names = "--port",
      paramLabel = "NAME",
      description =
          "In a YAML rules file, the port whose rules to use (needed when it lists several).")
  String portName;

  @Option(
      names = "--port-id",
      paramLabel = "N",
      defaultValue = "0",
      description = "Port id frames arrive on, for port_id items (default ${DEFAULT-VALUE}).")
  int portId;

  @Option(
      names = "--flows",
      paramLabel = "N",
      defaultValue = "20",
      description =
          "Flows shown in the table, most frames first (default ${DEFAULT-VALUE}; --json lists all).")
  int flowsShown;

  @Option(names = "--json", description = "Print the result as one JSON object.")
  boolean json;

  @Override
  public void run() {
    if (portId < 0 || portId > 0xFFFF) {
      throw new UserException("--port-id must be 0..65535, got " + portId, ExitCodes.USAGE);
    }
    if (flowsShown < 0) {
      throw new UserException("--flows must be 0 or more, got " + flowsShown, ExitCodes.USAGE);
    }
    final List<FlowRule> rules = loadRules();
    final TraceSimulation.Result result;
    try {
      result = new TraceSimulation().run(rules, trace, portId);
    } catch (final NoSuchFileException e) {
      throw new UserException("no capture file " + trace, ExitCodes.USAGE);
    } catch (final CaptureFormatException e) {
      throw new UserException(trace + ": " + e.getMessage(), ExitCodes.USAGE);
    } catch (final IOException e) {
      throw new UserException(IoErrors.describe(trace, e), ExitCodes.USAGE);
    } catch (final IllegalArgumentException e) {
      throw new UserException("a rule cannot run in software: " + e.getMessage(), ExitCodes.USAGE);
    }
    final PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(Json.write(toJson(rules, result)));
    } else {
      printTables(out, rules, result);
    }
    out.flush();
  }

  private List<FlowRule> loadRules() {
    final String name = rulesFile.getFileName().toString();
    if (name.endsWith(".yaml") || name.endsWith(".yml")) {
      final Map<String, List<FlowRule>> byPort;
      try {
        byPort = RulesSection.load(rulesFile);
      } catch (final ConfigException e) {
        throw new UserException(e.getMessage(), ExitCodes.USAGE);
      }
      if (portName != null) {
        if (!byPort.containsKey(portName)) {
          throw new UserException(
              rulesFile
                  + " has no rules for port '"
                  + portName
                  + "' (ports: "
                  + String.join(", ", byPort.keySet())
                  + ")",
              ExitCodes.USAGE);
        }
        return byPort.get(portName);
      }
      if (byPort.size() != 1) {
        throw new UserException(
            rulesFile + " lists " + byPort.size() + " ports; choose one with --port",
            ExitCodes.USAGE);
      }
      return byPort.values().iterator().next();
    }
    final List<String> lines;
    try {
      lines = Files.readAllLines(rulesFile);
    } catch (final NoSuchFileException e) {
      throw new UserException("no rules file " + rulesFile, ExitCodes.USAGE);
    } catch (final MalformedInputException e) {
      throw new UserException(rulesFile + ": not UTF-8 text", ExitCodes.USAGE);
    } catch (final IOException e) {
      throw new UserException(IoErrors.describe(rulesFile, e), ExitCodes.USAGE);
    }
    final List<FlowRule> rules = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      final String line = lines.get(i);
      if (line.isBlank() || line.strip().startsWith("#")) {
        continue;
      }
      try {
        rules.add(parseLine(line));
      } catch (final FlowSyntaxException e) {
        throw new UserException(
            RuleErrors.withCaret(
                rulesFile + ":" + (i + 1) + ":" + e.column() + ": " + e.getMessage(),
                line,
                e.column()),
            ExitCodes.USAGE);
      }
    }
    return rules;
  }

  private static FlowRule parseLine(final String line) {
    if (line.stripLeading().startsWith("flow ")) {
      final FlowCommand command = FlowSyntax.parseCommand(line);
      if (command instanceof FlowCommand.Create create) {
        return create.rule();
      }
      throw new FlowSyntaxException(
          1, "expected a rule or 'flow create', got another flow command");
    }
    return FlowSyntax.parseRule(line);
  }

  private static Map<String, Object> toJson(
      final List<FlowRule> rules, final TraceSimulation.Result result) {
    final Map<String, Object> reply = new LinkedHashMap<>();
    reply.put("ok", true);
    reply.put("frames", result.frames());
    reply.put("unmatched", result.unmatched());
    final List<Object> ruleList = new ArrayList<>();
    for (int i = 0; i < rules.size(); i++) {
      final Map<String, Object> r = new LinkedHashMap<>();
      r.put("id", (long) i);
      r.put("hits", result.hits()[i]);
      r.put("bytes", result.bytes()[i]);
      r.put("rule", FlowSyntax.print(rules.get(i)));
      ruleList.add(r);
    }
    reply.put("rules", ruleList);
    final List<Object> flows = new ArrayList<>();
    for (final TraceSimulation.Flow flow : result.flows()) {
      final Map<String, Object> f = new LinkedHashMap<>();
      f.put("flow", flow.key());
      f.put("frames", flow.frames());
      f.put("firstRule", flow.firstRule() < 0 ? null : flow.firstRule());
      flows.add(f);
    }
    reply.put("flows", flows);
    reply.put("untrackedFrames", result.untrackedFrames());
    return reply;
  }

  private void printTables(
      final PrintWriter out, final List<FlowRule> rules, final TraceSimulation.Result result) {
    out.println(
        "frames: "
            + result.frames()
            + ", matched: "
            + (result.frames() - result.unmatched())
            + ", unmatched: "
            + result.unmatched());
    out.println();
    final TextTable ruleTable = new TextTable("RULE", "HITS", "BYTES", "TEXT");
    for (int i = 0; i < rules.size(); i++) {
      ruleTable.row(i, result.hits()[i], result.bytes()[i], FlowSyntax.print(rules.get(i)));
    }
    ruleTable.print(out);
    out.println();
    final List<TraceSimulation.Flow> flows = new ArrayList<>(result.flows());
    flows.sort((a, b) -> Long.compare(b.frames(), a.frames()));
    final TextTable flowTable = new TextTable("FLOW", "FRAMES", "FIRST RULE");
    for (final TraceSimulation.Flow flow : flows.subList(0, Math.min(flowsShown, flows.size()))) {
      flowTable.row(
          flow.key(), flow.frames(), flow.firstRule() < 0 ? "unmatched" : flow.firstRule());
    }
    flowTable.print(out);
    if (flows.size() > flowsShown) {
      out.println(
          "(" + (flows.size() - flowsShown) + " more flows; --flows N or --json to see them)");
    }
    if (result.untrackedFrames() > 0) {
      out.println(
          "("
              + result.untrackedFrames()
              + " frames of flows beyond "
              + TraceSimulation.MAX_FLOWS
              + " not tracked)");
    }
  }
}
