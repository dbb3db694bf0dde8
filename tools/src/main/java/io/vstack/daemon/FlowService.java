package io.vstack.daemon;

import io.vstack.config.PortDefinition;
import io.vstack.control.ControlProtocol;
import io.vstack.control.Json;
import io.vstack.flow.FlowAttributes;
import io.vstack.flow.FlowDiff;
import io.vstack.flow.FlowRule;
import io.vstack.flow.FlowStep;
import io.vstack.flow.RuleSet;
import io.vstack.flow.syntax.FlowSyntax;
import io.vstack.flow.syntax.FlowSyntaxException;
import io.vstack.offload.FlowOffload;
import io.vstack.offload.OffloadResult;
import io.vstack.offload.OffloadedRule;
import io.vstack.offload.Placement;
import io.vstack.offload.RuleCounts;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Executes control requests against the ports' {@link FlowOffload} and keeps the desired state on
 * disk after every change. One request at a time (synchronized).
 *
 * <p>Ops: {@code ping}, {@code validate}, {@code create}, {@code destroy}, {@code flush}, {@code
 * list}, {@code query}, {@code isolate}, {@code apply} (see docs/CONTROL-PLANE.md). A port is named
 * by its config name or its id.
 */
public final class FlowService {
  /** Most rules per port, as in the config. */
  static final int MAX_RULES = io.vstack.config.RulesSection.MAX_RULES_PER_PORT;

  private final List<PortDefinition> ports;
  private final FlowOffload offload;
  private final DesiredState store;
  private final Map<Integer, Boolean> isolated = new HashMap<>();

  public FlowService(
      final List<PortDefinition> ports, final FlowOffload offload, final DesiredState store) {
    this.ports = List.copyOf(ports);
    this.offload = offload;
    this.store = store;
  }

  /**
   * Brings the ports to {@code desired} (per port name) at start; rules a backend refuses are
   * reported on {@code log} and skipped. Returns the number of rules created.
   */
  public synchronized int restore(
      final Map<String, DesiredState.PortState> desired, final PrintStream log) {
    int created = 0;
    for (final Map.Entry<String, DesiredState.PortState> entry : desired.entrySet()) {
      final PortDefinition port = byName(entry.getKey());
      if (port == null) {
        log.println(
            "vstack daemon: state names port '" + entry.getKey() + "', not in the config; skipped");
        continue;
      }
      if (entry.getValue().isolate()) {
        if (offload.isolate(port.id(), true) instanceof OffloadResult.Refused<Placement> r) {
          log.println("vstack daemon: port " + port.name() + ": isolate refused: " + r.describe());
        } else {
          isolated.put(port.id(), true);
        }
      }
      for (final FlowStep step : FlowDiff.between(current(port), entry.getValue().rules())) {
        if (step instanceof FlowStep.Create create) {
          switch (offload.create(port.id(), create.rule())) {
            case OffloadResult.Done<OffloadedRule> done -> created++;
            case OffloadResult.Refused<OffloadedRule> refused ->
                log.println(
                    "vstack daemon: port "
                        + port.name()
                        + ": cannot re-apply '"
                        + FlowSyntax.print(create.rule())
                        + "': "
                        + refused.describe());
          }
        }
      }
    }
    return created;
  }

  /** Handles one request line; never throws for anything a client sends. */
  public synchronized Map<String, Object> handle(final String line) {
    try {
      final Request request = Request.parse(line);
      return switch (request.op()) {
        case "ping" -> ping(request);
        case "validate" -> validate(request);
        case "create" -> create(request);
        case "destroy" -> destroy(request);
        case "flush" -> flush(request);
        case "list" -> list(request);
        case "query" -> query(request);
        case "isolate" -> isolate(request);
        case "apply" -> apply(request);
        default ->
            throw new RequestException(
                "unknown op "
                    + Json.write(request.op())
                    + " (ops: ping, validate, create, destroy, flush, list, query, isolate,"
                    + " apply)",
                ControlProtocol.KIND_INPUT);
      };
    } catch (final RequestException e) {
      final Map<String, Object> reply = ControlServer.error(e.getMessage(), e.kind());
      if (e.column() > 0) {
        reply.put("column", (long) e.column());
      }
      return reply;
    }
  }

  private Map<String, Object> ping(final Request request) {
    request.allow();
    final Map<String, Object> reply = ok();
    final List<Object> list = new ArrayList<>();
    for (final PortDefinition port : ports) {
      final Map<String, Object> p = new LinkedHashMap<>();
      p.put("id", (long) port.id());
      p.put("name", port.name());
      p.put("spec", port.spec().toString());
      p.put("rules", (long) offload.list(port.id()).size());
      list.add(p);
    }
    reply.put("ports", list);
    return reply;
  }

  private Map<String, Object> validate(final Request request) {
    request.allow("port", "rule");
    final PortDefinition port = port(request);
    final FlowRule rule = rule(request.string("rule"));
    final Placement placement = done(offload.validate(port.id(), rule));
    final Map<String, Object> reply = ok(port);
    placement(reply, placement);
    return reply;
  }

  private Map<String, Object> create(final Request request) {
    request.allow("port", "rule");
    final PortDefinition port = port(request);
    final FlowRule rule = rule(request.string("rule"));
    if (offload.list(port.id()).size() >= MAX_RULES) {
      throw new RequestException(
          "port " + port.name() + " already has " + MAX_RULES + " rules",
          ControlProtocol.KIND_FAILED);
    }
    final OffloadedRule created = done(offload.create(port.id(), rule));
    save();
    final Map<String, Object> reply = ok(port);
    reply.put("id", created.id());
    placement(reply, created.placement());
    return reply;
  }

  private Map<String, Object> destroy(final Request request) {
    request.allow("port", "ids");
    final PortDefinition port = port(request);
    final List<Long> ids = request.numbers("ids", 0xFFFF_FFFFL, MAX_RULES);
    if (ids.isEmpty()) {
      throw new RequestException(
          "field \"ids\" must name at least one rule", ControlProtocol.KIND_INPUT);
    }
    final List<Long> known = offload.list(port.id()).stream().map(OffloadedRule::id).toList();
    for (final Long id : ids) {
      if (!known.contains(id)) {
        throw new RequestException(
            "port "
                + port.name()
                + " has no rule "
                + id
                + " (see 'vstack flow list "
                + port.name()
                + "')",
            ControlProtocol.KIND_FAILED);
      }
    }
    final List<Object> destroyed = new ArrayList<>();
    try {
      for (final Long id : ids.stream().distinct().toList()) {
        done(offload.destroy(port.id(), id));
        destroyed.add(id);
      }
    } finally {
      save();
    }
    final Map<String, Object> reply = ok(port);
    reply.put("destroyed", destroyed);
    return reply;
  }

  private Map<String, Object> flush(final Request request) {
    request.allow("port");
    final PortDefinition port = port(request);
    final int count;
    try {
      count = done(offload.flush(port.id()));
    } finally {
      save();
    }
    final Map<String, Object> reply = ok(port);
    reply.put("flushed", (long) count);
    return reply;
  }

  private Map<String, Object> list(final Request request) {
    request.allow("port", "groups");
    final PortDefinition port = port(request);
    final List<Long> groups =
        request.has("groups") ? request.numbers("groups", 0xFFFF_FFFFL, 1024) : List.of();
    final List<Object> rules = new ArrayList<>();
    for (final OffloadedRule rule : offload.list(port.id())) {
      final FlowAttributes attributes = rule.rule().attributes();
      if (!groups.isEmpty() && !groups.contains(attributes.group())) {
        continue;
      }
      final Map<String, Object> r = new LinkedHashMap<>();
      r.put("id", rule.id());
      r.put("group", attributes.group());
      r.put("priority", attributes.priority());
      r.put("attributes", directions(attributes));
      r.put("rule", FlowSyntax.print(rule.rule()));
      placement(r, rule.placement());
      rules.add(r);
    }
    final Map<String, Object> reply = ok(port);
    reply.put("isolated", isolated.getOrDefault(port.id(), false));
    reply.put("rules", rules);
    return reply;
  }

  private Map<String, Object> query(final Request request) {
    request.allow("port", "id");
    final PortDefinition port = port(request);
    final long id = request.number("id", 0xFFFF_FFFFL);
    final RuleCounts counts = done(offload.query(port.id(), id));
    final Map<String, Object> reply = ok(port);
    reply.put("id", id);
    reply.put("hits", counts.hits());
    reply.put("bytes", counts.bytes());
    return reply;
  }

  private Map<String, Object> isolate(final Request request) {
    request.allow("port", "enabled");
    final PortDefinition port = port(request);
    final boolean enabled = request.bool("enabled");
    final Placement placement = done(offload.isolate(port.id(), enabled));
    isolated.put(port.id(), enabled);
    save();
    final Map<String, Object> reply = ok(port);
    reply.put("isolated", enabled);
    placement(reply, placement);
    return reply;
  }

  /** Desired state for one port: the steps from its rules to {@code rules}, carried out. */
  private Map<String, Object> apply(final Request request) {
    request.allow("port", "rules");
    final PortDefinition port = port(request);
    final List<FlowRule> target = new ArrayList<>();
    final List<String> texts = request.strings("rules", MAX_RULES);
    for (int i = 0; i < texts.size(); i++) {
      try {
        target.add(FlowSyntax.parseRule(texts.get(i)));
      } catch (final FlowSyntaxException e) {
        throw new RequestException(
            "rule " + i + ": " + e.getMessage(), ControlProtocol.KIND_INPUT, e.column());
      }
    }
    final List<Object> steps = new ArrayList<>();
    final Map<Long, FlowRule> byId = new HashMap<>();
    current(port).entries().forEach(e -> byId.put(e.id(), e.rule()));
    try {
      for (final FlowStep step : FlowDiff.between(current(port), target)) {
        final Map<String, Object> s = new LinkedHashMap<>();
        switch (step) {
          case FlowStep.Destroy destroy -> {
            done(offload.destroy(port.id(), destroy.ruleId()));
            s.put("step", "destroy");
            s.put("id", destroy.ruleId());
            s.put("rule", FlowSyntax.print(byId.get(destroy.ruleId())));
          }
          case FlowStep.Create create -> {
            final OffloadedRule created = done(offload.create(port.id(), create.rule()));
            s.put("step", "create");
            s.put("id", created.id());
            s.put("rule", FlowSyntax.print(create.rule()));
            placement(s, created.placement());
          }
        }
        steps.add(s);
      }
    } catch (final RequestException e) {
      throw new RequestException(
          e.getMessage() + " (after " + steps.size() + " steps; run apply again to retry)",
          e.kind());
    } finally {
      if (!steps.isEmpty()) {
        save();
      }
    }
    final Map<String, Object> reply = ok(port);
    reply.put("steps", steps);
    return reply;
  }

  private RuleSet current(final PortDefinition port) {
    return new RuleSet(
        offload.list(port.id()).stream().map(r -> new RuleSet.Entry(r.id(), r.rule())).toList());
  }

  private void save() {
    final Map<String, DesiredState.PortState> state = new LinkedHashMap<>();
    for (final PortDefinition port : ports) {
      state.put(
          port.name(),
          new DesiredState.PortState(
              isolated.getOrDefault(port.id(), false),
              offload.list(port.id()).stream().map(OffloadedRule::rule).toList()));
    }
    try {
      store.save(state);
    } catch (final IOException e) {
      throw new RequestException(
          "done, but the desired state could not be saved ("
              + e.getMessage()
              + "); it is lost on"
              + " restart",
          ControlProtocol.KIND_FAILED);
    }
  }

  private PortDefinition port(final Request request) {
    final Object ref = request.raw("port");
    if (ref instanceof Long id) {
      return byId(id, String.valueOf(id));
    }
    if (ref instanceof String text) {
      if (!text.isEmpty() && text.chars().allMatch(Character::isDigit) && text.length() < 10) {
        return byId(Long.parseLong(text), text);
      }
      final PortDefinition port = byName(text);
      if (port != null) {
        return port;
      }
      throw unknownPort(text);
    }
    throw new RequestException(
        "field \"port\" must be a port name or id", ControlProtocol.KIND_INPUT);
  }

  private PortDefinition byId(final long id, final String text) {
    return ports.stream()
        .filter(p -> p.id() == id)
        .findFirst()
        .orElseThrow(() -> unknownPort(text));
  }

  private PortDefinition byName(final String name) {
    return ports.stream().filter(p -> p.name().equals(name)).findFirst().orElse(null);
  }

  private RequestException unknownPort(final String text) {
    return new RequestException(
        "no port "
            + Json.write(text)
            + " (ports: "
            + String.join(", ", ports.stream().map(p -> p.id() + "=" + p.name()).toList())
            + ")",
        ControlProtocol.KIND_INPUT);
  }

  private static FlowRule rule(final String text) {
    try {
      return FlowSyntax.parseRule(text);
    } catch (final FlowSyntaxException e) {
      throw new RequestException(e.getMessage(), ControlProtocol.KIND_INPUT, e.column());
    }
  }

  private static <T> T done(final OffloadResult<T> result) {
    return switch (result) {
      case OffloadResult.Done<T> done -> done.value();
      case OffloadResult.Refused<T> refused ->
          throw new RequestException(refused.describe(), ControlProtocol.KIND_FAILED);
    };
  }

  private static String directions(final FlowAttributes attributes) {
    final List<String> out = new ArrayList<>();
    if (attributes.ingress()) {
      out.add("ingress");
    }
    if (attributes.egress()) {
      out.add("egress");
    }
    if (attributes.transfer()) {
      out.add("transfer");
    }
    return String.join(",", out);
  }

  private static Map<String, Object> ok() {
    final Map<String, Object> reply = new LinkedHashMap<>();
    reply.put("ok", true);
    return reply;
  }

  private static Map<String, Object> ok(final PortDefinition port) {
    final Map<String, Object> reply = ok();
    reply.put("port", port.name());
    reply.put("portId", (long) port.id());
    return reply;
  }

  private static void placement(final Map<String, Object> reply, final Placement placement) {
    reply.put("backend", placement.backend());
    reply.put("reason", placement.reason());
  }
}
