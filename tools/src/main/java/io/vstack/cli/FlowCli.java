package io.vstack.cli;

import io.vstack.control.ControlProtocol;
import io.vstack.control.Json;
import io.vstack.flow.FlowRule;
import io.vstack.flow.syntax.FlowSyntax;
import io.vstack.flow.syntax.FlowSyntaxException;
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
 * {@code vstack flow ...}: testpmd's flow commands against the running daemon, plus {@code apply}
 * (desired state from a rules file) and {@code simulate} (rules over a capture, offline).
 */
@Command(
    name = "flow",
    mixinStandardHelpOptions = true,
    description = {
      "Manage a port's flow rules in testpmd syntax (see docs/FLOW-RULES.md) on the running daemon.",
      "PORT is the port's name in the daemon config or its id (0, 1, ...)."
    },
    subcommands = {
      FlowCli.Validate.class,
      FlowCli.Create.class,
      FlowCli.ListRules.class,
      FlowCli.Query.class,
      FlowCli.Destroy.class,
      FlowCli.Flush.class,
      FlowCli.Isolate.class,
      FlowApplyCommand.class,
      FlowSimulateCommand.class,
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:success",
      "1:the daemon or a backend refused or failed (a message says why)",
      "2:bad usage, rule or file (a message says what to fix)",
      "3:the daemon is not reachable",
    })
public final class FlowCli implements Runnable {
  @Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Options every command that talks to the daemon takes. */
  static final class DaemonOptions {
    @Option(
        names = "--socket",
        paramLabel = "PATH",
        description = "The daemon's control socket (default ${DEFAULT-VALUE}).")
    Path socket = ControlProtocol.DEFAULT_SOCKET;

    @Option(names = "--json", description = "Print the result as one JSON object.")
    boolean json;
  }

  /** Base of the commands below: the daemon options, output and a request builder. */
  abstract static class DaemonCall implements Runnable {
    @Spec CommandLine.Model.CommandSpec spec;
    @Mixin DaemonOptions options;

    @Parameters(index = "0", paramLabel = "PORT", description = "Port name or id.")
    String port;

    PrintWriter out() {
      return spec.commandLine().getOut();
    }

    static Map<String, Object> request(final String op, final String port) {
      final Map<String, Object> request = new LinkedHashMap<>();
      request.put("op", op);
      request.put("port", port);
      return request;
    }

    Map<String, Object> call(final Map<String, Object> request, final String rule) {
      return DaemonLink.call(options.socket, request, rule);
    }

    /** Prints {@code reply} as JSON with --json, else runs {@code human}. */
    void print(final Map<String, Object> reply, final Runnable human) {
      if (options.json) {
        out().println(Json.write(reply));
      } else {
        human.run();
      }
      out().flush();
    }
  }

  /** Shared by validate and create: the rule words and --dry-run. */
  abstract static class RuleCall extends DaemonCall {
    @Parameters(
        index = "1..*",
        arity = "1..*",
        paramLabel = "RULE",
        description =
            "[group N] [priority N] [ingress] [egress] [transfer] pattern ... end actions ... end")
    List<String> words;

    @Option(
        names = "--dry-run",
        description = "Only parse and validate with the software backend; no daemon needed.")
    boolean dryRun;

    /** The rule text and its parsed value (a syntax error exits 2 with a caret). */
    String text() {
      return String.join(" ", words);
    }

    FlowRule parse() {
      final String text = text();
      try {
        return FlowSyntax.parseRule(text);
      } catch (final FlowSyntaxException e) {
        throw RuleErrors.syntax(e, text);
      }
    }

    /** The human line for the daemon's successful {@code reply}. */
    abstract String done(Map<String, Object> reply);

    /** Sends the rule as {@code op} (or only checks it offline with --dry-run). */
    void send(final String op, final String verb) {
      if (dryRun) {
        dryRun(verb);
        return;
      }
      parse();
      final Map<String, Object> request = request(op, port);
      request.put("rule", text());
      final Map<String, Object> reply = call(request, text());
      print(reply, () -> out().println(done(reply)));
    }

    void dryRun(final String verb) {
      final FlowRule rule = parse();
      final OffloadResult<Placement> result = new SoftwareFlowOffload().validate(0, rule);
      if (result instanceof OffloadResult.Refused<Placement> refused) {
        throw new UserException(refused.describe());
      }
      final Map<String, Object> reply = new LinkedHashMap<>();
      reply.put("ok", true);
      reply.put("dryRun", true);
      reply.put("port", port);
      reply.put("rule", FlowSyntax.print(rule));
      reply.put("backend", SoftwareFlowOffload.NAME);
      print(
          reply,
          () ->
              out()
                  .println(
                      "Flow rule would be "
                          + verb
                          + " on port "
                          + port
                          + " (dry run, software backend): "
                          + FlowSyntax.print(rule)));
    }
  }

  @Command(
      name = "validate",
      mixinStandardHelpOptions = true,
      description = "Check that PORT would take the rule, and on which backend; creates nothing.")
  static final class Validate extends RuleCall {
    @Override
    public void run() {
      send("validate", "valid");
    }

    @Override
    String done(final Map<String, Object> reply) {
      return "Flow rule validated on port " + reply.get("port") + ", backend: " + backend(reply);
    }
  }

  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = "Create the rule on PORT; prints its id and the backend holding it.")
  static final class Create extends RuleCall {
    @Override
    public void run() {
      send("create", "created");
    }

    @Override
    String done(final Map<String, Object> reply) {
      return "Flow rule #"
          + reply.get("id")
          + " created on port "
          + reply.get("port")
          + ", backend: "
          + backend(reply);
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List PORT's rules: id, group, priority, directions, backend (and why), rule.")
  static final class ListRules extends DaemonCall {
    @Option(
        names = "--group",
        paramLabel = "N",
        description = "Only rules of group N (repeatable).")
    List<Long> groups = new ArrayList<>();

    @Override
    public void run() {
      final Map<String, Object> request = request("list", port);
      if (!groups.isEmpty()) {
        request.put("groups", new ArrayList<Object>(groups));
      }
      final Map<String, Object> reply = call(request, null);
      print(
          reply,
          () -> {
            final TextTable table = new TextTable("ID", "GROUP", "PRIO", "ATTR", "BACKEND", "RULE");
            for (final Object item : (List<?>) reply.get("rules")) {
              final Map<?, ?> rule = (Map<?, ?>) item;
              final String text = String.valueOf(rule.get("rule"));
              final int pattern = text.indexOf("pattern ");
              table.row(
                  rule.get("id"),
                  rule.get("group"),
                  rule.get("priority"),
                  rule.get("attributes"),
                  backend(rule),
                  pattern >= 0 ? text.substring(pattern) : text);
            }
            table.print(out());
            if (Boolean.TRUE.equals(reply.get("isolated"))) {
              out().println("(port " + reply.get("port") + " is isolated)");
            }
          });
    }
  }

  @Command(
      name = "query",
      mixinStandardHelpOptions = true,
      description = "Read the COUNT action of rule ID on PORT: hits and bytes.")
  static final class Query extends DaemonCall {
    @Parameters(index = "1", paramLabel = "ID", description = "Rule id (see 'vstack flow list').")
    long id;

    @Parameters(
        index = "2",
        arity = "0..1",
        paramLabel = "count",
        description = "The action to query; only 'count' (optional, as in testpmd).")
    String action;

    @Override
    public void run() {
      if (action != null && !action.equals("count")) {
        throw new UserException(
            "only the count action can be queried, got '" + action + "'", ExitCodes.USAGE);
      }
      final Map<String, Object> request = request("query", port);
      request.put("id", id);
      final Map<String, Object> reply = call(request, null);
      print(
          reply,
          () ->
              new TextTable("ID", "HITS", "BYTES")
                  .row(reply.get("id"), reply.get("hits"), reply.get("bytes"))
                  .print(out()));
    }
  }

  @Command(
      name = "destroy",
      mixinStandardHelpOptions = true,
      description =
          "Destroy rules of PORT by id: 'destroy 0 3 4' or testpmd's 'destroy 0 rule 3 rule 4'.")
  static final class Destroy extends DaemonCall {
    @Parameters(index = "1..*", arity = "1..*", paramLabel = "ID", description = "Rule ids.")
    List<String> ids;

    @Override
    public void run() {
      final List<Object> numbers = new ArrayList<>();
      for (final String word : ids) {
        if (word.equals("rule")) {
          continue;
        }
        try {
          final long id = Long.parseLong(word);
          if (id < 0 || id > 0xFFFF_FFFFL) {
            throw new NumberFormatException();
          }
          numbers.add(id);
        } catch (final NumberFormatException e) {
          throw new UserException(
              "expected a rule id 0..4294967295, got '" + word + "'", ExitCodes.USAGE);
        }
      }
      if (numbers.isEmpty()) {
        throw new UserException("name at least one rule id to destroy", ExitCodes.USAGE);
      }
      final Map<String, Object> request = request("destroy", port);
      request.put("ids", numbers);
      final Map<String, Object> reply = call(request, null);
      print(
          reply,
          () -> {
            for (final Object id : (List<?>) reply.get("destroyed")) {
              out().println("Flow rule #" + id + " destroyed");
            }
          });
    }
  }

  @Command(
      name = "flush",
      mixinStandardHelpOptions = true,
      description = "Destroy every rule of PORT.")
  static final class Flush extends DaemonCall {
    @Override
    public void run() {
      final Map<String, Object> reply = call(request("flush", port), null);
      print(
          reply,
          () ->
              out()
                  .println(
                      "Flushed " + reply.get("flushed") + " rules on port " + reply.get("port")));
    }
  }

  @Command(
      name = "isolate",
      mixinStandardHelpOptions = true,
      description = "1: PORT receives only what rules steer; 0: everything again.")
  static final class Isolate extends DaemonCall {
    @Parameters(index = "1", paramLabel = "0|1", description = "1 to isolate, 0 to stop.")
    String mode;

    @Override
    public void run() {
      if (!mode.equals("0") && !mode.equals("1")) {
        throw new UserException(
            "expected 0 or 1 after the port, got '" + mode + "'", ExitCodes.USAGE);
      }
      final Map<String, Object> request = request("isolate", port);
      request.put("enabled", mode.equals("1"));
      final Map<String, Object> reply = call(request, null);
      print(
          reply,
          () ->
              out()
                  .println(
                      (mode.equals("1")
                              ? "Port " + reply.get("port") + " isolated"
                              : "Port " + reply.get("port") + " no longer isolated")
                          + ", backend: "
                          + backend(reply)));
    }
  }

  /** {@code sw} or {@code sw (why not hw)} from a reply or list entry. */
  static String backend(final Map<?, ?> entry) {
    final Object reason = entry.get("reason");
    return entry.get("backend")
        + (reason == null || String.valueOf(reason).isEmpty() ? "" : " (" + reason + ")");
  }
}
