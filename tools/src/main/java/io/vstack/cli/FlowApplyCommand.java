package io.vstack.cli;

import io.vstack.config.ConfigException;
import io.vstack.config.RulesSection;
import io.vstack.control.Json;
import io.vstack.flow.FlowRule;
import io.vstack.flow.syntax.FlowSyntax;
import io.vstack.offload.OffloadResult;
import io.vstack.offload.Placement;
import io.vstack.offload.SoftwareFlowOffload;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code vstack flow apply rules.yaml}: makes each listed port's rules exactly the file's (desired
 * state), with the fewest destroy/create steps; prints the steps taken, nothing when the ports are
 * already as wanted. Ports not in the file are left alone.
 */
@Command(
    name = "apply",
    mixinStandardHelpOptions = true,
    description = {
      "Make each port in FILE have exactly the rules listed there (idempotent).",
      "FILE has a 'rules' mapping: port name -> list of rules (see docs/CONTROL-PLANE.md).",
      "Prints each step taken; prints nothing when every port is already as wanted."
    })
public final class FlowApplyCommand implements Runnable {
  @Spec CommandLine.Model.CommandSpec spec;
  @Mixin FlowCli.DaemonOptions options;

  @Parameters(index = "0", paramLabel = "FILE", description = "The rules file (YAML).")
  Path file;

  @Option(
      names = "--dry-run",
      description = "Only parse the file and validate each rule with the software backend.")
  boolean dryRun;

  @Override
  public void run() {
    final Map<String, List<FlowRule>> wanted;
    try {
      wanted = RulesSection.load(file);
    } catch (final ConfigException e) {
      throw new UserException(e.getMessage(), ExitCodes.USAGE);
    }
    final PrintWriter out = spec.commandLine().getOut();
    final List<Object> ports = new ArrayList<>();
    for (final Map.Entry<String, List<FlowRule>> port : wanted.entrySet()) {
      final Map<String, Object> result =
          dryRun ? dryRun(port.getKey(), port.getValue()) : apply(port.getKey(), port.getValue());
      ports.add(result);
      if (!options.json) {
        printSteps(out, port.getKey(), result);
      }
    }
    if (options.json) {
      final Map<String, Object> reply = new LinkedHashMap<>();
      reply.put("ok", true);
      reply.put("dryRun", dryRun);
      reply.put("ports", ports);
      out.println(Json.write(reply));
    }
    out.flush();
  }

  private Map<String, Object> apply(final String port, final List<FlowRule> rules) {
    final Map<String, Object> request = new LinkedHashMap<>();
    request.put("op", "apply");
    request.put("port", port);
    request.put("rules", new ArrayList<Object>(rules.stream().map(FlowSyntax::print).toList()));
    final Map<String, Object> reply = DaemonLink.call(options.socket, request, null);
    final Map<String, Object> result = new LinkedHashMap<>();
    result.put("port", port);
    result.put("steps", reply.get("steps"));
    return result;
  }

  private static Map<String, Object> dryRun(final String port, final List<FlowRule> rules) {
    final SoftwareFlowOffload software = new SoftwareFlowOffload();
    for (final FlowRule rule : rules) {
      if (software.validate(0, rule) instanceof OffloadResult.Refused<Placement> refused) {
        throw new UserException(
            "port " + port + ": rule '" + FlowSyntax.print(rule) + "': " + refused.describe());
      }
    }
    final Map<String, Object> result = new LinkedHashMap<>();
    result.put("port", port);
    result.put("rules", (long) rules.size());
    return result;
  }

  private void printSteps(
      final PrintWriter out, final String port, final Map<String, Object> result) {
    if (dryRun) {
      out.println(
          "port " + port + ": " + result.get("rules") + " rules valid (dry run, software backend)");
      return;
    }
    for (final Object item : (List<?>) result.get("steps")) {
      final Map<?, ?> step = (Map<?, ?>) item;
      if ("destroy".equals(step.get("step"))) {
        out.println(
            "port " + port + ": destroyed rule #" + step.get("id") + ": " + step.get("rule"));
      } else {
        out.println(
            "port "
                + port
                + ": created rule #"
                + step.get("id")
                + ": "
                + step.get("rule")
                + " (backend: "
                + FlowCli.backend(step)
                + ")");
      }
    }
  }
}
